/**
 * The web-OTP LMS's verifications (데모 원격훈련원, 127.0.0.1), for the JSON API and the
 * no-JavaScript form posts alike: is this checkpoint due, is the code right, and what is recorded.
 */
import type { ServerResponse } from 'node:http';
import type { VerifyRequest } from '../api';
import { ASSESSMENT_KINDS, type AssessmentKind, type DemoCourse, VIDEO_CHECK_SESSIONS } from '../catalog';
import { CHECKPOINT_MESSAGES, type CheckpointResultView, describeVerifyAnswer } from '../messages';
import { assessmentPath, type CheckpointKind, checkpointId, coursePath, learnPath } from '../routes';
import {
  attemptsLeft,
  isDailyLoginVerified,
  koreanDay,
  markCheckpointVerified,
  recordDailyLoginPassed,
  recordEntryPassed,
  recordSessionPassed,
  sessionAccess,
  type VerifierState,
  type VerifyAnswer,
  verifyCheckpointCode,
} from '../verifier';
import { type DemoEnv, entryVerified } from './env';
import { type AssessmentVisit, findVisit, type Session } from './sessions';

/** What a web-OTP verification came to. */
export type VerifyOutcome =
  | { readonly type: 'answer'; readonly answer: VerifyAnswer; readonly checkpointId: string }
  | {
      readonly type: 'refused';
      readonly status: 400 | 403 | 404 | 409;
      readonly error: string;
      readonly message: string;
    }
  | { readonly type: 'unavailable' }
  | { readonly type: 'aborted' };

/**
 * Runs one web-OTP verification: checks that this checkpoint is due (costs nothing if not),
 * verifies the code, records the pass and the course progress, and persists before answering.
 * The precondition and the verification run in one synchronous store change, so two tabs can
 * never both pass the same visit or lose each other's counts.
 */
export async function verifyWebOtp(
  env: DemoEnv,
  session: Session,
  res: ServerResponse,
  course: DemoCourse,
  request: VerifyRequest,
): Promise<VerifyOutcome> {
  const { kind } = request;
  if (kind === 'dailyLogin') return refused(400, 'badRequest', '잘못된 요청입니다.');
  const perSession = kind === 'session' || kind === 'video';
  const assessment = isAssessmentKind(kind) ? kind : null;
  const sessionNo = request.session;
  if (perSession) {
    if (sessionNo === null) return refused(400, 'badRequest', '잘못된 요청입니다.');
    if (sessionNo < 1 || sessionNo > course.sessions.length)
      return refused(404, 'unknownSession', '차시를 찾을 수 없습니다.');
    if (kind === 'video' && !VIDEO_CHECK_SESSIONS.includes(sessionNo))
      return refused(409, 'checkNotRequired', CHECKPOINT_MESSAGES.checkNotRequired);
  }
  if (assessment && request.visit === null) return refused(400, 'badRequest', '잘못된 요청입니다.');

  const gate = await env.modes.gate(res);
  if (gate !== 'available') {
    env.log(`demo lms: checkpoint ${course.id}:${kind}: verifier ${gate}`);
    return { type: gate };
  }

  const id = checkpointId(course.id, kind, perSession ? (sessionNo ?? undefined) : undefined);
  const outcome = await env.store.update<VerifyOutcome>(session.traineeId, (state) => {
    let visit: AssessmentVisit | null = null;
    if (kind === 'session' && sessionNo !== null) {
      const access = sessionAccess(state, course.id, sessionNo);
      if (access === 'entryRequired')
        return { state, result: refused(403, 'entryRequired', CHECKPOINT_MESSAGES.entryRequired) };
      if (access === 'open')
        return { state, result: refused(409, 'checkNotRequired', CHECKPOINT_MESSAGES.checkNotRequired) };
    }
    if (kind === 'video' && sessionNo !== null) {
      const access = sessionAccess(state, course.id, sessionNo);
      if (access === 'entryRequired')
        return { state, result: refused(403, 'entryRequired', CHECKPOINT_MESSAGES.entryRequired) };
      if (access === 'checkRequired')
        return {
          state,
          result: refused(409, 'sessionCheckRequired', '이 차시의 본인인증을 먼저 진행하세요.'),
        };
    }
    if (assessment) {
      if (!entryVerified(state, course.id))
        return { state, result: refused(403, 'entryRequired', CHECKPOINT_MESSAGES.entryRequired) };
      visit = findVisit(session, request.visit, course.id, assessment);
      if (!visit) return { state, result: refused(409, 'visitExpired', CHECKPOINT_MESSAGES.visitExpired) };
      if (visit.passed)
        return { state, result: refused(409, 'alreadyVerified', CHECKPOINT_MESSAGES.alreadyVerified) };
    }

    const { state: next, answer } = verifyCheckpointCode(state, request.code, env.now());
    const result: VerifyOutcome = { type: 'answer', answer, checkpointId: id };
    if (!answer.ok) return { state: next, result };
    let passed = markCheckpointVerified(next, id);
    if (kind === 'entry') passed = recordEntryPassed(passed, course.id);
    if (kind === 'session' && sessionNo !== null) passed = recordSessionPassed(passed, course.id, sessionNo);
    if (visit) visit.passed = true;
    return { state: passed, result };
  });
  logOutcome(env, id, outcome);
  return outcome;
}

