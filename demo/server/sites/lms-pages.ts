/**
 * The demo LMS's pages: 나의 강의실, the course page, 웹 OTP 발급, and every checkpoint's page
 * (entry, first login of the day, the lesson player's checks, the assessments), with their
 * no-JavaScript form posts.
 */
import { randomBytes } from 'node:crypto';
import { formatKeyUri } from '../../../lib/otp/key-uri';
import {
  assessmentContent,
  DEFAULT_POPUP_AFTER_MS,
  DEMO_COURSES,
  DEMO_INSTITUTE,
  DEMO_TRAINEE,
  type DemoCourse,
  findCourse,
} from '../catalog';
import { assessmentPage, dailyLoginCheckpointPage, entryCheckpointPage } from '../checkpoint-pages';
import { readForm } from '../http';
import { learnPage, type PlayerView } from '../learn-page';
import { coursePage, coursesPage, enrollPage } from '../pages';
import { DEMO_PATH_PATTERNS, DEMO_PATHS, entryCheckpointPath, isLocalPath, learnPath } from '../routes';
import { DEMO_SECRET_BYTES, issueSecret, keyOf, lastVerifiedSession, sessionAccess } from '../verifier';
import {
  type DemoEnv,
  dailyCheckDue,
  entryVerified,
  notFoundPage,
  pageContext,
  pageScript,
  type SessionRequest,
  type SessionRoute,
} from './env';
import { assessmentKindOf, courseOf, knownAssessmentKind, knownCourse } from './lms-captures';
import { afterDailyCheck, findVisit, newVisit, takeAfterDailyCheck } from './sessions';
import { lockedResult, resultView, verifierView, verifyDailyLogin, verifyWebOtp } from './web-otp';

/** Upper bound for `?popupAfterMs=`. */
const MAX_POPUP_AFTER_MS = 600_000;

export function pageRoutes(env: DemoEnv): SessionRoute[] {
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
