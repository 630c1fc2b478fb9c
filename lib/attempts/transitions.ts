/**
 * Failure counting as pure state transitions (docs/rules.md, "Failures and recovery"). The background persists the
 * result inside one Dexie transaction, so concurrent failures from several tabs all count.
 */

/**
 * Tries before the door shuts, one number for every count: five wrong codes lock checkpoints (as
 * HRD's mOTP and the demo verifier count them), five wrong PINs wipe the secret.
 */
export const MAX_ATTEMPTS = 5;

export interface FailureCounters {
  readonly wrongPins: number;
  readonly wrongCodes: number;
  /** Checkpoints are locked until the institute's identity verification resets the verifier. */
  readonly codesLocked: boolean;
  /** The secret was destroyed by the 5th wrong PIN; a new key must be issued. */
  readonly secretWiped: boolean;
  readonly updatedAt: number;
}

export const INITIAL_COUNTERS: FailureCounters = {
  wrongPins: 0,
  wrongCodes: 0,
  codesLocked: false,
  secretWiped: false,
  updatedAt: 0,
};

/**
 * A stored count as an integer 0–5, whatever is stored: one that is no number at all (a NaN an
 * earlier version could store) reads as the stricter count, five.
 */
export function clampCount(value: number): number {
  if (!Number.isFinite(value)) return MAX_ATTEMPTS;
  return Math.max(0, Math.min(MAX_ATTEMPTS, Math.trunc(value)));
}

/**
 * A count a page or an answer states, as an integer 0–5: an integer beyond the range is clamped
 * into it (below zero reads as none left, the stricter); anything else (NaN, ±Infinity, a
 * fraction, not a number) is no count — ignored, never stored.
 */
export function readPageCount(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return null;
  return Math.max(0, Math.min(MAX_ATTEMPTS, value));
}

/**
 * The counters with both counts as integers 0–5 (the same object when they already are): every
 * transition starts from these, so nothing stored by an earlier version can carry a NaN on.
 */
export function soundCounters(counters: FailureCounters): FailureCounters {
  const wrongCodes = clampCount(counters.wrongCodes);
  const wrongPins = clampCount(counters.wrongPins);
  if (wrongCodes === counters.wrongCodes && wrongPins === counters.wrongPins) return counters;
  return { ...counters, wrongCodes, wrongPins };
}

export function pinAttemptsLeft(counters: FailureCounters): number {
  return MAX_ATTEMPTS - clampCount(counters.wrongPins);
}

export function codeAttemptsLeft(counters: FailureCounters): number {
  return counters.codesLocked ? 0 : MAX_ATTEMPTS - clampCount(counters.wrongCodes);
}

export function afterWrongPin(counters: FailureCounters, now: number): FailureCounters {
  const wrongPins = Math.min(MAX_ATTEMPTS, clampCount(counters.wrongPins) + 1);
  return {
    ...soundCounters(counters),
    wrongPins,
    secretWiped: counters.secretWiped || wrongPins >= MAX_ATTEMPTS,
    updatedAt: now,
  };
}

export function afterCorrectPin(counters: FailureCounters, now: number): FailureCounters {
  return { ...soundCounters(counters), wrongPins: 0, updatedAt: now };
}

/** What the verifier (through the LMS page) said about a submitted code. */
export type VerifierVerdict =
  | { readonly outcome: 'success' }
  | { readonly outcome: 'failure'; readonly attemptsLeft: number | null }
  | { readonly outcome: 'locked' };

/**
 * Mirrors the verifier's answer. The verifier's count is the authority, but the local count never
 * goes down on a failure: when the two disagree the stricter (more failures) wins.
 */
export function afterVerdict(
  counters: FailureCounters,
  verdict: VerifierVerdict,
  now: number,
): FailureCounters {
  switch (verdict.outcome) {
    case 'success':
      return { ...soundCounters(counters), wrongCodes: 0, codesLocked: false, updatedAt: now };
    case 'locked':
      return { ...soundCounters(counters), wrongCodes: MAX_ATTEMPTS, codesLocked: true, updatedAt: now };
    case 'failure': {
      const local = clampCount(counters.wrongCodes) + 1;
      // A stated count that is no count (NaN, 4.5) is ignored: the failure still counts locally.
      const left = readPageCount(verdict.attemptsLeft);
      const server = left === null ? 0 : MAX_ATTEMPTS - left;
      const wrongCodes = Math.min(MAX_ATTEMPTS, Math.max(local, server));
      return {
        ...soundCounters(counters),
        wrongCodes,
        codesLocked: wrongCodes >= MAX_ATTEMPTS,
        updatedAt: now,
      };
    }
  }
}

/** A new registration (re-issued key) starts with clean PIN state but keeps a code lock. */
export function afterRegistration(counters: FailureCounters, now: number): FailureCounters {
  return { ...soundCounters(counters), wrongPins: 0, secretWiped: false, updatedAt: now };
}

/**
 * Mirrors the count a page states before any try ("남은 횟수: 2회"): the stricter of the page's
 * and the local count wins; a page showing more attempts than we know of changes nothing, because
 * only the institute's identity verification may lift failures (`afterVerifierReset`). A count
 * that is no count (NaN, 4.5, -1) changes nothing.
 */
export function afterPageCount(
  counters: FailureCounters,
  attemptsLeft: number,
  now: number,
): FailureCounters {
  const left = readPageCount(attemptsLeft);
  if (left === null) return counters;
  const current = clampCount(counters.wrongCodes);
  const wrongCodes = Math.max(current, MAX_ATTEMPTS - left);
  if (wrongCodes === counters.wrongCodes) return counters;
  return {
    ...soundCounters(counters),
    wrongCodes,
    codesLocked: counters.codesLocked || wrongCodes >= MAX_ATTEMPTS,
    updatedAt: now,
  };
}

/** The institute confirmed identity verification and reset its verifier: codes work again. */
export function afterVerifierReset(counters: FailureCounters, now: number): FailureCounters {
  return { ...soundCounters(counters), wrongCodes: 0, codesLocked: false, updatedAt: now };
}
