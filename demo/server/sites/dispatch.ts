/**
 * How one request to the demo LMS reaches a route: the Host header picks the site, cross-site
 * POSTs are refused, then the routes that need no session (favicon, test controls, the site's
 * files, sign-in), then the trainee's APIs or pages. A path whose route allows other methods
 * answers 405 with `Allow`; an API path no route answers gets a JSON 404, a page the site's 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowHeader, findRoute, type Route } from '../../shared/route-table';
import { errorBody } from '../api';
import { DEMO_TRAINEE } from '../catalog';
import { BodyTooLargeError, safePath } from '../http';
import { CHECKPOINT_MESSAGES } from '../messages';
import { AUTO_LOGIN_PARAM, DEMO_PATHS } from '../routes';
import { leadingPageRoutes, leadingPublicRoutes, trailingPublicRoutes } from './common';
import { type DemoEnv, type DemoRequest, type DemoSite, notFoundPage, type SessionRequest } from './env';

/** A site as the Host header named it, with the origin its URLs are read against. */
export interface HostedSite {
  readonly site: DemoSite;
  readonly origin: string;
}

export interface DispatchOptions {
  readonly env: DemoEnv;
  /** The site a Host header names; null for anything else (DNS rebinding, wrong port). */
  readonly siteOf: (host: string | undefined) => HostedSite | null;
  /** Whether a POST's `Origin` header (absent: allowed) is the site's own. */
  readonly originAllowed: (origin: string | undefined, site: HostedSite) => boolean;
  /** The site whose error page a failed request of no known site gets. */
  readonly fallbackSite: DemoSite;
}

interface SiteTables {
  readonly publicRoutes: readonly Route<DemoRequest>[];
  readonly pageRoutes: readonly Route<SessionRequest>[];
}

/** The request listener of both sites' servers. */
export function createDispatcher(
  options: DispatchOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { env } = options;
  const tablesOf = siteTables(env);
  return (req, res) => {
    handleRequest(options, tablesOf, req, res).catch((error: unknown) => {
      answerFailure(options, req, res, error);
    });
  };
}

/** Each site's route tables, built on first use. */
function siteTables(env: DemoEnv): (site: DemoSite) => SiteTables {
  const tables = new Map<DemoSite, SiteTables>();
  return (site: DemoSite): SiteTables => {
    let found = tables.get(site);
    if (!found) {
      found = {
        publicRoutes: [...leadingPublicRoutes(env), ...site.publicRoutes, ...trailingPublicRoutes(env)],
        pageRoutes: [...leadingPageRoutes(env), ...site.pageRoutes],
      };
      tables.set(site, found);
    }
    return found;
  };
}

/** Runs the route for the request, or answers 405 for a path of other methods, or `miss`. */
function dispatch<C extends DemoRequest>(
  env: DemoEnv,
  routes: readonly Route<C>[],
  request: C,
  miss: () => void | Promise<void>,
): void | Promise<void> {
  const { respond } = env;
  const found = findRoute(routes, request.method, request.url.pathname);
  if (found.route) return found.route.handle({ ...request, match: found.match });
  if (found.allowed.length > 0) return respond.methodNotAllowed(request.res, allowHeader(found.allowed));
  return miss();
}

/** One request: its site, the origin check, the public routes, then the session's APIs or pages. */
async function handleRequest(
  options: DispatchOptions,
  tablesOf: (site: DemoSite) => SiteTables,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { env } = options;
  const { respond } = env;
  const hosted = options.siteOf(req.headers.host);
  if (!hosted) return respond.misdirected(res);
  const { site } = hosted;
  const url = new URL(req.url ?? '/', hosted.origin);
  const method = req.method ?? 'GET';
  if (method === 'POST' && !options.originAllowed(req.headers.origin, hosted)) {
    respond.json(res, 403, errorBody('forbiddenOrigin', '허용되지 않은 요청입니다.'));
    return;
  }
  const { publicRoutes, pageRoutes } = tablesOf(site);
  const request: DemoRequest = { req, res, url, method, site, match: null };
  const open = findRoute(publicRoutes, method, url.pathname);
  if (open.route) return open.route.handle({ ...request, match: open.match });
  if (open.allowed.length > 0) return respond.methodNotAllowed(res, allowHeader(open.allowed));

  // Everything else needs a session.
  const session = env.sessions.of(req, site.name);
  if (isApiPath(url.pathname)) {
    if (!session) {
      respond.json(res, 401, errorBody('unauthenticated', CHECKPOINT_MESSAGES.unauthenticated));
      return;
    }
    return dispatch(env, site.apiRoutes, { ...request, session }, () =>
      respond.json(res, 404, errorBody('notFound', '요청하신 API가 없습니다.')),
    );
  }
  if (!session && env.autoLogin && method === 'GET' && url.searchParams.get(AUTO_LOGIN_PARAM) === '1') {
    url.searchParams.delete(AUTO_LOGIN_PARAM);
    respond.redirect(
      res,
      302,
      `${url.pathname}${url.search}`,
      env.sessions.open(site.name, DEMO_TRAINEE.id).cookie,
    );
    return;
  }
  if (!session) {
    const target = `${url.pathname}${url.search}`;
    respond.redirect(
      res,
      302,
      target === DEMO_PATHS.home
        ? DEMO_PATHS.login
        : `${DEMO_PATHS.login}?next=${encodeURIComponent(target)}`,
    );
    return;
  }
  const signedIn: SessionRequest = { ...request, session };
  if (site.pageGate?.(signedIn)) return;
  return dispatch(env, pageRoutes, signedIn, () => notFoundPage(env, signedIn));
}

/** The answer to a request whose handling threw. */
function answerFailure(
  options: DispatchOptions,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
): void {
  const { env } = options;
  const { respond } = env;
  // Log the kind of failure only; request bodies may hold codes.
  env.log(
    `demo lms: ${req.method ?? '?'} ${safePath(req.url)} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
  );
  if (error instanceof BodyTooLargeError && !res.headersSent) {
    respond.json(res, 413, errorBody('bodyTooLarge', '요청이 너무 큽니다.'));
    return;
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isApiPath(safePath(req.url))) {
    respond.json(res, 500, errorBody('unavailable', CHECKPOINT_MESSAGES.unavailable));
  } else {
    const site = options.siteOf(req.headers.host)?.site ?? options.fallbackSite;
    respond.page(res, 500, site.errorPage('일시적인 오류', CHECKPOINT_MESSAGES.unavailable, false));
  }
}

function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/hrd/api/');
}
