/**
 * The demo LMS's server-side web-OTP verifier: pure domain logic, no I/O, no clock of its own.
 * It shows institutes what their side must do (docs/rules.md, "The institute's side"): issue one secret per
 * trainee, verify TOTP with replay protection, lock after 5 wrong codes, and reset only after
 * identity verification. The caller persists the returned state before answering the trainee.
 */
import { MAX_ATTEMPTS } from '../../lib/attempts/transitions';
import { decodeBase32, encodeBase32 } from '../../lib/otp/base32';
import { type CodeInputError, normalizeCodeInput } from '../../lib/otp/code-input';
import { MIN_SECRET_BYTES } from '../../lib/otp/key-uri';
import { verifyTotp } from '../../lib/otp/totp';
import type { TotpKey } from '../../lib/otp/types';

/** Wrong codes (including replays) allowed before checkpoints lock: the extension's own count. */
export { MAX_ATTEMPTS };

/** How many steps before the current one still count, so a code typed late in its minute passes. */
export const ACCEPT_PREVIOUS_STEPS = 1;

/** Key parameters the demo institute issues: the training rules' SHA-1, 6 digits, 60 s. */
export const DEMO_TOTP_PARAMETERS = {
  algorithm: 'SHA1',
  digits: 6,
  period: 60,
} as const;

/** Secret length the demo issues: 160 bits, the HMAC-SHA1 block-size recommendation of RFC 4226. */
export const DEMO_SECRET_BYTES = 20;

/** Everything the verifier remembers about one trainee. Plain data so it can be stored as JSON. */
export interface VerifierState {
  /** The enrolled secret (Base32), or null before the first enrollment. */
  readonly secretBase32: string | null;
  /** The last TOTP step a code was accepted for; that step and older are refused as replays. */
  readonly lastAcceptedStep: number | null;
  /** Consecutive wrong codes since the last success or identity reset. */
  readonly failures: number;
  readonly locked: boolean;
  /** Checkpoint ids (`${courseId}:${kind}`) the trainee has passed, in the order passed. */
  readonly verifiedCheckpoints: readonly string[];
  /**
   * Per course id, the last session a check covered from: 1 once the first-entry check passed
   * (it covers sessions 1–8), then the session at which each session check passed. A course that
   * is absent has not passed its entry check (lastVerifiedSession null).
   */
  readonly lastVerifiedSessions: Readonly<Record<string, number>>;
  /**
   * The Korean calendar day (`YYYY-MM-DD`, UTC+9) on which the trainee last passed the first
   * login of the day check (최초 로그인 본인인증), or null if never. Only asked when the LMS
   * enables that check.
   */
  readonly lastDailyLoginDay: string | null;
}

/** What the verifier answers for one submitted code; `reason` tells the page what to say. */
export type VerifyAnswer =
  | { readonly ok: true; readonly reason: 'accepted'; readonly step: number; readonly attemptsLeft: number }
  | {
      readonly ok: false;
      /** The code is not the current or previous step's code. Counted. */
      readonly reason: 'mismatch';
      readonly attemptsLeft: number;
      /** True when this very failure used up the last attempt. */
      readonly locked: boolean;
    }
  | {
      readonly ok: false;
      /** The code is right but for a step already accepted (or older). Counted like a wrong code. */
      readonly reason: 'replayed';
      readonly attemptsLeft: number;
      readonly locked: boolean;
    }
  | {
      readonly ok: false;
      /** Already locked: the code was not even looked at. */
      readonly reason: 'locked';
      readonly attemptsLeft: 0;
      readonly locked: true;
    }
  | {
      readonly ok: false;
      /** Not 6 ASCII digits after normalising; costs no attempt, like a form-level check. */
      readonly reason: 'malformed';
      readonly error: CodeInputError;
      readonly attemptsLeft: number;
      readonly locked: false;
    }
  | {
      readonly ok: false;
      /** No secret issued yet; nothing to verify against. Not counted. */
      readonly reason: 'notEnrolled';
      readonly attemptsLeft: number;
      readonly locked: false;
    };

/** Every reason an answer can carry, for exhaustive handling and validation. */
export const VERIFY_REASONS = [
  'accepted',
  'mismatch',
  'replayed',
  'locked',
  'malformed',
  'notEnrolled',
] as const;
export type VerifyReason = (typeof VERIFY_REASONS)[number];

/** A trainee the verifier has never seen. */
export function createVerifierState(): VerifierState {
  return {
    secretBase32: null,
    lastAcceptedStep: null,
    failures: 0,
    locked: false,
    verifiedCheckpoints: [],
    lastVerifiedSessions: {},
    lastDailyLoginDay: null,
  };
}

/** Attempts the trainee still has; never negative, 0 once locked. */
export function attemptsLeft(state: VerifierState): number {
  return state.locked ? 0 : Math.max(0, MAX_ATTEMPTS - state.failures);
}

/**
 * Checks one submitted code at `nowMs` and returns the next state with the answer. The order of
 * checks matters: a lock is honoured before anything else so a locked trainee learns nothing
 * about the code, and input that is not a code at all costs no attempt.
 */
