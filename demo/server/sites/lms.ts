/**
 * 데모 원격훈련원 (127.0.0.1 and localhost): the institute that runs its own web-OTP verifier,
 * with every checkpoint kind (entry, every 8 sessions, video, evaluation, exam, assignment) and,
 * opt-in, the first login of the day check. Its route tables over the shared state.
 */
import { randomBytes } from 'node:crypto';
import { formatKeyUri } from '../../../lib/otp/key-uri';
import {
  errorBody,
  parseVerifyRequest,
  type SessionInfoBody,
  traineeState,
  type VerifyResponseBody,
} from '../api';
import {
  ASSESSMENT_KINDS,
  type AssessmentContent,
  assessmentContent,
  DEFAULT_POPUP_AFTER_MS,
  DEMO_COURSES,
  DEMO_INSTITUTE,
  DEMO_TRAINEE,
  type DemoCourse,
  findCourse,
} from '../catalog';
import { assessmentPage, dailyLoginCheckpointPage, entryCheckpointPage } from '../checkpoint-pages';
import { mediaType, readBody, readForm } from '../http';
import { learnPage, type PlayerView } from '../learn-page';
import { CHECKPOINT_MESSAGES, describeVerifyAnswer } from '../messages';
import { coursePage, coursesPage, enrollPage, errorPage, identityPage, loginPage } from '../pages';
import { DEMO_PATH_PATTERNS, DEMO_PATHS, entryCheckpointPath, isLocalPath, learnPath } from '../routes';
import { DEMO_SECRET_BYTES, issueSecret, keyOf, lastVerifiedSession, sessionAccess } from '../verifier';
import {
  type DemoEnv,
  type DemoSite,
  dailyCheckDue,
  entryVerified,
  notFoundPage,
  pageContext,
  pageScript,
  type SessionRequest,
  type SessionRoute,
} from './env';
import { afterDailyCheck, findVisit, newVisit, takeAfterDailyCheck } from './sessions';
import { lockedResult, nextAfter, resultView, verifierView, verifyDailyLogin, verifyWebOtp } from './web-otp';

/** Upper bound for `?popupAfterMs=`. */
const MAX_POPUP_AFTER_MS = 600_000;

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

/** The course a route's first capture names; only called on routes that `accept` it. */
function courseOf(match: RegExpExecArray | null): DemoCourse {
  const course = findCourse(match?.[1] ?? '');
  if (!course) throw new Error('route matched an unknown course');
  return course;
}

const knownCourse = (match: RegExpExecArray): boolean => findCourse(match[1] ?? '') !== undefined;

