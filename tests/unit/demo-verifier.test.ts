import { describe, expect, it } from 'vitest';
import {
  attemptsLeft,
  createVerifierState,
  DEMO_TOTP_PARAMETERS,
  isCheckpointVerified,
  issueSecret,
  lastVerifiedSession,
  MAX_ATTEMPTS,
  markCheckpointVerified,
  recordEntryPassed,
  recordSessionPassed,
  resetAfterIdentityVerification,
  SESSIONS_PER_CHECK,
  sessionAccess,
  sessionCheckDue,
  type VerifierState,
  verifyCheckpointCode,
} from '../../demo/server/verifier';
import { sixDigitsNotIn } from '../../demo/testing/demo-client';
import { totpCodeForStep } from '../../lib/otp/totp';
import type { TotpKey } from '../../lib/otp/types';

const SECRET = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
const OTHER_SECRET = Uint8Array.from({ length: 20 }, (_, i) => 200 - i);
const KEY: TotpKey = { secret: SECRET, ...DEMO_TOTP_PARAMETERS };
const OTHER_KEY: TotpKey = { secret: OTHER_SECRET, ...DEMO_TOTP_PARAMETERS };

/** Mid-step, so "previous step" and "next step" are unambiguous. */
const STEP = 29_000_000;
const NOW = STEP * 60_000 + 30_000;

const code = (step: number, key: TotpKey = KEY): string => totpCodeForStep(key, step);

/** A code that is neither the current nor the previous step's code (so it must be a mismatch). */
function wrongCode(step: number): string {
  return sixDigitsNotIn([code(step), code(step - 1)]);
}

/** Freezes a state so any accidental mutation throws (test files run in strict mode). */
function frozen(state: VerifierState): VerifierState {
  Object.freeze(state.verifiedCheckpoints);
  Object.freeze(state.lastVerifiedSessions);
  return Object.freeze(state);
}

const enrolled = (): VerifierState => frozen(issueSecret(createVerifierState(), SECRET));

function failTimes(state: VerifierState, times: number): VerifierState {
  let current = state;
  for (let i = 0; i < times; i += 1)
    current = frozen(verifyCheckpointCode(current, wrongCode(STEP), NOW).state);
  return current;
}

describe('verifyCheckpointCode: time window', () => {
  it('accepts the current step and records it', () => {
    const { state, answer } = verifyCheckpointCode(enrolled(), code(STEP), NOW);
    expect(answer).toEqual({ ok: true, reason: 'accepted', step: STEP, attemptsLeft: MAX_ATTEMPTS });
    expect(state.lastAcceptedStep).toBe(STEP);
    expect(state.failures).toBe(0);
  });

  it('accepts the previous step, for a code typed late', () => {
    const { answer } = verifyCheckpointCode(enrolled(), code(STEP - 1), NOW);
    expect(answer).toMatchObject({ ok: true, step: STEP - 1 });
  });

  it('refuses a code two steps back and counts it', () => {
    expect([code(STEP), code(STEP - 1)]).not.toContain(code(STEP - 2));
    const { state, answer } = verifyCheckpointCode(enrolled(), code(STEP - 2), NOW);
    expect(answer).toEqual({ ok: false, reason: 'mismatch', attemptsLeft: 4, locked: false });
    expect(state.failures).toBe(1);
  });

  it('refuses the next step (no future window)', () => {
    expect([code(STEP), code(STEP - 1)]).not.toContain(code(STEP + 1));
    const { answer } = verifyCheckpointCode(enrolled(), code(STEP + 1), NOW);
    expect(answer.reason).toBe('mismatch');
  });

  it('accepts at the very first and last millisecond of a step', () => {
    const start = STEP * 60_000;
    expect(verifyCheckpointCode(enrolled(), code(STEP), start).answer.ok).toBe(true);
    expect(verifyCheckpointCode(enrolled(), code(STEP), start + 59_999).answer.ok).toBe(true);
    // One millisecond later the code is the previous step's: still accepted, two steps later not.
    expect(verifyCheckpointCode(enrolled(), code(STEP), start + 60_000).answer).toMatchObject({
      ok: true,
      step: STEP,
    });
    expect(verifyCheckpointCode(enrolled(), code(STEP), start + 120_000).answer.reason).toBe('mismatch');
  });
});

