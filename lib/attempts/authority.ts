/**
 * One attempt at an HRD checkpoint, from the page's request to the authority's answer, as pure
 * transitions. The answer (HRD's own, read by the page observer) outranks the page's alert text,
 * which outranks the page's DOM text; a lower authority never overrides a higher one. Until an
 * answer settles it, a submitted code counts as wrong (the stricter count): a page that reloads
 * or closes mid-answer can cost the trainee an attempt, never hide one.
 */
import type { AuthorityAnswer, DialogMeaning } from '../hrd/answers';
import { clampCount, type FailureCounters, MAX_ATTEMPTS, readPageCount, soundCounters } from './transitions';

export { clampCount, readPageCount };

export const AUTHORITIES = ['dom', 'dialog', 'answer'] as const;
export type Authority = (typeof AUTHORITIES)[number];

export const ATTEMPT_OUTCOMES = [
  'pending',
  'success',
  'successAgain',
  'failure',
  'locked',
  'unavailable',
  'notRegistered',
  'unknown',
] as const;
/**
 * `successAgain`: passed, and the page asks for one more code (entry twice). `unknown`: no answer
 * came (timeout, page gone); the stricter count stands until an answer or the device status
 * settles it.
 */
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface AttemptState {
  /** The page's request this attempt is (page id and the observer's request number). */
  readonly key: string;
  readonly submittedAt: number;
  /** Typed in the overlay and forwarded, or typed on the page (or its keypad). */
  readonly method: 'app' | 'page';
  /** The count before this attempt: what a not-counted answer restores. */
  readonly countBefore: number;
  readonly outcome: AttemptOutcome;
  readonly authority: Authority | null;
  /** The authority's own words (HRD's `msg`/`RetMsg`, or the alert), shown as they are. */
  readonly message: string;
  readonly settledAt: number | null;
}

export interface AttemptStep {
  readonly attempt: AttemptState;
  readonly counters: FailureCounters;
}

const RANK: Readonly<Record<Authority, number>> = { dom: 1, dialog: 2, answer: 3 };

/** The page sent a code: the attempt is pending and counts as wrong until answered. */
export function startAttempt(
  key: string,
  counters: FailureCounters,
  method: AttemptState['method'],
  now: number,
): AttemptStep {
  const before = clampCount(counters.wrongCodes);
  const wrongCodes = Math.min(MAX_ATTEMPTS, before + 1);
  return {
    attempt: {
      key,
      submittedAt: now,
      method,
      countBefore: before,
      outcome: 'pending',
      authority: null,
      message: '',
      settledAt: null,
    },
    // The lock itself waits for the authority; the attempts left already show the stricter count.
    counters: { ...soundCounters(counters), wrongCodes, updatedAt: now },
  };
}

/**
 * Settles the attempt (when there is one) by an answer to a verification request, or mirrors an
 * answer about the device (status, reset) in the counters alone.
 */
