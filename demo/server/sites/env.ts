/**
 * What the demo LMS's two sites are built from: the state one server shares between them (passed
 * to every site's route table) and the shape of a site.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../shared/route-table';
import type { Site } from '../api';
import type { PageScriptName } from '../bundle';
import type { SafeHtml } from '../html';
import type { PageContext, PageScript } from '../layout';
import { checkpointId } from '../routes';
import type { DemoStore } from '../store';
import { isCheckpointVerified, isDailyLoginVerified, koreanDay, type VerifierState } from '../verifier';
import type { VerifierModeControl } from '../verifier-mode';
import { newNonce, type Responder } from './respond';
import type { Session, SessionBook } from './sessions';

/** Shared by both sites of one server. */
export interface DemoEnv {
  readonly now: () => number;
  /** Operational log lines; never a secret or a code. */
  readonly log: (line: string) => void;
  readonly store: DemoStore;
  /** The test-only switch that makes the verifiers fail or hang. */
  readonly modes: VerifierModeControl;
  readonly sessions: SessionBook;
  readonly respond: Responder;
  readonly autoLogin: boolean;
  readonly testControls: boolean;
  readonly dailyLoginCheck: boolean;
  /** The bundled page scripts (demo/server/browser). */
  readonly scripts: ReadonlyMap<PageScriptName, string>;
}

/** One request to one of the sites. */
export interface DemoRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly site: DemoSite;
  /** The path match when the route's path is a RegExp. */
  readonly match: RegExpExecArray | null;
}

/** A request of a signed-in trainee. */
export interface SessionRequest extends DemoRequest {
  readonly session: Session;
}

export type PublicRoute = Route<DemoRequest>;
export type SessionRoute = Route<SessionRequest>;

/** One site: its pages' frame and its route tables. */
export interface DemoSite {
  readonly name: Site;
  /** Answered before the session is looked at: stylesheets, scripts, frames. */
  readonly publicRoutes: readonly PublicRoute[];
  /** `/api/…` (and `/hrd/api/…`) of a signed-in trainee; a miss answers a JSON 404. */
  readonly apiRoutes: readonly SessionRoute[];
  /** Pages of a signed-in trainee; a miss answers the site's 404 page. */
  readonly pageRoutes: readonly SessionRoute[];
  /** May answer a page request before the page routes (true when it did). */
  readonly pageGate?: (request: SessionRequest) => boolean;
  /** Runs before a sign-in opens the session. */
  readonly beforeSignIn?: (traineeId: string) => Promise<void>;
  loginPage(options: { readonly next: string | null; readonly error: string | null }): SafeHtml;
  errorPage(title: string, message: string, signedIn: boolean): SafeHtml;
  /** The identity pages' frame. */
  identityPage(title: string, body: SafeHtml): SafeHtml;
}

/** A page's script under a fresh nonce; the bundles are checked complete at start, so a miss is a bug. */
export function pageScript(env: DemoEnv, name: PageScriptName): PageScript {
  const source = env.scripts.get(name);
  if (source === undefined) throw new Error(`page script ${name} missing`);
  return { nonce: newNonce(), source };
}

export function pageContext(env: DemoEnv): PageContext {
  return { serverTimeMs: env.now() };
}

/** Where a site keeps a trainee's verifier state: each site has its own verifier. */
export function storeKey(site: Site, traineeId: string): string {
  return site === 'lms' ? traineeId : `hrd:${traineeId}`;
}

/** Whether this trainee still owes today's first login check (only with `dailyLoginCheck`). */
export function dailyCheckDue(env: DemoEnv, site: Site, traineeId: string): boolean {
  return (
    site === 'lms' &&
    env.dailyLoginCheck &&
    !isDailyLoginVerified(env.store.get(traineeId), koreanDay(env.now()))
  );
}

export function entryVerified(state: VerifierState, courseId: string): boolean {
  return isCheckpointVerified(state, checkpointId(courseId, 'entry'));
}

/** The site's 404 page for a signed-in trainee. */
export function notFoundPage(env: DemoEnv, request: DemoRequest, signedIn = true): void {
  env.respond.page(
    request.res,
    404,
    request.site.errorPage('페이지를 찾을 수 없습니다', '요청하신 페이지가 없거나 이동되었습니다.', signedIn),
  );
}
