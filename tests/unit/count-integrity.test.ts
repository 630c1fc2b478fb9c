/**
 * Counts are integers 0–5 whatever a page or an answer says: a capture of
 * non-digits, `NaN`, `Infinity`, `-1`, `7` or `4.5` never makes a stored count NaN or out of
 * range, and the lock engages at five.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttemptState,
  afterAnswer,
  afterDialog,
  clampCount,
  readPageCount,
  startAttempt,
} from '@/lib/attempts/authority';
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
} from '@/lib/attempts/transitions';
import { readAttemptsLeft } from '@/lib/checkpoints/detect';
import type { AuthorityAnswer, DialogMeaning } from '@/lib/hrd/answers';
import type { AttemptsRule } from '@/lib/profiles/types';

const T = 1_700_000_000_000;
const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 5;

function expectSound(counters: FailureCounters): void {
  expect(isCount(counters.wrongCodes), `wrongCodes ${counters.wrongCodes}`).toBe(true);
  expect(isCount(counters.wrongPins), `wrongPins ${counters.wrongPins}`).toBe(true);
  expect(isCount(codeAttemptsLeft(counters))).toBe(true);
  expect(isCount(pinAttemptsLeft(counters))).toBe(true);
}

/** What a page or an answer could hand over where a count is expected. */
const strangeNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 7, 4.5, -0, 1e308),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
);

describe('a page capture that is not a count', () => {
  const greedy: AttemptsRule = { pattern: '남은 횟수:?\\s*(\\S+)\\s*회', counts: 'left' };
  const failed: AttemptsRule = { pattern: '실패\\s*(\\S+)\\s*회', counts: 'failed' };

  it.each([['abc'], ['NaN'], ['Infinity'], ['-1'], ['4.5'], ['0x3'], ['1e1'], ['３']])(
    '"남은 횟수: %s회" states no count',
    (capture) => {
      expect(readAttemptsLeft(greedy, `남은 횟수: ${capture}회`)).toBeNull();
      expect(readAttemptsLeft(failed, `실패 ${capture}회`)).toBeNull();
    },
  );

  it('a group that captures nothing or an empty string states no count', () => {
    expect(readAttemptsLeft({ pattern: '남은 횟수', counts: 'left' }, '남은 횟수: 3회')).toBeNull();
    expect(readAttemptsLeft({ pattern: '남은 횟수:(\\d*)', counts: 'left' }, '남은 횟수:회')).toBeNull();
  });

  it('more than five is read as at most five', () => {
    expect(readAttemptsLeft(greedy, '남은 횟수: 7회')).toBe(5);
    expect(readAttemptsLeft(failed, '실패 7회')).toBe(0);
  });

  it('property: whatever the capture, the count read is null or an integer 0–5', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom<AttemptsRule['counts']>('left', 'failed'),
        (capture, counts) => {
          const left = readAttemptsLeft({ pattern: '<(.*)>', counts }, `<${capture}>`);
          expect(left === null || isCount(left)).toBe(true);
        },
      ),
    );
  });
});

describe('readPageCount', () => {
  it('takes integers 0–5 and clamps other integers into the range', () => {
    expect(readPageCount(0)).toBe(0);
    expect(readPageCount(3)).toBe(3);
    expect(readPageCount(7)).toBe(5);
    expect(readPageCount(-1)).toBe(0);
    expect(Object.is(readPageCount(-0), 0)).toBe(true);
  });

  it('ignores what is not a count', () => {
    const values = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      4.5,
      '3',
      null,
      undefined,
    ];
    for (const value of values) {
      expect(readPageCount(value), String(value)).toBeNull();
    }
  });
});

