/**
 * The demo LMS's pages: 나의 강의실, the course page, 웹 OTP 발급, and every checkpoint's page
 * (entry, first login of the day, the lesson player's checks, the assessments), with their
 * no-JavaScript form posts. The lesson player's and the assessments' handlers are in
 * lms-course-pages.ts; this file holds the route table and the other pages' handlers.
 */
import { randomBytes } from 'node:crypto';
import { formatKeyUri } from '../../../lib/otp/key-uri';
import { DEMO_COURSES, DEMO_INSTITUTE, DEMO_TRAINEE, findCourse } from '../catalog';
import { dailyLoginCheckpointPage, entryCheckpointPage } from '../checkpoint-pages';
import { readForm } from '../http';
import { coursePage, coursesPage, enrollPage } from '../pages';
import { DEMO_PATH_PATTERNS, DEMO_PATHS, isLocalPath, learnPath } from '../routes';
import { DEMO_SECRET_BYTES, issueSecret, keyOf, lastVerifiedSession } from '../verifier';
import {
  type DemoEnv,
  dailyCheckDue,
  entryVerified,
  pageContext,
  pageScript,
  type SessionRequest,
  type SessionRoute,
} from './env';
import { courseOf, knownAssessmentKind, knownCourse } from './lms-captures';
import { assessment, learn } from './lms-course-pages';
import { afterDailyCheck, takeAfterDailyCheck } from './sessions';
import { lockedResult, resultView, verifierView, verifyDailyLogin, verifyWebOtp } from './web-otp';

export function pageRoutes(env: DemoEnv): SessionRoute[] {
  return [
    ...homeRoutes(env),
    ...(env.dailyLoginCheck ? dailyCheckpointRoutes(env) : []),
    ...courseRoutes(env),
    ...lessonRoutes(env),
    ...assessmentRoutes(env),
  ];
}

/** A page handler given the demo's environment. */
function withEnv(
  env: DemoEnv,
  handle: (env: DemoEnv, request: SessionRequest) => Promise<void>,
): (request: SessionRequest) => Promise<void> {
  return (request) => handle(env, request);
}

/** 나의 강의실 and 웹 OTP 발급. */
function homeRoutes(env: DemoEnv): SessionRoute[] {
  const { respond, store } = env;
  const context = () => pageContext(env);
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
    { method: 'GET', path: DEMO_PATHS.otpEnroll, handle: withEnv(env, enroll) },
    { method: 'POST', path: DEMO_PATHS.otpEnroll, handle: withEnv(env, enroll) },
  ];
}

/** The first login of the day's check. */
function dailyCheckpointRoutes(env: DemoEnv): SessionRoute[] {
  return [
    { method: 'GET', path: DEMO_PATHS.dailyCheckpoint, handle: withEnv(env, dailyCheckpoint) },
    { method: 'POST', path: DEMO_PATHS.dailyCheckpoint, handle: withEnv(env, dailyCheckpoint) },
  ];
}

/** A course's page and its entry check. */
function courseRoutes(env: DemoEnv): SessionRoute[] {
  const { respond, store } = env;
  const context = () => pageContext(env);
  const { course, entryCheckpoint: entryPattern } = DEMO_PATH_PATTERNS;
  return [
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
    { method: 'GET', path: entryPattern, accept: knownCourse, handle: withEnv(env, entryCheckpoint) },
    { method: 'POST', path: entryPattern, accept: knownCourse, handle: withEnv(env, entryCheckpoint) },
  ];
}

/** The lesson player, and the old lesson address that leads to it. */
function lessonRoutes(env: DemoEnv): SessionRoute[] {
  const { respond } = env;
  const { lesson, learn: learnPattern } = DEMO_PATH_PATTERNS;
  return [
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
    { method: 'GET', path: learnPattern, accept: knownCourse, handle: withEnv(env, learn) },
    { method: 'POST', path: learnPattern, accept: knownCourse, handle: withEnv(env, learn) },
  ];
}

/** The assessments, each asked for again on every visit. */
function assessmentRoutes(env: DemoEnv): SessionRoute[] {
  const assessmentPattern = DEMO_PATH_PATTERNS.assessment;
  return [
    ...(['GET', 'POST'] as const).map(
      (method): SessionRoute => ({
        method,
        path: assessmentPattern,
        accept: (match) => knownCourse(match) && knownAssessmentKind(match),
        handle: withEnv(env, assessment),
      }),
    ),
  ];
}

/** 웹 OTP 발급: the key as a QR code, and a new one on request. */
async function enroll(env: DemoEnv, { res, method, url, session }: SessionRequest): Promise<void> {
  const { respond, store } = env;
  const context = () => pageContext(env);
  if (method === 'POST') {
    const secret = randomBytes(DEMO_SECRET_BYTES);
    await store.update(session.traineeId, (current) => ({
      state: issueSecret(current, secret),
      result: undefined,
    }));
    env.log(`demo lms: issued a new web OTP key for ${session.traineeId}`);
    const view = url.searchParams.get('view') === 'qr' ? '&view=qr' : '';
    respond.redirect(res, 303, `${DEMO_PATHS.otpEnroll}?issued=1${view}`);
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
      qrOnly: url.searchParams.get('view') === 'qr',
    }),
  );
}

/** The first login of the day's check, asked once a day before anything else. */
async function dailyCheckpoint(
  env: DemoEnv,
  { req, res, method, url, session }: SessionRequest,
): Promise<void> {
  const { respond, store } = env;
  const context = () => pageContext(env);
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
}

/** A course's entry check, asked before its first lesson. */
async function entryCheckpoint(
  env: DemoEnv,
  { req, res, method, match, session }: SessionRequest,
): Promise<void> {
  const { respond, store } = env;
  const context = () => pageContext(env);
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
}
