import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterCorrectPin,
  afterPageCount,
  afterRegistration,
  afterVerdict,
  afterVerifierReset,
  afterWrongPin,
  codeAttemptsLeft,
  type FailureCounters,
  INITIAL_COUNTERS,
  MAX_ATTEMPTS,
  pinAttemptsLeft,
  type VerifierVerdict,
} from '@/lib/attempts/transitions';

const T = 1_700_000_000_000;
const withCounters = (patch: Partial<FailureCounters>): FailureCounters => ({
  ...INITIAL_COUNTERS,
  ...patch,
});

function repeat(times: number, step: (c: FailureCounters) => FailureCounters, start = INITIAL_COUNTERS) {
  let counters = start;
  for (let i = 0; i < times; i += 1) counters = step(counters);
  return counters;
}

describe('limits', () => {
  it('are five for PINs and five for codes (the manual)', () => {
    expect(MAX_ATTEMPTS).toBe(5);
  });

  it('start with everything available', () => {
    expect(pinAttemptsLeft(INITIAL_COUNTERS)).toBe(5);
    expect(codeAttemptsLeft(INITIAL_COUNTERS)).toBe(5);
  });
});

describe('wrong PINs', () => {
  it('count down 4, 3, 2, 1 and the 5th wipes the secret', () => {
    let counters = INITIAL_COUNTERS;
    const left: number[] = [];
    for (let i = 1; i <= 4; i += 1) {
      counters = afterWrongPin(counters, T + i);
      left.push(pinAttemptsLeft(counters));
      expect(counters.secretWiped).toBe(false);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    counters = afterWrongPin(counters, T + 5);
    expect(counters).toMatchObject({ wrongPins: 5, secretWiped: true, updatedAt: T + 5 });
    expect(pinAttemptsLeft(counters)).toBe(0);
  });

  it('never count past the maximum, and the wipe sticks', () => {
    const counters = repeat(12, (c) => afterWrongPin(c, T));
    expect(counters.wrongPins).toBe(MAX_ATTEMPTS);
    expect(counters.secretWiped).toBe(true);
    expect(pinAttemptsLeft(counters)).toBe(0);
  });

  it('a correct PIN resets the count but does not bring a wiped secret back', () => {
    const three = repeat(3, (c) => afterWrongPin(c, T));
    expect(afterCorrectPin(three, T + 9)).toMatchObject({
      wrongPins: 0,
      secretWiped: false,
      updatedAt: T + 9,
    });
    const wiped = repeat(5, (c) => afterWrongPin(c, T));
    expect(afterCorrectPin(wiped, T).secretWiped).toBe(true);
  });

  it('do not touch the code counters', () => {
    const start = withCounters({ wrongCodes: 2 });
    expect(afterWrongPin(start, T)).toMatchObject({ wrongCodes: 2, codesLocked: false });
  });
});

describe('verifier verdicts', () => {
  it('a failure without a count from the server counts one locally', () => {
    const after = afterVerdict(
      withCounters({ wrongCodes: 1 }),
      { outcome: 'failure', attemptsLeft: null },
      T,
    );
    expect(after).toMatchObject({ wrongCodes: 2, codesLocked: false, updatedAt: T });
    expect(codeAttemptsLeft(after)).toBe(3);
  });

  it('server says fewer attempts left than local → server wins', () => {
    // Local: 1 failure so far, +1 now → 2 (3 left). Server: 2 left → 3 failures.
    const after = afterVerdict(withCounters({ wrongCodes: 1 }), { outcome: 'failure', attemptsLeft: 2 }, T);
    expect(after.wrongCodes).toBe(3);
    expect(codeAttemptsLeft(after)).toBe(2);
  });

  it('server says more attempts left than local → local (stricter) wins', () => {
    // Local: 3 failures so far, +1 now → 4 (1 left). Server: 4 left.
    const after = afterVerdict(withCounters({ wrongCodes: 3 }), { outcome: 'failure', attemptsLeft: 4 }, T);
    expect(after.wrongCodes).toBe(4);
    expect(codeAttemptsLeft(after)).toBe(1);
    expect(after.codesLocked).toBe(false);
  });

  it('server says 0 left → locked at once', () => {
    const after = afterVerdict(INITIAL_COUNTERS, { outcome: 'failure', attemptsLeft: 0 }, T);
    expect(after).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(codeAttemptsLeft(after)).toBe(0);
  });

  it('the 5th local failure locks', () => {
    const after = repeat(5, (c) => afterVerdict(c, { outcome: 'failure', attemptsLeft: null }, T));
    expect(after).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(codeAttemptsLeft(after)).toBe(0);
  });

  it("'locked' locks whatever the count was", () => {
    const after = afterVerdict(withCounters({ wrongCodes: 1 }), { outcome: 'locked' }, T);
    expect(after).toMatchObject({ wrongCodes: 5, codesLocked: true, updatedAt: T });
    expect(codeAttemptsLeft(after)).toBe(0);
  });

  it('success clears the code count and the lock, but not the PIN state', () => {
    const start = withCounters({ wrongCodes: 5, codesLocked: true, wrongPins: 2 });
    const after = afterVerdict(start, { outcome: 'success' }, T);
    expect(after).toMatchObject({ wrongCodes: 0, codesLocked: false, wrongPins: 2, updatedAt: T });
    expect(codeAttemptsLeft(after)).toBe(5);
  });

  it('counts never exceed the maximum, whatever the server says', () => {
    for (const attemptsLeft of [-3, -1, 0, 1, 5, 9, null]) {
      const after = repeat(8, (c) => afterVerdict(c, { outcome: 'failure', attemptsLeft }, T));
      expect(after.wrongCodes, String(attemptsLeft)).toBe(MAX_ATTEMPTS);
      expect(after.codesLocked).toBe(true);
    }
  });

  it('a locked state reports no attempts even if the count is off', () => {
    expect(codeAttemptsLeft(withCounters({ wrongCodes: 0, codesLocked: true }))).toBe(0);
  });

  it('does not mutate its input', () => {
    const start = withCounters({ wrongCodes: 2 });
    const snapshot = { ...start };
    afterVerdict(start, { outcome: 'failure', attemptsLeft: 1 }, T);
    afterWrongPin(start, T);
    expect(start).toEqual(snapshot);
  });
});

describe('afterPageCount (the count a page states before any try)', () => {
  it('a page showing fewer attempts than we know of wins (stricter)', () => {
    const after = afterPageCount(withCounters({ wrongCodes: 1 }), 2, T);
    expect(after).toMatchObject({ wrongCodes: 3, codesLocked: false, updatedAt: T });
    expect(codeAttemptsLeft(after)).toBe(2);
  });

  it('a page showing as many or more attempts never loosens the local count', () => {
    const start = withCounters({ wrongCodes: 3, updatedAt: 7 });
    for (const attemptsLeft of [2, 3, 4, 5, 9]) {
      const after = afterPageCount(start, attemptsLeft, T);
      expect(after.wrongCodes, String(attemptsLeft)).toBe(3);
      expect(codeAttemptsLeft(after)).toBe(2);
    }
    expect(afterPageCount(start, 5, T)).toBe(start);
    expect(afterPageCount(start, 2, T)).toBe(start);
  });

  it('never lifts a lock, even when the page shows all five attempts again', () => {
    const locked = withCounters({ wrongCodes: 5, codesLocked: true });
    expect(afterPageCount(locked, 5, T)).toBe(locked);
    expect(codeAttemptsLeft(afterPageCount(locked, 5, T))).toBe(0);
  });

  it('0 left locks', () => {
    const after = afterPageCount(withCounters({ wrongCodes: 2 }), 0, T);
    expect(after).toMatchObject({ wrongCodes: 5, codesLocked: true, updatedAt: T });
    expect(codeAttemptsLeft(after)).toBe(0);
  });

  it('out-of-range counts are clamped: below 0 locks, above 5 changes nothing', () => {
    expect(afterPageCount(INITIAL_COUNTERS, -2, T)).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(afterPageCount(INITIAL_COUNTERS, 12, T)).toBe(INITIAL_COUNTERS);
  });

  it('leaves the PIN state alone', () => {
    const start = withCounters({ wrongPins: 3, secretWiped: false });
    expect(afterPageCount(start, 1, T)).toMatchObject({ wrongPins: 3, secretWiped: false, wrongCodes: 4 });
  });
});

describe('afterVerifierReset (the institute confirmed identity verification)', () => {
  it('clears the code count and the lock', () => {
    const after = afterVerifierReset(withCounters({ wrongCodes: 5, codesLocked: true }), T);
    expect(after).toMatchObject({ wrongCodes: 0, codesLocked: false, updatedAt: T });
    expect(codeAttemptsLeft(after)).toBe(5);
  });

  it('does not bring a wiped secret back, nor forget wrong PINs', () => {
    const start = withCounters({ wrongPins: 5, secretWiped: true, wrongCodes: 2 });
    expect(afterVerifierReset(start, T)).toEqual({
      ...start,
      wrongCodes: 0,
      codesLocked: false,
      updatedAt: T,
    });
  });
});

describe('afterRegistration', () => {
  it('clears PIN state and the wipe but keeps a code lock', () => {
    const start = withCounters({ wrongPins: 5, secretWiped: true, wrongCodes: 5, codesLocked: true });
    expect(afterRegistration(start, T)).toEqual({
      wrongPins: 0,
      secretWiped: false,
      wrongCodes: 5,
      codesLocked: true,
      updatedAt: T,
    });
  });
});

describe('properties', () => {
  const verdict: fc.Arbitrary<VerifierVerdict> = fc.oneof(
    { arbitrary: fc.constant<VerifierVerdict>({ outcome: 'success' }), weight: 1 },
    { arbitrary: fc.constant<VerifierVerdict>({ outcome: 'locked' }), weight: 1 },
    {
      arbitrary: fc
        .option(fc.integer({ min: -10, max: 10 }), { nil: null })
        .map((attemptsLeft): VerifierVerdict => ({ outcome: 'failure', attemptsLeft })),
      weight: 6,
    },
  );

  it('any sequence of verdicts keeps 0 ≤ wrongCodes ≤ 5, attempts left ≥ 0, and 5 failures means locked', () => {
    fc.assert(
      fc.property(fc.array(verdict, { maxLength: 30 }), (verdicts) => {
        let counters = INITIAL_COUNTERS;
        for (const v of verdicts) {
          const before = counters;
          counters = afterVerdict(counters, v, T);
          expect(counters.wrongCodes).toBeGreaterThanOrEqual(0);
          expect(counters.wrongCodes).toBeLessThanOrEqual(MAX_ATTEMPTS);
          expect(codeAttemptsLeft(counters)).toBeGreaterThanOrEqual(0);
          if (counters.wrongCodes === MAX_ATTEMPTS) expect(counters.codesLocked).toBe(true);
          if (counters.codesLocked) expect(codeAttemptsLeft(counters)).toBe(0);
          // A failure never lowers the count, and never shows more attempts than the server allows.
          if (v.outcome === 'failure') {
            expect(counters.wrongCodes).toBeGreaterThan(Math.min(before.wrongCodes, MAX_ATTEMPTS - 1));
            if (v.attemptsLeft !== null) {
              expect(codeAttemptsLeft(counters)).toBeLessThanOrEqual(Math.max(0, v.attemptsLeft));
            }
          }
        }
      }),
    );
  });

  type CodeStep =
    | { readonly op: 'verdict'; readonly verdict: VerifierVerdict }
    | { readonly op: 'page'; readonly attemptsLeft: number }
    | { readonly op: 'reset' }
    | { readonly op: 'pin'; readonly correct: boolean };

  const codeStep: fc.Arbitrary<CodeStep> = fc.oneof(
    { arbitrary: verdict.map((v): CodeStep => ({ op: 'verdict', verdict: v })), weight: 5 },
    {
      arbitrary: fc.integer({ min: -2, max: 7 }).map((n): CodeStep => ({ op: 'page', attemptsLeft: n })),
      weight: 3,
    },
    { arbitrary: fc.constant<CodeStep>({ op: 'reset' }), weight: 1 },
    { arbitrary: fc.boolean().map((correct): CodeStep => ({ op: 'pin', correct })), weight: 1 },
  );

  function apply(counters: FailureCounters, step: CodeStep): FailureCounters {
    switch (step.op) {
      case 'verdict':
        return afterVerdict(counters, step.verdict, T);
      case 'page':
        return afterPageCount(counters, step.attemptsLeft, T);
      case 'reset':
        return afterVerifierReset(counters, T);
      case 'pin':
        return step.correct ? afterCorrectPin(counters, T) : afterWrongPin(counters, T);
    }
  }

  it('verdicts, page counts and resets mixed: 0 ≤ wrongCodes ≤ 5, locked iff 5, only success or a reset lowers it', () => {
    fc.assert(
      fc.property(fc.array(codeStep, { maxLength: 40 }), (steps) => {
        let counters = INITIAL_COUNTERS;
        for (const step of steps) {
          const before = counters;
          counters = apply(counters, step);
          expect(counters.wrongCodes).toBeGreaterThanOrEqual(0);
          expect(counters.wrongCodes).toBeLessThanOrEqual(MAX_ATTEMPTS);
          expect(counters.codesLocked).toBe(counters.wrongCodes === MAX_ATTEMPTS);
          const lowers = step.op === 'reset' || (step.op === 'verdict' && step.verdict.outcome === 'success');
          if (!lowers) {
            expect(counters.wrongCodes).toBeGreaterThanOrEqual(before.wrongCodes);
            if (before.codesLocked) expect(counters.codesLocked).toBe(true);
          }
          if (step.op === 'reset') expect(counters).toMatchObject({ wrongCodes: 0, codesLocked: false });
          // Never more attempts than the verifier (through the page) allows.
          if (step.op === 'page') {
            expect(codeAttemptsLeft(counters)).toBeLessThanOrEqual(
              Math.max(0, Math.min(5, step.attemptsLeft)),
            );
          }
          // PIN and code state do not leak into each other.
          if (step.op !== 'pin') expect(counters.wrongPins).toBe(before.wrongPins);
          else expect(counters.wrongCodes).toBe(before.wrongCodes);
        }
      }),
    );
  });

  it('any sequence of PIN results keeps 0 ≤ wrongPins ≤ 5 and 5 wrong PINs means wiped', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 30 }), (results) => {
        let counters = INITIAL_COUNTERS;
        let wipedOnce = false;
        for (const correct of results) {
          counters = correct ? afterCorrectPin(counters, T) : afterWrongPin(counters, T);
          expect(counters.wrongPins).toBeGreaterThanOrEqual(0);
          expect(counters.wrongPins).toBeLessThanOrEqual(MAX_ATTEMPTS);
          if (counters.wrongPins === MAX_ATTEMPTS) expect(counters.secretWiped).toBe(true);
          wipedOnce ||= counters.secretWiped;
          expect(counters.secretWiped).toBe(wipedOnce);
        }
      }),
    );
  });
});