describe('the transitions never store a count that is not one', () => {
  it('a page count of NaN changes nothing (it used to store NaN)', () => {
    const before = { ...INITIAL_COUNTERS, wrongCodes: 2 };
    expect(afterPageCount(before, Number.NaN, T)).toBe(before);
    expect(afterPageCount(before, 4.5, T)).toBe(before);
  });

  it('a failure verdict with a NaN count still counts the failure, and five lock', () => {
    let counters = INITIAL_COUNTERS;
    for (let i = 0; i < 5; i += 1) {
      counters = afterVerdict(counters, { outcome: 'failure', attemptsLeft: Number.NaN }, T + i);
      expectSound(counters);
    }
    expect(counters.wrongCodes).toBe(MAX_ATTEMPTS);
    expect(counters.codesLocked).toBe(true);
  });

  it('a mismatch whose error count is NaN counts one more, not a lock', () => {
    const started = startAttempt('p:1', INITIAL_COUNTERS, 'page', T);
    const next = afterAnswer(
      started.attempt,
      started.counters,
      { type: 'mismatch', errorCount: Number.NaN, message: '' },
      T,
    );
    expect(next.counters.wrongCodes).toBe(1);
    expect(next.counters.codesLocked).toBe(false);
  });

  it('a status with a NaN error count changes nothing', () => {
    const before = { ...INITIAL_COUNTERS, wrongCodes: 2 };
    expect(afterAnswer(null, before, { type: 'ready', errorCount: Number.NaN }, T).counters).toBe(before);
  });

  it('counters stored as NaN by an earlier version come back as the stricter count', () => {
    const corrupt = { ...INITIAL_COUNTERS, wrongCodes: Number.NaN, wrongPins: Number.NaN };
    expectSound(startAttempt('p:1', corrupt, 'page', T).counters);
    expectSound(afterVerdict(corrupt, { outcome: 'failure', attemptsLeft: null }, T));
    expect(afterVerdict(corrupt, { outcome: 'failure', attemptsLeft: null }, T).codesLocked).toBe(true);
    expectSound(afterWrongPin(corrupt, T));
    expect(codeAttemptsLeft(corrupt)).toBe(0);
    expect(pinAttemptsLeft(corrupt)).toBe(0);
  });
});

type Op =
  | { readonly op: 'start'; readonly method: 'app' | 'page' }
  | { readonly op: 'answer'; readonly answer: AuthorityAnswer }
  | { readonly op: 'dialog'; readonly meaning: DialogMeaning }
  | { readonly op: 'page'; readonly left: number }
  | { readonly op: 'pageText'; readonly text: string; readonly counts: AttemptsRule['counts'] }
  | { readonly op: 'verdict'; readonly kind: 'success' | 'failure' | 'locked'; readonly left: number | null }
  | { readonly op: 'pin'; readonly right: boolean }
  | { readonly op: 'registration' | 'reset' };

const count = fc.oneof(fc.constant(null), strangeNumber);
const answerArb: fc.Arbitrary<AuthorityAnswer> = fc.oneof(
  fc.record({ type: fc.constant('accepted' as const), message: fc.string() }),
  fc.record({ type: fc.constant('mismatch' as const), errorCount: count, message: fc.string() }),
  fc.record({ type: fc.constant('locked' as const), message: fc.string() }),
  fc.record({ type: fc.constant('ready' as const), errorCount: count }),
  fc.record({ type: fc.constant('notRegistered' as const), message: fc.string() }),
  fc.record({ type: fc.constant('serviceDown' as const), errorCount: count, message: fc.string() }),
  fc.record({ type: fc.constant('inputError' as const), message: fc.string() }),
  fc.constantFrom<AuthorityAnswer>({ type: 'reset' }, { type: 'resetFailed' }, { type: 'unreadable' }),
);
/** Page texts where a capture of anything, digits or not, sits where the count is. */
const pageText = fc.oneof(
  fc.string().map((s) => `남은 횟수: ${s}회`),
  fc.string().map((s) => `실패 ${s}회 / 5회`),
  fc.constantFrom(
    '남은 횟수: abc회',
    '남은 횟수: NaN회',
    '남은 횟수: -1회',
    '남은 횟수: 7회',
    '남은 횟수: 4.5회',
  ),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('start' as const), method: fc.constantFrom<'app' | 'page'>('app', 'page') }),
  fc.record({ op: fc.constant('answer' as const), answer: answerArb }),
  fc.record({
    op: fc.constant('dialog' as const),
    meaning: fc.constantFrom<DialogMeaning>('accepted', 'acceptedAgain', 'mismatch', 'locked', 'serviceDown'),
  }),
  fc.record({ op: fc.constant('page' as const), left: strangeNumber }),
  fc.record({
    op: fc.constant('pageText' as const),
    text: pageText,
    counts: fc.constantFrom<AttemptsRule['counts']>('left', 'failed'),
  }),
  fc.record({
    op: fc.constant('verdict' as const),
    kind: fc.constantFrom<'success' | 'failure' | 'locked'>('success', 'failure', 'locked'),
    left: count,
  }),
  fc.record({ op: fc.constant('pin' as const), right: fc.boolean() }),
  fc.record({ op: fc.constantFrom<'registration' | 'reset'>('registration', 'reset') }),
);

