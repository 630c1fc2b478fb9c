/** What every demo site is built from, and how a site's route table becomes a request listener. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, safePath } from '../server/http';
import { allowHeader, findRoute } from '../shared/route-table';
import type { BrowserEntry } from './bundle';
import type { HrdSiteName } from './hosts';
import { INSTITUTE_PATHS, scriptPath } from './paths';
import { baseHeaders, type RequestContext, type Route, sendCss, sendScript, sendText } from './router';

/** Shared by all sites of one server. */
export interface SiteEnv {
  readonly port: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly testControls: boolean;
  readonly bundles: ReadonlyMap<BrowserEntry, string>;
  readonly stylesheet: string;
}

/** One host's request handling. */
export interface Site {
  readonly name: HrdSiteName;
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A bundled script; the bundles are checked complete at start, so a miss is a programming error. */
export function bundleOf(env: SiteEnv, name: BrowserEntry): string {
  const source = env.bundles.get(name);
  if (source === undefined) throw new Error(`bundle ${name} missing`);
  return source;
}

/** The stylesheet and some bundled scripts, under `/static/`. */
export function staticRoutes(env: SiteEnv, scripts: readonly BrowserEntry[]): Route[] {
  return [
    { method: 'GET', path: INSTITUTE_PATHS.stylesheet, handle: ({ res }) => sendCss(res, env.stylesheet) },
    ...scripts.map(
      (name): Route => ({
        method: 'GET',
        path: scriptPath(name),
        handle: ({ res }) => sendScript(res, bundleOf(env, name)),
      }),
    ),
  ];
}

/**
 * A request listener over a route table. `before` may answer a request itself (true) — HRD's
 * stand-in uses it for CORS preflights and its request log.
 */
export function routeListener(options: {
  readonly env: SiteEnv;
  readonly label: string;
  readonly routes: readonly Route[];
  readonly before?: (context: RequestContext) => boolean;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const { env } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    baseHeaders(res, env.now());
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const context: RequestContext = { req, res, url, match: null, fields: await readFields(req, url) };
    if (options.before?.(context)) return;
    const found = findRoute(options.routes, req.method ?? 'GET', url.pathname);
    if (found.route === null) {
      if (found.allowed.length > 0) {
        sendText(res, 405, 'Method Not Allowed', { Allow: allowHeader(found.allowed) });
      } else {
        sendText(res, 404, '페이지를 찾을 수 없습니다.');
      }
      return;
    }
    await found.route.handle({ ...context, match: found.match });
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The kind of failure only: bodies may hold codes.
      env.log(
        `${options.label}: ${req.method ?? '?'} ${safePath(req.url)} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) sendText(res, 413, 'Payload Too Large');
      else sendText(res, 500, '일시적인 오류가 발생했습니다.');
    });
  };
}

/**
 * A request's fields as HRD reads them: the query, then a form or JSON body on top. JSON values
 * that are not strings are kept as their JSON text.
 */
export async function readFields(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const fields: Record<string, string> = Object.fromEntries(url.searchParams);
  if (req.method !== 'POST') return fields;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const text = await readBody(req);
  if (type === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(text)) fields[name] = value;
  } else if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = null;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [name, item] of Object.entries(value)) {
        fields[name] = typeof item === 'string' ? item : JSON.stringify(item);
      }
    }
  }
  return fields;
}
