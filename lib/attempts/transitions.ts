/**
 * Failure counting as pure state transitions (product brief §1, §5). The background persists the
 * result inside one Dexie transaction, so concurrent failures from several tabs all count.
 */

/** Five wrong PINs wipe the secret; five wrong codes lock checkpoints. */
export const MAX_PIN_FAILURES = 5;
export const MAX_CODE_FAILURES = 5;

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

export function pinAttemptsLeft(counters: FailureCounters): number {
  return Math.max(0, MAX_PIN_FAILURES - counters.wrongPins);
}

export function codeAttemptsLeft(counters: FailureCounters): number {
  return counters.codesLocked ? 0 : Math.max(0, MAX_CODE_FAILURES - counters.wrongCodes);
}

export function afterWrongPin(counters: FailureCounters, now: number): FailureCounters {
  const wrongPins = Math.min(MAX_PIN_FAILURES, counters.wrongPins + 1);
  return {
    ...counters,
    wrongPins,
    secretWiped: counters.secretWiped || wrongPins >= MAX_PIN_FAILURES,
    updatedAt: now,
  };
}

export function afterCorrectPin(counters: FailureCounters, now: number): FailureCounters {
  return { ...counters, wrongPins: 0, updatedAt: now };
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
      return { ...counters, wrongCodes: 0, codesLocked: false, updatedAt: now };
    case 'locked':
      return { ...counters, wrongCodes: MAX_CODE_FAILURES, codesLocked: true, updatedAt: now };
    case 'failure': {
      const local = counters.wrongCodes + 1;
      const server = verdict.attemptsLeft === null ? 0 : MAX_CODE_FAILURES - verdict.attemptsLeft;
      const wrongCodes = Math.min(MAX_CODE_FAILURES, Math.max(local, server));
      return { ...counters, wrongCodes, codesLocked: wrongCodes >= MAX_CODE_FAILURES, updatedAt: now };
    }
  }
}

/** A new registration (re-issued key) starts with clean PIN state but keeps a code lock. */
export function afterRegistration(counters: FailureCounters, now: number): FailureCounters {
  return { ...counters, wrongPins: 0, secretWiped: false, updatedAt: now };
}

/**
 * Mirrors the count a page states before any try ("남은 횟수: 2회"): the stricter of the page's
 * and the local count wins; a page showing more attempts than we know of changes nothing, because
 * only the institute's identity verification may lift failures (`afterVerifierReset`).
 */
export function afterPageCount(
  counters: FailureCounters,
  attemptsLeft: number,
  now: number,
): FailureCounters {
  const server = MAX_CODE_FAILURES - Math.max(0, Math.min(MAX_CODE_FAILURES, attemptsLeft));
  if (server <= counters.wrongCodes) return counters;
  return { ...counters, wrongCodes: server, codesLocked: server >= MAX_CODE_FAILURES, updatedAt: now };
}

/** The institute confirmed identity verification and reset its verifier: codes work again. */
export function afterVerifierReset(counters: FailureCounters, now: number): FailureCounters {
  return { ...counters, wrongCodes: 0, codesLocked: false, updatedAt: now };
}