function pageRoutes(env: DemoEnv): SessionRoute[] {
  const { respond, store } = env;
  const context = () => pageContext(env);

  const enroll = async ({ res, method, url, session }: SessionRequest): Promise<void> => {
    if (method === 'POST') {
      const secret = randomBytes(DEMO_SECRET_BYTES);
      await store.update(session.traineeId, (current) => ({
        state: issueSecret(current, secret),
        result: undefined,
      }));
      env.log(`demo lms: issued a new web OTP key for ${session.traineeId}`);
      respond.redirect(res, 303, `${DEMO_PATHS.otpEnroll}?issued=1`);
      return;
    }
    const state = store.get(session.traineeId);
    const keyUri =
      state.secretBase32 === null
        ? null
        : formatKeyUri({
            ...keyOf(state.secretBase32),
            issuer: DEMO_INSTITUTE.name,
            accountName: DEMO_TRAINEE.name,
          });
    respond.page(
      res,
      200,
      enrollPage({
        ...context(),
        keyUri,
        justIssued: url.searchParams.get('issued') === '1' && keyUri !== null,
        locked: state.locked,
      }),
    );
  };

  const dailyCheckpoint = async ({ req, res, method, url, session }: SessionRequest): Promise<void> => {
    const state = store.get(session.traineeId);
    const script = pageScript(env, 'checkpoint');
    if (method === 'POST') {
      // The no-JavaScript path (also taken by `form.submit()`, which skips submit handlers).
      const form = await readForm(req);
      const outcome = await verifyDailyLogin(env, session, res, form.get('otp') ?? '');
      if (outcome.type === 'aborted') return;
      const after = store.get(session.traineeId);
      const passed = outcome.type === 'answer' && outcome.answer.ok;
      respond.page(
        res,
        outcome.type === 'unavailable' ? 503 : 200,
        dailyLoginCheckpointPage({
          ...context(),
          ...verifierView(after),
          script,
          result: resultView(outcome),
          next: passed ? takeAfterDailyCheck(session) : afterDailyCheck(session),
        }),
        script.nonce,
      );
      return;
    }
    const next = url.searchParams.get('next');
    if (next && isLocalPath(next)) session.afterDailyCheck = next;
    if (!dailyCheckDue(env, 'lms', session.traineeId)) {
      // Already passed today: nothing to ask, carry on.
      respond.redirect(res, 302, takeAfterDailyCheck(session));
      return;
    }
    respond.page(
      res,
      200,
      dailyLoginCheckpointPage({
        ...context(),
        ...verifierView(state),
        script,
        result: lockedResult(state),
        next: afterDailyCheck(session),
      }),
      script.nonce,
    );
  };

  const entryCheckpoint = async ({ req, res, method, match, session }: SessionRequest): Promise<void> => {
    const course = courseOf(match);
    const state = store.get(session.traineeId);
    const script = pageScript(env, 'checkpoint');
    if (method === 'POST') {
      // The no-JavaScript path (also taken by `form.submit()`, which skips submit handlers).
      const form = await readForm(req);
      const outcome = await verifyWebOtp(env, session, res, course, {
        courseId: course.id,
        kind: 'entry',
        code: form.get('otp') ?? '',
        session: null,
        visit: null,
      });
      if (outcome.type === 'aborted') return;
      const after = store.get(session.traineeId);
      respond.page(
        res,
        outcome.type === 'unavailable' ? 503 : 200,
        entryCheckpointPage({
          ...context(),
          ...verifierView(after),
          course,
          script,
          result: resultView(outcome),
        }),
        script.nonce,
      );
      return;
    }
    respond.page(
      res,
      200,
      entryCheckpointPage({
        ...context(),
        ...verifierView(state),
        course,
        script,
        result: lockedResult(state),
      }),
      script.nonce,
    );
  };

  const learn = async (request: SessionRequest): Promise<void> => {
    const { req, res, method, url, match, session } = request;
    const course = courseOf(match);
    const state = store.get(session.traineeId);
    const form = method === 'POST' ? await readForm(req) : null;
    const sessionNo = parseSessionNumber(
      form ? (form.get('session') ?? url.searchParams.get('session')) : url.searchParams.get('session'),
      course,
    );
    if (sessionNo === null) return notFoundPage(env, request);
    if (!entryVerified(state, course.id)) {
      respond.redirect(res, 302, entryCheckpointPath(course.id));
      return;
    }
    const popupAfterMs = parsePopupAfterMs(url.searchParams.get('popupAfterMs'));
    const script = pageScript(env, 'player');
    let view: PlayerView | null = null;
    let status = 200;
    if (form) {
      // No-JavaScript posts of the session check and of the video check.
      const kind = form.get('kind') === 'video' ? 'video' : 'session';
      const outcome = await verifyWebOtp(env, session, res, course, {
        courseId: course.id,
        kind,
        code: form.get('otp') ?? '',
        session: sessionNo,
        visit: null,
      });
      if (outcome.type === 'aborted') return;
      if (outcome.type === 'unavailable') status = 503;
      const shown = resultView(outcome);
      const access = sessionAccess(store.get(session.traineeId), course.id, sessionNo);
      if (kind === 'session' && (access === 'checkRequired' || shown.outcome === 'success')) {
        view = { view: 'check', result: shown };
      } else if (kind === 'video' && access === 'open') {
        view = { view: 'lesson', videoCheck: { result: shown } };
      }
    }
    const after = store.get(session.traineeId);
    view ??=
      sessionAccess(after, course.id, sessionNo) === 'checkRequired'
        ? { view: 'check', result: lockedResult(after) }
        : { view: 'lesson', videoCheck: null };
    respond.page(
      res,
      status,
      learnPage({
        ...context(),
        ...verifierView(after),
        course,
        session: sessionNo,
        state: view,
        popupAfterMs,
        script,
      }),
      script.nonce,
    );
  };

  const assessment = async ({ req, res, method, match, session }: SessionRequest): Promise<void> => {
    const course = courseOf(match);
    const kind = assessmentKindOf(match);
    const state = store.get(session.traineeId);
    if (!entryVerified(state, course.id)) {
      respond.redirect(res, 302, entryCheckpointPath(course.id));
      return;
    }
    const script = pageScript(env, 'assessment');
    if (method === 'GET') {
      // Every visit asks again: a fresh visit whose check has not been passed.
      const visit = newVisit(session, course.id, kind);
      respond.page(
        res,
        200,
        assessmentPage({
          ...context(),
          ...verifierView(state),
          course,
          kind,
          visit,
          result: lockedResult(state),
          content: null,
          script,
        }),
        script.nonce,
      );
      return;
    }
    const form = await readForm(req);
    const token = form.get('visit');
    const outcome = await verifyWebOtp(env, session, res, course, {
      courseId: course.id,
      kind,
      code: form.get('otp') ?? '',
      session: null,
      visit: token ?? '',
    });
    if (outcome.type === 'aborted') return;
    const known = findVisit(session, token, course.id, kind);
    const after = store.get(session.traineeId);
    respond.page(
      res,
      outcome.type === 'unavailable' ? 503 : 200,
      assessmentPage({
        ...context(),
        ...verifierView(after),
        course,
        kind,
        visit: known && token !== null ? token : newVisit(session, course.id, kind),
        result: resultView(outcome),
        content: known?.passed ? assessmentContent(course, kind) : null,
        script,
      }),
      script.nonce,
    );
  };

  const { course, entryCheckpoint: entryPattern, lesson, learn: learnPattern } = DEMO_PATH_PATTERNS;
  const assessmentPattern = DEMO_PATH_PATTERNS.assessment;
  return [
    {
      method: 'GET',
      path: DEMO_PATHS.courses,
      handle: ({ res, session }) => {
        const state = store.get(session.traineeId);
        respond.page(
          res,
          200,
          coursesPage({
            ...context(),
            courses: DEMO_COURSES,
            isEntryVerified: (courseId) => entryVerified(state, courseId),
            enrolled: state.secretBase32 !== null,
          }),
        );
      },
    },
    { method: 'GET', path: DEMO_PATHS.otpEnroll, handle: enroll },
    { method: 'POST', path: DEMO_PATHS.otpEnroll, handle: enroll },
    ...(env.dailyLoginCheck
      ? ([
          { method: 'GET', path: DEMO_PATHS.dailyCheckpoint, handle: dailyCheckpoint },
          { method: 'POST', path: DEMO_PATHS.dailyCheckpoint, handle: dailyCheckpoint },
        ] satisfies SessionRoute[])
      : []),
    {
      method: 'GET',
      path: course,
      accept: knownCourse,
      handle: ({ res, match, session }) => {
        const found = courseOf(match);
        const state = store.get(session.traineeId);
        respond.page(
          res,
          200,
          coursePage({
            ...context(),
            course: found,
            entryVerified: entryVerified(state, found.id),
            lastVerifiedSession: lastVerifiedSession(state, found.id),
          }),
        );
      },
    },
    { method: 'GET', path: entryPattern, accept: knownCourse, handle: entryCheckpoint },
    { method: 'POST', path: entryPattern, accept: knownCourse, handle: entryCheckpoint },
    {
      method: 'GET',
      path: lesson,
      accept: (match) => {
        const found = findCourse(match[1] ?? '');
        const sessionNo = Number(match[2]);
        return found !== undefined && sessionNo >= 1 && sessionNo <= found.sessions.length;
      },
      // The old lesson address: the lesson player decides what the session needs.
      handle: ({ res, match }) =>
        respond.redirect(res, 302, learnPath(courseOf(match).id, Number(match?.[2]))),
    },
    { method: 'GET', path: learnPattern, accept: knownCourse, handle: learn },
    { method: 'POST', path: learnPattern, accept: knownCourse, handle: learn },
    ...(['GET', 'POST'] as const).map(
      (method): SessionRoute => ({
        method,
        path: assessmentPattern,
        accept: (match) => knownCourse(match) && knownAssessmentKind(match),
        handle: assessment,
      }),
    ),
  ];
}