describe('verifyCheckpointCode: replay', () => {
  it('refuses the same code again and counts it as a failure', () => {
    const first = verifyCheckpointCode(enrolled(), code(STEP), NOW);
    const second = verifyCheckpointCode(frozen(first.state), code(STEP), NOW + 5_000);
    expect(second.answer).toEqual({ ok: false, reason: 'replayed', attemptsLeft: 4, locked: false });
    expect(second.state.failures).toBe(1);
    expect(second.state.lastAcceptedStep).toBe(STEP);
  });

  it('refuses an accepted code in the next minute, when it is still inside the window', () => {
    const first = verifyCheckpointCode(enrolled(), code(STEP), NOW);
    const late = verifyCheckpointCode(frozen(first.state), code(STEP), NOW + 60_000);
    expect(late.answer.reason).toBe('replayed');
  });

  it('refuses an older step after a newer one was accepted', () => {
    const first = verifyCheckpointCode(enrolled(), code(STEP), NOW);
    const older = verifyCheckpointCode(frozen(first.state), code(STEP - 1), NOW);
    expect(older.answer.reason).toBe('replayed');
  });

  it('accepts the next step after a success', () => {
    const first = verifyCheckpointCode(enrolled(), code(STEP), NOW);
    const next = verifyCheckpointCode(frozen(first.state), code(STEP + 1), NOW + 60_000);
    expect(next.answer).toMatchObject({ ok: true, step: STEP + 1 });
  });
});

describe('verifyCheckpointCode: failures and lock', () => {
  it('counts down attempts and locks at exactly MAX_ATTEMPTS', () => {
    expect(MAX_ATTEMPTS).toBe(5);
    const four = failTimes(enrolled(), 4);
    expect(four).toMatchObject({ failures: 4, locked: false });
    expect(attemptsLeft(four)).toBe(1);

    const fifth = verifyCheckpointCode(four, wrongCode(STEP), NOW);
    expect(fifth.answer).toEqual({ ok: false, reason: 'mismatch', attemptsLeft: 0, locked: true });
    expect(fifth.state).toMatchObject({ failures: 5, locked: true });
  });

  it('a replay can be the failure that locks', () => {
    const passed = frozen(verifyCheckpointCode(enrolled(), code(STEP), NOW).state);
    const four = failTimes(passed, 4);
    const replay = verifyCheckpointCode(four, code(STEP), NOW);
    expect(replay.answer).toEqual({ ok: false, reason: 'replayed', attemptsLeft: 0, locked: true });
  });

  it('once locked, answers locked without checking, even for the right code, and changes nothing', () => {
    const locked = failTimes(enrolled(), 5);
    for (const input of [code(STEP), wrongCode(STEP), 'abc', '']) {
      const result = verifyCheckpointCode(locked, input, NOW);
      expect(result.answer).toEqual({ ok: false, reason: 'locked', attemptsLeft: 0, locked: true });
      expect(result.state).toBe(locked);
    }
  });

  it('a success resets the failure count', () => {
    const three = failTimes(enrolled(), 3);
    const { state, answer } = verifyCheckpointCode(three, code(STEP), NOW);
    expect(answer).toMatchObject({ ok: true, attemptsLeft: 5 });
    expect(state.failures).toBe(0);
  });
});

describe('verifyCheckpointCode: input that is not a code', () => {
  it.each([
    ['', 'empty'],
    ['12345', 'tooShort'],
    ['1234567', 'tooLong'],
    ['12a456', 'notDigits'],
    ['١٢٣٤٥٦', 'notDigits'],
  ])('%j is malformed (%s) and costs no attempt', (input, error) => {
    const state = failTimes(enrolled(), 2);
    const result = verifyCheckpointCode(state, input, NOW);
    expect(result.answer).toEqual({ ok: false, reason: 'malformed', error, attemptsLeft: 3, locked: false });
    expect(result.state).toBe(state);
  });

  it('full-width digits and spaces are normalised, not refused', () => {
    const ascii = code(STEP);
    const fullWidth = ascii.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xff10 - 0x30));
    const spaced = `${fullWidth.slice(0, 3)} ${fullWidth.slice(3)}`;
    expect(verifyCheckpointCode(enrolled(), spaced, NOW).answer.ok).toBe(true);
  });

  it('answers notEnrolled without a secret and counts nothing', () => {
    const fresh = frozen(createVerifierState());
    const result = verifyCheckpointCode(fresh, code(STEP), NOW);
    expect(result.answer).toEqual({ ok: false, reason: 'notEnrolled', attemptsLeft: 5, locked: false });
    expect(result.state).toBe(fresh);
  });
});

describe('issueSecret', () => {
  it('replaces the previous secret: old codes stop working, new ones work', () => {
    const passed = frozen(verifyCheckpointCode(enrolled(), code(STEP), NOW).state);
    const reissued = frozen(issueSecret(passed, OTHER_SECRET));
    expect(reissued.secretBase32).not.toBe(passed.secretBase32);
    expect(reissued.lastAcceptedStep).toBeNull();

    expect(code(STEP, OTHER_KEY)).not.toBe(code(STEP));
    expect(verifyCheckpointCode(reissued, code(STEP), NOW).answer.reason).toBe('mismatch');
    expect(verifyCheckpointCode(reissued, code(STEP, OTHER_KEY), NOW).answer.ok).toBe(true);
  });

  it('keeps failures, the lock and verified checkpoints', () => {
    const locked = frozen(markCheckpointVerified(failTimes(enrolled(), 5), 'c101:entry'));
    const reissued = issueSecret(locked, OTHER_SECRET);
    expect(reissued).toMatchObject({ failures: 5, locked: true, verifiedCheckpoints: ['c101:entry'] });
    expect(verifyCheckpointCode(reissued, code(STEP, OTHER_KEY), NOW).answer.reason).toBe('locked');
  });

  it('refuses a secret shorter than 128 bits', () => {
    expect(() => issueSecret(createVerifierState(), new Uint8Array(15))).toThrow(RangeError);
  });
});

