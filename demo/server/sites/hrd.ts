/**
 * 한빛 직업훈련원 (127.0.0.2), an HRD-connected LMS: its checkpoint is HRD Korea's mOTP page,
 * checked by a second verifier whose seed only the trainee's (simulated) phone app shows. Its
 * route tables over the shared state.
 */
import { randomBytes } from 'node:crypto';
import { millisecondsLeftInStep, totpCodeAt } from '../../../lib/otp/totp';
import { errorBody, type HrdVerifyResponseBody, parseHrdVerifyRequest, traineeState } from '../api';
import { findHrdCourse, HRD_COURSES } from '../catalog';
import {
  hrdAppPage,
  hrdCoursePage,
  hrdCoursesPage,
  hrdErrorPage,
  hrdFramedPage,
  hrdGuidePage,
  hrdLoginPage,
  hrdManualPage,
  hrdMotpPage,
  hrdStatusFramePage,
  remoteSupportPage,
} from '../hrd-pages';
import { mediaType, readJson } from '../http';
import { CHECKPOINT_MESSAGES, describeHrdAnswer } from '../messages';
import { checkpointId, coursePath, DEMO_PATH_PATTERNS, DEMO_PATHS, HRD_PATHS } from '../routes';
import {
  DEMO_SECRET_BYTES,
  issueSecret,
  keyOf,
  markCheckpointVerified,
  recordEntryPassed,
  type VerifierState,
  verifyCheckpointCode,
} from '../verifier';
import {
  type DemoEnv,
  type DemoSite,
  entryVerified,
  notFoundPage,
  pageContext,
  pageScript,
  type SessionRequest,
  type SessionRoute,
  storeKey,
} from './env';
import { newNonce } from './respond';

/** Files the site serves as they are. */
export interface HrdAssets {
  readonly stylesheet: string;
  /** HRD's page script (`/hrd/js/motp-auth.js`). */
  readonly script: string;
}

export function createHrdSite(env: DemoEnv, assets: HrdAssets): DemoSite {
  const { respond } = env;
  const context = () => pageContext(env);
  return {
    name: 'hrd',
    publicRoutes: [
      {
        method: 'GET',
        path: HRD_PATHS.stylesheet,
        handle: ({ res }) => respond.asset(res, 'text/css; charset=utf-8', assets.stylesheet),
      },
      {
        method: 'GET',
        path: HRD_PATHS.script,
        handle: ({ res }) => respond.asset(res, 'text/javascript; charset=utf-8', assets.script),
      },
      {
        method: 'GET',
        path: HRD_PATHS.statusFrame,
        // HRD's own box frames this page, so it (alone) may be framed by its own origin.
        handle: ({ res }) => respond.page(res, 200, hrdStatusFramePage(context()), undefined, 'self'),
      },
    ],
    apiRoutes: apiRoutes(env),
    pageRoutes: pageRoutes(env),
    beforeSignIn: async (traineeId) => {
      await ensureHrdSecret(env, traineeId);
    },
    loginPage: (options) => hrdLoginPage({ ...context(), ...options }),
    errorPage: (title, message, signedIn) => hrdErrorPage({ ...context(), title, message, signedIn }),
    identityPage: (title, body) => hrdFramedPage({ ...context(), title, body, signedIn: true }),
  };
}

/** Issues the trainee's HRD mOTP seed (held by "HRD" and the phone app) the first time it is needed. */
function ensureHrdSecret(env: DemoEnv, traineeId: string): Promise<VerifierState> {
  return env.store.update(storeKey('hrd', traineeId), (state) => {
    if (state.secretBase32 !== null) return { state, result: state };
    const issued = issueSecret(state, randomBytes(DEMO_SECRET_BYTES));
    env.log(`demo lms: issued the HRD mOTP app seed for ${traineeId}`);
    return { state: issued, result: issued };
  });
}

/** Every page is a GET; each one makes sure the phone app has its seed first. */
function pageRoutes(env: DemoEnv): SessionRoute[] {
  return [...homeRoutes(env), ...courseRoutes(env)];
}

/** A GET page, handed the trainee's HRD state once the phone app's seed is issued. */
function hrdPage(
  env: DemoEnv,
  path: string | RegExp,
  handle: (state: VerifierState, request: SessionRequest) => void,
): SessionRoute {
  return {
    method: 'GET',
    path,
    handle: async (request) => handle(await ensureHrdSecret(env, request.session.traineeId), request),
  };
}