export function verifyCheckpointCode(
  state: VerifierState,
  code: string,
  nowMs: number,
): { readonly state: VerifierState; readonly answer: VerifyAnswer } {
  if (state.locked) {
    return { state, answer: { ok: false, reason: 'locked', attemptsLeft: 0, locked: true } };
  }
  if (state.secretBase32 === null) {
    return {
      state,
      answer: { ok: false, reason: 'notEnrolled', attemptsLeft: attemptsLeft(state), locked: false },
    };
  }
  const normalized = normalizeCodeInput(code, DEMO_TOTP_PARAMETERS.digits);
  if (!normalized.ok) {
    return {
      state,
      answer: {
        ok: false,
        reason: 'malformed',
        error: normalized.error,
        attemptsLeft: attemptsLeft(state),
        locked: false,
      },
    };
  }

  const result = verifyTotp(keyOf(state.secretBase32), normalized.value, nowMs, {
    acceptPreviousSteps: ACCEPT_PREVIOUS_STEPS,
    lastAcceptedStep: state.lastAcceptedStep,
  });
  if (result.valid) {
    const next: VerifierState = { ...state, lastAcceptedStep: result.step, failures: 0 };
    return {
      state: next,
      answer: { ok: true, reason: 'accepted', step: result.step, attemptsLeft: attemptsLeft(next) },
    };
  }

  // A replay is treated as a wrong code: someone is submitting a code that was already used.
  const failures = state.failures + 1;
  const locked = failures >= MAX_ATTEMPTS;
  const next: VerifierState = { ...state, failures, locked };
  return {
    state: next,
    answer: { ok: false, reason: result.reason, attemptsLeft: attemptsLeft(next), locked },
  };
}

/**
 * Enrolls a new secret. One person, one device: the new secret replaces the old one, so codes
 * from a previous device stop working at once. The replay marker is reset because it belongs to
 * the old key's code sequence. Failures and a lock are kept: re-enrolling must not be a way
 * around the 5-strike rule.
 */
export function issueSecret(state: VerifierState, secretBytes: Uint8Array): VerifierState {
  if (secretBytes.length < MIN_SECRET_BYTES) {
    throw new RangeError(`secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return { ...state, secretBase32: encodeBase32(secretBytes), lastAcceptedStep: null };
}

/** Records a passed checkpoint once; the order of first passes is kept for the record. */
export function markCheckpointVerified(state: VerifierState, checkpointId: string): VerifierState {
  if (state.verifiedCheckpoints.includes(checkpointId)) return state;
  return { ...state, verifiedCheckpoints: [...state.verifiedCheckpoints, checkpointId] };
}

/** Whether a checkpoint id has been passed. */
export function isCheckpointVerified(state: VerifierState, checkpointId: string): boolean {
  return state.verifiedCheckpoints.includes(checkpointId);
}

/**
 * Unlocks after the institute's identity verification (휴대폰/아이핀 본인인증). The secret is kept:
 * the lock is about who is typing, not about the device.
 */
export function resetAfterIdentityVerification(state: VerifierState): VerifierState {
  return { ...state, failures: 0, locked: false };
}

/** The enrolled key in the shape the OTP module computes with. */
export function keyOf(secretBase32: string): TotpKey {
  return { secret: decodeBase32(secretBase32), ...DEMO_TOTP_PARAMETERS };
}

/**
 * Sessions one check covers (trainee manual: 매 8회차 초과시). The entry check covers sessions 1–8,
 * so session 9 asks again; a check passed at session n covers n … n + 7.
 */
export const SESSIONS_PER_CHECK = 8;

/** The session the trainee's last check covered from, or null before the course's entry check. */
export function lastVerifiedSession(state: VerifierState, courseId: string): number | null {
  return Object.hasOwn(state.lastVerifiedSessions, courseId)
    ? (state.lastVerifiedSessions[courseId] ?? null)
    : null;
}

/** Whether opening `session` asks for a check after one passed at `lastVerified` (n − last ≥ 8). */
export function sessionCheckDue(lastVerified: number, session: number): boolean {
  return session - lastVerified >= SESSIONS_PER_CHECK;
}

/** What opening a session needs: the entry check first, a session check, or nothing. */
export type SessionAccess = 'entryRequired' | 'checkRequired' | 'open';

/** Decides what opening session `session` of a course needs, from the persisted progress. */
export function sessionAccess(state: VerifierState, courseId: string, session: number): SessionAccess {
  const last = lastVerifiedSession(state, courseId);
  if (last === null) return 'entryRequired';
  return sessionCheckDue(last, session) ? 'checkRequired' : 'open';
}

/**
 * Records a passed first-entry check: the course's sessions 1–8 are covered. Passing the entry
 * check again later never moves progress back.
 */
export function recordEntryPassed(state: VerifierState, courseId: string): VerifierState {
  if (lastVerifiedSession(state, courseId) !== null) return state;
  return { ...state, lastVerifiedSessions: { ...state.lastVerifiedSessions, [courseId]: 1 } };
}

/**
 * Records a session check passed at `session`: from now on it is the last verified session.
 * Only moves forward; a check is only ever asked beyond the last verified session anyway.
 */
export function recordSessionPassed(state: VerifierState, courseId: string, session: number): VerifierState {
  if (!Number.isInteger(session) || session < 1) throw new RangeError('session must be a positive integer');
  const last = lastVerifiedSession(state, courseId);
  if (last !== null && last >= session) return state;
  return { ...state, lastVerifiedSessions: { ...state.lastVerifiedSessions, [courseId]: session } };
}

/** Korea Standard Time is UTC+9 all year (no daylight saving since 1988). */
export const KOREA_UTC_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The Korean calendar day (`YYYY-MM-DD`, UTC+9) at `nowMs`; it turns at 15:00 UTC. */
export function koreanDay(nowMs: number): string {
  return new Date(nowMs + KOREA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether the first login of the day check (최초 로그인 본인인증) was passed on Korean day `day`. */
export function isDailyLoginVerified(state: VerifierState, day: string): boolean {
  return state.lastDailyLoginDay === day;
}

/** Records the first login of the day check as passed on Korean day `day`. */
export function recordDailyLoginPassed(state: VerifierState, day: string): VerifierState {
  if (state.lastDailyLoginDay === day) return state;
  return { ...state, lastDailyLoginDay: day };
}