describe('resetAfterIdentityVerification and checkpoints', () => {
  it('clears the lock and failures but keeps the secret', () => {
    const locked = failTimes(enrolled(), 5);
    const reset = frozen(resetAfterIdentityVerification(locked));
    expect(reset).toMatchObject({ failures: 0, locked: false, secretBase32: locked.secretBase32 });
    expect(verifyCheckpointCode(reset, code(STEP), NOW).answer.ok).toBe(true);
  });

  it('records a checkpoint once', () => {
    const once = frozen(markCheckpointVerified(enrolled(), 'c101:entry'));
    expect(markCheckpointVerified(once, 'c101:entry')).toBe(once);
    expect(isCheckpointVerified(once, 'c101:entry')).toBe(true);
    expect(isCheckpointVerified(once, 'c102:entry')).toBe(false);
  });
});

describe('course progress: the every-8-sessions rule', () => {
  const COURSE_SESSIONS = 20;
  /** Which sessions of a 20-session course would ask for a check right now. */
  const asking = (state: VerifierState, courseId = 'c101'): number[] =>
    Array.from({ length: COURSE_SESSIONS }, (_, i) => i + 1).filter(
      (n) => sessionAccess(state, courseId, n) === 'checkRequired',
    );

  it('asks when n − last ≥ 8', () => {
    expect(SESSIONS_PER_CHECK).toBe(8);
    expect(sessionCheckDue(1, 8)).toBe(false);
    expect(sessionCheckDue(1, 9)).toBe(true);
    expect(sessionCheckDue(9, 16)).toBe(false);
    expect(sessionCheckDue(9, 17)).toBe(true);
    expect(sessionCheckDue(17, 1)).toBe(false);
  });

  it('walks a whole course: entry → 1; 9 asks; passed at 9, 10–16 do not and 17 asks', () => {
    const fresh = frozen(createVerifierState());
    expect(lastVerifiedSession(fresh, 'c101')).toBeNull();
    for (let n = 1; n <= COURSE_SESSIONS; n += 1)
      expect(sessionAccess(fresh, 'c101', n)).toBe('entryRequired');

    const entered = frozen(recordEntryPassed(fresh, 'c101'));
    expect(lastVerifiedSession(entered, 'c101')).toBe(1);
    expect(asking(entered)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    // Other courses are untouched.
    expect(sessionAccess(entered, 'c102', 2)).toBe('entryRequired');

    const at9 = frozen(recordSessionPassed(entered, 'c101', 9));
    expect(lastVerifiedSession(at9, 'c101')).toBe(9);
    expect(asking(at9)).toEqual([17, 18, 19, 20]);
    for (let n = 1; n <= 16; n += 1) expect(sessionAccess(at9, 'c101', n)).toBe('open');

    const at17 = frozen(recordSessionPassed(at9, 'c101', 17));
    expect(asking(at17)).toEqual([]);
  });

  it('a check passed further on covers from there (opening 12 first asks at 12, then 20)', () => {
    const entered = frozen(recordEntryPassed(createVerifierState(), 'c101'));
    const at12 = frozen(recordSessionPassed(entered, 'c101', 12));
    expect(asking(at12)).toEqual([20]);
  });

  it('never moves progress back: a second entry pass or an older session keeps the state', () => {
    const at9 = frozen(recordSessionPassed(recordEntryPassed(createVerifierState(), 'c101'), 'c101', 9));
    expect(recordEntryPassed(at9, 'c101')).toBe(at9);
    expect(recordSessionPassed(at9, 'c101', 5)).toBe(at9);
    expect(() => recordSessionPassed(at9, 'c101', 0)).toThrow(RangeError);
    expect(() => recordSessionPassed(at9, 'c101', 1.5)).toThrow(RangeError);
  });

  it('progress survives a lock, an identity reset and a re-issued key', () => {
    const at9 = frozen(recordSessionPassed(recordEntryPassed(enrolled(), 'c101'), 'c101', 9));
    const locked = failTimes(at9, 5);
    expect(lastVerifiedSession(locked, 'c101')).toBe(9);
    expect(lastVerifiedSession(resetAfterIdentityVerification(locked), 'c101')).toBe(9);
    expect(lastVerifiedSession(issueSecret(locked, OTHER_SECRET), 'c101')).toBe(9);
  });

  it('does not read inherited properties as courses', () => {
    const state = frozen(createVerifierState());
    expect(lastVerifiedSession(state, 'constructor')).toBeNull();
    expect(lastVerifiedSession(state, '__proto__')).toBeNull();
  });
});