describe('property: over arbitrary page captures and answers', () => {
  it('counters stay integers 0–5 and five settled failures lock', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let counters = INITIAL_COUNTERS;
        let attempt: AttemptState | null = null;
        let now = T;
        for (const op of ops) {
          now += 1000;
          switch (op.op) {
            case 'start': {
              const step = startAttempt(`p:${now}`, counters, op.method, now);
              attempt = step.attempt;
              counters = step.counters;
              break;
            }
            case 'answer': {
              const step = afterAnswer(attempt, counters, op.answer, now);
              attempt = step.attempt;
              counters = step.counters;
              if (op.answer.type === 'mismatch' && counters.wrongCodes >= MAX_ATTEMPTS)
                expect(counters.codesLocked).toBe(true);
              break;
            }
            case 'dialog':
              if (attempt) {
                const step = afterDialog(attempt, counters, op.meaning, '', now);
                attempt = step.attempt;
                counters = step.counters;
                if (op.meaning === 'mismatch' && counters.wrongCodes >= MAX_ATTEMPTS)
                  expect(counters.codesLocked).toBe(true);
              }
              break;
            case 'page': {
              const before = counters;
              counters = afterPageCount(counters, op.left, now);
              if (readPageCount(op.left) === null) expect(counters).toBe(before);
              break;
            }
            case 'pageText': {
              const rule: AttemptsRule =
                op.counts === 'left'
                  ? { pattern: '남은 횟수:?\\s*(\\S*)회', counts: 'left' }
                  : { pattern: '실패\\s*(\\S*)회', counts: 'failed' };
              const left = readAttemptsLeft(rule, op.text);
              if (left !== null) counters = afterPageCount(counters, left, now);
              break;
            }
            case 'verdict':
              counters = afterVerdict(
                counters,
                op.kind === 'failure' ? { outcome: 'failure', attemptsLeft: op.left } : { outcome: op.kind },
                now,
              );
              if (op.kind === 'failure' && counters.wrongCodes >= MAX_ATTEMPTS)
                expect(counters.codesLocked).toBe(true);
              break;
            case 'pin':
              counters = op.right ? afterCorrectPin(counters, now) : afterWrongPin(counters, now);
              break;
            case 'registration':
              counters = afterRegistration(counters, now);
              break;
            case 'reset':
              counters = afterVerifierReset(counters, now);
              break;
          }
          expectSound(counters);
          if (counters.codesLocked) expect(codeAttemptsLeft(counters)).toBe(0);
          if (attempt) expect(isCount(attempt.countBefore)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('clampCount maps anything to an integer 0–5', () => {
    fc.assert(
      fc.property(strangeNumber, (value) => {
        expect(isCount(clampCount(value))).toBe(true);
      }),
    );
  });
});

describe('found by the property above', () => {
  it('a "not registered" answer after the lock does not lift it (five wrong codes stay locked)', () => {
    const locked = { ...INITIAL_COUNTERS, wrongCodes: MAX_ATTEMPTS, codesLocked: true };
    const started = startAttempt('p:1', locked, 'app', T);
    const answered = afterAnswer(
      started.attempt,
      started.counters,
      { type: 'notRegistered', message: '' },
      T + 1,
    );
    expect(answered.counters).toMatchObject({ wrongCodes: MAX_ATTEMPTS, codesLocked: true });
  });

  it('a reset while a code is pending starts that attempt from zero; an input error then leaves no lock', () => {
    const first = startAttempt('p:1', INITIAL_COUNTERS, 'app', T);
    const locked = afterDialog(first.attempt, first.counters, 'locked', '', T + 1);
    const second = startAttempt('p:2', locked.counters, 'app', T + 2);
    const reset = afterAnswer(second.attempt, second.counters, { type: 'reset' }, T + 3);
    const refused = afterAnswer(reset.attempt, reset.counters, { type: 'inputError', message: '' }, T + 4);
    expect(refused.counters).toMatchObject({ wrongCodes: 0, codesLocked: false });
  });
});
