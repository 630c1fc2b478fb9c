/**
 * The demo LMS's course pages behind the entry check: the lesson player, with its session check and
 * video check, and the assessments, each asking again on every visit.
 */
import { assessmentContent, DEFAULT_POPUP_AFTER_MS, type DemoCourse } from '../catalog';
import { assessmentPage } from '../checkpoint-pages';
import { readForm } from '../http';
import { learnPage, type PlayerView } from '../learn-page';
import { entryCheckpointPath } from '../routes';
import { sessionAccess } from '../verifier';
import {
  type DemoEnv,
  entryVerified,
  notFoundPage,
  pageContext,
  pageScript,
  type SessionRequest,
} from './env';
import { assessmentKindOf, courseOf } from './lms-captures';
import { findVisit, newVisit } from './sessions';
import { lockedResult, resultView, verifierView, verifyWebOtp } from './web-otp';

/** Upper bound for `?popupAfterMs=`. */
const MAX_POPUP_AFTER_MS = 600_000;

/** The lesson player, with its session check and video check. */
export async function learn(env: DemoEnv, request: SessionRequest): Promise<void> {
  const { respond, store } = env;
  const context = () => pageContext(env);
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
}

/** An assessment: a fresh check on every visit, then its questions. */
export async function assessment(
  env: DemoEnv,
  { req, res, method, match, session }: SessionRequest,
): Promise<void> {
  const { respond, store } = env;
  const context = () => pageContext(env);
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