function knownAssessmentKind(match: RegExpExecArray): boolean {
  return ASSESSMENT_KINDS.some((kind) => kind === match[2]);
}

function assessmentKindOf(match: RegExpExecArray | null): (typeof ASSESSMENT_KINDS)[number] {
  const kind = ASSESSMENT_KINDS.find((candidate) => candidate === match?.[2]);
  if (!kind) throw new Error('route matched an unknown assessment');
  return kind;
}

function apiRoutes(env: DemoEnv): SessionRoute[] {
  const { respond, store } = env;
  return [
    {
      method: 'GET',
      path: DEMO_PATHS.traineeStateApi,
      handle: ({ res, session }) =>
        respond.json(res, 200, traineeState('lms', store.get(session.traineeId), DEMO_COURSES)),
    },
    {
      method: 'POST',
      path: DEMO_PATHS.verifyApi,
      handle: async ({ req, res, session }) => {
        // Requiring JSON forces a CORS preflight on any cross-site attempt, on top of SameSite=Lax.
        if (mediaType(req.headers['content-type']) !== 'application/json') {
          respond.json(res, 415, errorBody('unsupportedMediaType', 'Content-Type must be application/json.'));
          return;
        }
        const request = parseVerifyRequest(await readBody(req));
        if (!request) {
          respond.json(res, 400, errorBody('badRequest', '잘못된 요청입니다.'));
          return;
        }
        const course = request.kind === 'dailyLogin' ? null : findCourse(request.courseId);
        if (request.kind !== 'dailyLogin' && !course) {
          respond.json(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
          return;
        }
        const outcome = course
          ? await verifyWebOtp(env, session, res, course, request)
          : await verifyDailyLogin(env, session, res, request.code);
        switch (outcome.type) {
          case 'aborted':
            return;
          case 'unavailable':
            respond.json(res, 503, errorBody('verifierUnavailable', CHECKPOINT_MESSAGES.verifierDown));
            return;
          case 'refused':
            respond.json(res, outcome.status, errorBody(outcome.error, outcome.message));
            return;
          case 'answer': {
            const { answer } = outcome;
            // A verifier that does not report its count: a wrong code is only wrong, even the fifth.
            const uncounted = env.modes.mode === 'silent' && !answer.ok && answer.reason !== 'locked';
            if (uncounted) {
              respond.json(res, 200, {
                outcome: 'failure',
                message: CHECKPOINT_MESSAGES.mismatchUncounted,
                reason: answer.reason,
                checkpointId: outcome.checkpointId,
              } satisfies VerifyResponseBody);
              return;
            }
            const view = describeVerifyAnswer(answer);
            const body: VerifyResponseBody = {
              outcome: view.outcome,
              message: view.message,
              reason: answer.reason,
              attemptsLeft: answer.attemptsLeft,
              locked: answer.ok ? false : answer.locked,
              checkpointId: outcome.checkpointId,
              ...(answer.ok
                ? {
                    next: course
                      ? nextAfter(course, request.kind, request.session)
                      : takeAfterDailyCheck(session),
                  }
                : {}),
            };
            respond.json(res, 200, body);
            return;
          }
        }
      },
    },
    {
      method: 'GET',
      path: DEMO_PATH_PATTERNS.sessionApi,
      handle: ({ res, match, session }) => {
        const course = findCourse(match?.[1] ?? '');
        if (!course) {
          respond.json(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
          return;
        }
        const sessionNo = Number(match?.[2]);
        const title = course.sessions[sessionNo - 1];
        if (title === undefined || sessionNo < 1) {
          respond.json(res, 404, errorBody('unknownSession', '차시를 찾을 수 없습니다.'));
          return;
        }
        const state = store.get(session.traineeId);
        const access = sessionAccess(state, course.id, sessionNo);
        if (access === 'entryRequired') {
          respond.json(res, 403, {
            ...errorBody('entryRequired', CHECKPOINT_MESSAGES.entryRequired),
            next: entryCheckpointPath(course.id),
          });
          return;
        }
        const body: SessionInfoBody = {
          session: sessionNo,
          title,
          requiresCheck: access === 'checkRequired',
          kind: access === 'checkRequired' ? 'session' : null,
          ...verifierView(state),
        };
        respond.json(res, 200, body);
      },
    },
    {
      method: 'GET',
      path: DEMO_PATH_PATTERNS.assessmentApi,
      handle: ({ res, url, match, session }) => {
        const course = findCourse(match?.[1] ?? '');
        const kind = ASSESSMENT_KINDS.find((candidate) => candidate === match?.[2]);
        if (!course || !kind) {
          respond.json(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
          return;
        }
        const visit = findVisit(session, url.searchParams.get('visit'), course.id, kind);
        if (!visit?.passed) {
          respond.json(res, 403, errorBody('checkRequired', '본인인증 후 응시할 수 있습니다.'));
          return;
        }
        const body: AssessmentContent = assessmentContent(course, kind);
        respond.json(res, 200, body);
      },
    },
  ];
}

/** `?session=n` (default 1) as a session of the course; null when it is not one. */
function parseSessionNumber(value: string | null, course: DemoCourse): number | null {
  if (value === null || value === '') return 1;
  if (!/^\d{1,3}$/.test(value)) return null;
  const session = Number(value);
  return session >= 1 && session <= course.sessions.length ? session : null;
}

/** `?popupAfterMs=` for this page load; the default when absent or not a sane number. */
function parsePopupAfterMs(value: string | null): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return DEFAULT_POPUP_AFTER_MS;
  return Math.min(Number(value), MAX_POPUP_AFTER_MS);
}