export function afterAnswer(
  attempt: AttemptState | null,
  counters: FailureCounters,
  answer: AuthorityAnswer,
  now: number,
): { readonly attempt: AttemptState | null; readonly counters: FailureCounters } {
  // The same answer seen again (the observer replays what it saw) settles nothing more.
  if (attempt && attempt.outcome !== 'pending' && attempt.authority === 'answer')
    return { attempt, counters };
  const base = attempt;
  const settle = (outcome: AttemptOutcome, message: string): AttemptState | null =>
    base
      ? { ...base, outcome, authority: 'answer', message: message.slice(0, 300), settledAt: now }
      : attempt;
  const withCount = (
    wrongCodes: number,
    locked = clampCount(wrongCodes) >= MAX_ATTEMPTS,
  ): FailureCounters => ({
    ...soundCounters(counters),
    wrongCodes: clampCount(wrongCodes),
    // Five wrong codes are the lock, whatever else is said.
    codesLocked: locked || clampCount(wrongCodes) >= MAX_ATTEMPTS,
    updatedAt: now,
  });
  const restored = base ? base.countBefore : counters.wrongCodes;
  // A stated count that is no count (NaN, 4.5, -1) is as if none was stated.
  const stated = 'errorCount' in answer ? readPageCount(answer.errorCount) : null;
  switch (answer.type) {
    case 'accepted':
      return { attempt: settle('success', answer.message), counters: withCount(0, false) };
    case 'mismatch': {
      // HRD's own count when it states one; otherwise one more than before this attempt.
      const wrongCodes = stated ?? (base ? base.countBefore + 1 : clampCount(counters.wrongCodes) + 1);
      return {
        attempt: settle(clampCount(wrongCodes) >= MAX_ATTEMPTS ? 'locked' : 'failure', answer.message),
        counters: withCount(wrongCodes),
      };
    }
    case 'locked':
      return { attempt: settle('locked', answer.message), counters: withCount(MAX_ATTEMPTS, true) };
    case 'ready':
      return { attempt, counters: stated === null ? counters : withCount(stated) };
    case 'notRegistered':
      // Not an attempt: the count before it comes back, and with five wrong codes the lock stays.
      return {
        attempt: settle('notRegistered', answer.message),
        counters: withCount(
          restored,
          (counters.codesLocked && !base) || clampCount(restored) >= MAX_ATTEMPTS,
        ),
      };
    case 'serviceDown':
      return {
        attempt: settle('unavailable', answer.message),
        counters: stated === null ? withCount(restored, counters.codesLocked) : withCount(stated),
      };
    case 'inputError':
      return {
        attempt: settle('unavailable', answer.message),
        counters: withCount(restored, counters.codesLocked),
      };
    case 'reset':
      // A pending attempt now counts from the fresh start, not from the count the reset cleared.
      return {
        attempt: attempt?.outcome === 'pending' ? { ...attempt, countBefore: 0 } : attempt,
        counters: withCount(0, false),
      };
    case 'resetFailed':
    case 'unreadable':
      return { attempt, counters };
  }
}

/**
 * The page's alert about the attempt: it settles only what no answer has settled. An alert that
 * says "locked" without an answer is believed (stricter); one that says "outage" restores the count.
 */
export function afterDialog(
  attempt: AttemptState,
  counters: FailureCounters,
  meaning: DialogMeaning,
  text: string,
  now: number,
): AttemptStep {
  if (attempt.authority && RANK[attempt.authority] >= RANK.dialog) return { attempt, counters };
  const settle = (outcome: AttemptOutcome): AttemptState => ({
    ...attempt,
    outcome,
    authority: 'dialog',
    message: text.slice(0, 300),
    settledAt: now,
  });
  switch (meaning) {
    case 'accepted':
    case 'acceptedAgain':
      return {
        attempt: settle(meaning === 'accepted' ? 'success' : 'successAgain'),
        counters: { ...soundCounters(counters), wrongCodes: 0, codesLocked: false, updatedAt: now },
      };
    case 'mismatch': {
      const wrongCodes = clampCount(attempt.countBefore + 1);
      return {
        attempt: settle(wrongCodes >= MAX_ATTEMPTS ? 'locked' : 'failure'),
        counters: {
          ...soundCounters(counters),
          wrongCodes,
          codesLocked: wrongCodes >= MAX_ATTEMPTS,
          updatedAt: now,
        },
      };
    }
    case 'locked':
      return {
        attempt: settle('locked'),
        counters: {
          ...soundCounters(counters),
          wrongCodes: MAX_ATTEMPTS,
          codesLocked: true,
          updatedAt: now,
        },
      };
    case 'serviceDown':
      return {
        attempt: settle('unavailable'),
        counters: {
          ...soundCounters(counters),
          wrongCodes: clampCount(attempt.countBefore),
          codesLocked: counters.codesLocked || clampCount(attempt.countBefore) >= MAX_ATTEMPTS,
          updatedAt: now,
        },
      };
  }
}

/** An alert right after an accepted answer that asks for "one more" turns the pass into `successAgain`. */
export function markAskedAgain(attempt: AttemptState): AttemptState {
  return attempt.outcome === 'success' ? { ...attempt, outcome: 'successAgain' } : attempt;
}

/** A pending attempt with no answer after `timeoutMs` is unknown; its stricter count stands. */
export function expireAttempt(attempt: AttemptState, now: number, timeoutMs: number): AttemptState {
  if (attempt.outcome !== 'pending' || now - attempt.submittedAt < timeoutMs) return attempt;
  return { ...attempt, outcome: 'unknown', settledAt: now };
}