/** The course list, the phone app, and the help pages. */
function homeRoutes(env: DemoEnv): SessionRoute[] {
  const { respond } = env;
  const context = () => pageContext(env);
  return [
    hrdPage(env, DEMO_PATHS.courses, (state, { res }) =>
      respond.page(
        res,
        200,
        hrdCoursesPage({
          ...context(),
          courses: HRD_COURSES,
          isEntryVerified: (courseId) => entryVerified(state, courseId),
        }),
      ),
    ),
    hrdPage(env, HRD_PATHS.app, (state, { res }) => {
      if (state.secretBase32 === null) throw new Error('HRD seed missing');
      const key = keyOf(state.secretBase32);
      const nowMs = env.now();
      const timed = totpCodeAt(key, nowMs);
      const script = pageScript(env, 'hrd-app');
      respond.page(
        res,
        200,
        hrdAppPage({
          ...context(),
          code: timed.code,
          secondsLeft: Math.ceil(millisecondsLeftInStep(nowMs, key.period) / 1000),
          expiresAtMs: timed.expiresAt,
          script,
        }),
        script.nonce,
      );
    }),
    hrdPage(env, HRD_PATHS.guide, (_state, { res }) =>
      respond.page(res, 200, hrdGuidePage({ ...context(), signedIn: true })),
    ),
    hrdPage(env, HRD_PATHS.manual, (_state, { res }) =>
      respond.page(res, 200, hrdManualPage({ ...context(), signedIn: true })),
    ),
    hrdPage(env, HRD_PATHS.remoteSupport, (_state, { res }) =>
      respond.page(res, 200, remoteSupportPage({ ...context(), signedIn: true })),
    ),
  ];
}

/** A course's page and its mOTP check, then the refusal of anything but GET. */
function courseRoutes(env: DemoEnv): SessionRoute[] {
  const { respond } = env;
  const context = () => pageContext(env);
  return [
    hrdPage(env, DEMO_PATH_PATTERNS.course, (state, request) => {
      const course = findHrdCourse(request.match?.[1] ?? '');
      if (!course) return notFoundPage(env, request);
      respond.page(
        request.res,
        200,
        hrdCoursePage({ ...context(), course, entryVerified: entryVerified(state, course.id) }),
      );
    }),
    hrdPage(env, DEMO_PATH_PATTERNS.hrdMotp, (state, request) => {
      const course = findHrdCourse(request.match?.[1] ?? '');
      if (!course) return notFoundPage(env, request);
      const nonce = newNonce();
      respond.page(
        request.res,
        200,
        hrdMotpPage({ ...context(), course, nonce, lockedOnLoad: state.locked }),
        nonce,
      );
    }),
    // HRD's pages answer only GET: any other method on any page path is refused as such.
    {
      method: '*',
      path: /^/,
      handle: async (request) => {
        if (request.method !== 'GET') return respond.methodNotAllowed(request.res, 'GET');
        await ensureHrdSecret(env, request.session.traineeId);
        notFoundPage(env, request);
      },
    },
  ];
}

function apiRoutes(env: DemoEnv): SessionRoute[] {
  const { respond } = env;
  return [
    {
      method: 'GET',
      path: DEMO_PATHS.traineeStateApi,
      handle: async ({ res, session }) => {
        const state = await ensureHrdSecret(env, session.traineeId);
        respond.json(res, 200, traineeState('hrd', state, HRD_COURSES));
      },
    },
    {
      method: 'POST',
      path: HRD_PATHS.verifyApi,
      handle: async ({ req, res, session }) => {
        if (mediaType(req.headers['content-type']) !== 'application/json') {
          respond.json(res, 415, errorBody('unsupportedMediaType', 'Content-Type must be application/json.'));
          return;
        }
        const request = parseHrdVerifyRequest(await readJson(req));
        if (!request) {
          respond.json(res, 400, errorBody('badRequest', '잘못된 요청입니다.'));
          return;
        }
        const course = findHrdCourse(request.courseId);
        if (!course) {
          respond.json(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
          return;
        }
        const gate = await env.modes.gate(res);
        if (gate === 'aborted') return;
        if (gate === 'unavailable') {
          env.log(`demo lms: HRD mOTP ${course.id}: verifier unavailable`);
          respond.json(res, 503, errorBody('verifierUnavailable', CHECKPOINT_MESSAGES.verifierDown));
          return;
        }
        await ensureHrdSecret(env, session.traineeId);
        const id = checkpointId(course.id, 'entry');
        const { answer, failures } = await env.store.update(storeKey('hrd', session.traineeId), (state) => {
          const { state: next, answer } = verifyCheckpointCode(state, request.motpNo, env.now());
          const passed = answer.ok ? recordEntryPassed(markCheckpointVerified(next, id), course.id) : next;
          return { state: passed, result: { answer, failures: passed.failures } };
        });
        env.log(`demo lms: HRD mOTP ${id}: ${answer.reason} (attempts left ${answer.attemptsLeft})`);
        const view = describeHrdAnswer(answer, failures);
        const body: HrdVerifyResponseBody = {
          outcome: view.outcome,
          message: view.message,
          reason: answer.reason,
          failures,
          attemptsLeft: answer.attemptsLeft,
          locked: answer.ok ? false : answer.locked,
          ...(answer.ok ? { next: coursePath(course.id) } : {}),
        };
        respond.json(res, 200, body);
      },
    },
  ];
}
