/**
 * 데모 원격훈련원 (127.0.0.1 and localhost): the institute that runs its own web-OTP verifier,
 * with every checkpoint kind (entry, every 8 sessions, video, evaluation, exam, assignment) and,
 * opt-in, the first login of the day check. The site's tables: its pages (lms-pages.ts) and its
 * JSON API (lms-api.ts) over the shared state.
 */
import { errorPage, identityPage, loginPage } from '../pages';
import { DEMO_PATHS, isLocalPath } from '../routes';
import { type DemoEnv, type DemoSite, dailyCheckDue, pageContext } from './env';
import { apiRoutes } from './lms-api';
import { pageRoutes } from './lms-pages';

/** Files the site serves as they are. */
export interface LmsAssets {
  readonly stylesheet: string;
}

export function createLmsSite(env: DemoEnv, assets: LmsAssets): DemoSite {
  return {
    name: 'lms',
    publicRoutes: [
      {
        method: 'GET',
        path: DEMO_PATHS.stylesheet,
        handle: ({ res }) => env.respond.asset(res, 'text/css; charset=utf-8', assets.stylesheet),
      },
    ],
    apiRoutes: apiRoutes(env),
    pageRoutes: pageRoutes(env),
    // 최초 로그인 본인인증: course pages wait for today's check; 나의 강의실, 웹 OTP 발급, the
    // identity pages and the APIs stay reachable so a trainee can issue a key first.
    pageGate: ({ res, url, method, session }) => {
      if (!url.pathname.startsWith(`${DEMO_PATHS.courses}/`) || !dailyCheckDue(env, 'lms', session.traineeId))
        return false;
      const target = `${url.pathname}${url.search}`;
      if (method === 'GET' && isLocalPath(target)) session.afterDailyCheck = target;
      env.respond.redirect(res, method === 'GET' ? 302 : 303, DEMO_PATHS.dailyCheckpoint);
      return true;
    },
    loginPage: (options) => loginPage({ ...pageContext(env), ...options }),
    errorPage: (title, message, signedIn) => errorPage({ ...pageContext(env), title, message, signedIn }),
    identityPage: (title, body) => identityPage({ ...pageContext(env), title, body }),
  };
}