/**
 * Runs the first login of the day check (최초 로그인 본인인증) through the same verifier (window,
 * replay, failures, lock); a pass records the Korean day. Refused at no cost when the LMS runs
 * without the check or the trainee already passed it today.
 */
export async function verifyDailyLogin(
  env: DemoEnv,
  session: Session,
  res: ServerResponse,
  code: string,
): Promise<VerifyOutcome> {
  // Without the option the kind is unknown here, exactly as before it existed.
  if (!env.dailyLoginCheck) return refused(400, 'badRequest', '잘못된 요청입니다.');
  const gate = await env.modes.gate(res);
  if (gate !== 'available') {
    env.log(`demo lms: checkpoint dailyLogin: verifier ${gate}`);
    return { type: gate };
  }
  const day = koreanDay(env.now());
  const id = `dailyLogin:${day}`;
  const outcome = await env.store.update<VerifyOutcome>(session.traineeId, (state) => {
    if (isDailyLoginVerified(state, day))
      return {
        state,
        result: refused(409, 'alreadyVerified', CHECKPOINT_MESSAGES.dailyLoginNotRequired),
      };
    const { state: next, answer } = verifyCheckpointCode(state, code, env.now());
    const result: VerifyOutcome = { type: 'answer', answer, checkpointId: id };
    return { state: answer.ok ? recordDailyLoginPassed(next, day) : next, result };
  });
  logOutcome(env, id, outcome);
  return outcome;
}

function logOutcome(env: DemoEnv, id: string, outcome: VerifyOutcome): void {
  if (outcome.type === 'answer') {
    env.log(
      `demo lms: checkpoint ${id}: ${outcome.answer.reason} (attempts left ${outcome.answer.attemptsLeft})`,
    );
  } else if (outcome.type === 'refused') {
    env.log(`demo lms: checkpoint ${id}: refused (${outcome.error})`);
  }
}

/** Where a passed checkpoint sends the trainee. */
export function nextAfter(course: DemoCourse, kind: CheckpointKind, sessionNo: number | null): string {
  if (kind === 'entry') return coursePath(course.id);
  if ((kind === 'session' || kind === 'video') && sessionNo !== null) return learnPath(course.id, sessionNo);
  return isAssessmentKind(kind) ? assessmentPath(course.id, kind) : coursePath(course.id);
}

/** The result area's view of an outcome, for the no-JavaScript form posts. */
export function resultView(outcome: Exclude<VerifyOutcome, { type: 'aborted' }>): CheckpointResultView {
  switch (outcome.type) {
    case 'answer':
      return describeVerifyAnswer(outcome.answer);
    case 'refused':
      return { outcome: 'error', message: outcome.message };
    case 'unavailable':
      return { outcome: 'error', message: CHECKPOINT_MESSAGES.verifierDown };
  }
}

/** A locked trainee sees so at once on any checkpoint, as the verifier would answer any code. */
export function lockedResult(state: VerifierState): CheckpointResultView | null {
  return state.locked
    ? describeVerifyAnswer({ ok: false, reason: 'locked', attemptsLeft: 0, locked: true })
    : null;
}

/** What a checkpoint box shows of the verifier. */
export function verifierView(state: VerifierState): {
  readonly attemptsLeft: number;
  readonly locked: boolean;
} {
  return { attemptsLeft: attemptsLeft(state), locked: state.locked };
}

function refused(
  status: 400 | 403 | 404 | 409,
  error: string,
  message: string,
): Extract<VerifyOutcome, { type: 'refused' }> {
  return { type: 'refused', status, error, message };
}

function isAssessmentKind(kind: CheckpointKind): kind is AssessmentKind {
  return (ASSESSMENT_KINDS as readonly string[]).includes(kind);
}
