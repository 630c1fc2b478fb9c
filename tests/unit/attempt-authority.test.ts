import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttemptState,
  afterAnswer,
  afterDialog,
  clampCount,
  expireAttempt,
  markAskedAgain,
  startAttempt,
} from '@/lib/attempts/authority';
import { codeAttemptsLeft, type FailureCounters, INITIAL_COUNTERS } from '@/lib/attempts/transitions';
import {
  type AnswerEndpoint,
  type AuthorityAnswer,
  type DialogMeaning,
  endpointFor,
  readAnswer,
} from '@/lib/hrd/answers';

const T = 1_700_000_000_000;
const TIMEOUT = 10_000;

function hrd(url: string): AnswerEndpoint {
  const endpoint = endpointFor(url);
  if (!endpoint) throw new Error(url);
  return endpoint;
}
const V1_RESULT = hrd('https://fds.hrdkorea.or.kr/fdsService/hrdOTP/JSP/validateOtp/chkOtpResult.jsp');
const V1_STATUS = hrd(
  'https://fds.hrdkorea.or.kr/fdsService/hrdOTP/JSP/clientService/chkOtpDeviceStatus.jsp',
);
const V2_ACCREDIT = hrd('https://emonotp.hrdkorea.or.kr/api/v2/otp_accredit');
const V2_RESET = hrd('https://emonotp.hrdkorea.or.kr/api/v2/user_reset');

const counters = (patch: Partial<FailureCounters> = {}): FailureCounters => ({
  ...INITIAL_COUNTERS,
  ...patch,
});

const isCount = (n: number) => Number.isInteger(n) && n >= 0 && n <= 5;

/** HRD's own counter: consecutive errors, the lock at five, cleared only by a reset. */
interface Hrd {
  e: number;
  locked: boolean;
}

type Step =
  | { readonly type: 'try'; readonly right: boolean; readonly lost: boolean }
  | { readonly type: 'status' }
  | { readonly type: 'reset'; readonly lost: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ type: fc.constant('try' as const), right: fc.boolean(), lost: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('status' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reset' as const), lost: fc.boolean() }) },
);

/** HRD answers one try, and its counter moves. */
function hrdTry(state: Hrd, right: boolean, version: 'v1' | 'v2'): string {
  if (!state.locked) {
    if (right) state.e = 0;
    else {
      state.e += 1;
      if (state.e >= 5) state.locked = true;
    }
  }
  if (version === 'v1') {
    if (state.locked)
      return `<result><RetVal>102</RetVal><ErrCnt>${state.e}</ErrCnt><RetMsg>잠김</RetMsg></result>`;
    return right
      ? '<result><RetVal>101</RetVal><ErrCnt>0</ErrCnt><RetMsg>인증 성공</RetMsg></result>'
      : `<result><RetVal>102</RetVal><ErrCnt>${state.e}</ErrCnt><RetMsg>불일치</RetMsg></result>`;
  }
  if (state.locked) return JSON.stringify({ code: 'AP009', msg: '5회 오류' });
  return JSON.stringify(right ? { code: '200', msg: '성공' } : { code: 'AP001', msg: '불일치' });
}

function hrdStatus(state: Hrd): string {
  return state.locked
    ? `<result><ConnStatus>101</ConnStatus><OtpStatus>102</OtpStatus><ErrCnt>${state.e}</ErrCnt></result>`
    : `<result><ConnStatus>101</ConnStatus><OtpStatus>101</OtpStatus><ErrCnt>${state.e}</ErrCnt></result>`;
}

/**
 * Runs the steps through HRD's counter and the extension's transitions side by side. `check` is
 * called after every step with whether an answer was seen and whether the extension's count is
 * known to be exact (no answer lost since the last answer that stated the count).
 */
function run(
  steps: readonly Step[],
  version: 'v1' | 'v2',
  check: (ext: FailureCounters, state: Hrd, seen: boolean, exact: boolean) => void,
): void {
  const state: Hrd = { e: 0, locked: false };
  let ext = INITIAL_COUNTERS;
  let now = T;
  let exact = true;
  steps.forEach((step, index) => {
    now += 1_000;
    let seen = false;
    if (step.type === 'try') {
      const started = startAttempt(`page:${index}`, ext, 'page', now);
      ext = started.counters;
      const body = hrdTry(state, step.right, version);
      if (step.lost) {
        // The page reloaded before its answer was seen: the attempt expires to unknown.
        const expired = expireAttempt(started.attempt, now + TIMEOUT, TIMEOUT);
        expect(expired.outcome).toBe('unknown');
        expect(expireAttempt(started.attempt, now + TIMEOUT - 1, TIMEOUT)).toBe(started.attempt);
        now += TIMEOUT;
        exact = false;
      } else {
        const endpoint = version === 'v1' ? V1_RESULT : V2_ACCREDIT;
        const answer = readAnswer(endpoint, 200, body);
        const next = afterAnswer(started.attempt, ext, answer, now);
        ext = next.counters;
        expect(next.attempt?.authority).toBe('answer');
        const outcome = state.locked ? 'locked' : step.right ? 'success' : 'failure';
        // After a lost answer a v2 mismatch may read as the lock: the stricter count, never a laxer one.
        if (exact || outcome !== 'failure') expect(next.attempt?.outcome).toBe(outcome);
        else expect(['failure', 'locked']).toContain(next.attempt?.outcome);
        seen = true;
        // v1 answers always state the count; v2 answers state it for a pass (0) and the lock (5).
        if (version === 'v1' || step.right || state.locked) exact = true;
      }
    } else if (step.type === 'status') {
      const next = afterAnswer(null, ext, readAnswer(V1_STATUS, 200, hrdStatus(state)), now);
      expect(next.attempt).toBeNull();
      ext = next.counters;
      seen = true;
      exact = true;
    } else {
      state.e = 0;
      state.locked = false;
      if (step.lost) exact = false;
      else {
        ext = afterAnswer(null, ext, readAnswer(V2_RESET, 200, '{"code":"200"}'), now).counters;
        seen = true;
        exact = true;
      }
    }
    expect(isCount(ext.wrongCodes)).toBe(true);
    check(ext, state, seen, exact);
  });
}

describe('the extension follows HRD’s counter', () => {
  it('v1: after every answer seen, the count and lock are HRD’s exactly', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        run(steps, 'v1', (ext, state, seen) => {
          if (!seen) return;
          expect(ext.wrongCodes).toBe(state.e);
          expect(ext.codesLocked).toBe(state.locked);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('v2: the count is HRD’s while no answer was lost, and never lower than HRD’s', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        run(steps, 'v2', (ext, state, seen, exact) => {
          // The stricter count: never fewer wrong codes, never more attempts left than HRD allows.
          expect(ext.wrongCodes).toBeGreaterThanOrEqual(state.e);
          expect(codeAttemptsLeft(ext)).toBeLessThanOrEqual(state.locked ? 0 : 5 - state.e);
          if (seen && exact) {
            expect(ext.wrongCodes).toBe(state.e);
            expect(ext.codesLocked).toBe(state.locked);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('v1 with lost answers: the stricter count holds in between, and the next answer corrects it', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        run(steps, 'v1', (ext, state) => {
          expect(ext.wrongCodes).toBeGreaterThanOrEqual(state.e);
          expect(codeAttemptsLeft(ext)).toBeLessThanOrEqual(state.locked ? 0 : 5 - state.e);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a concrete run: two wrong, one lost, one right (v2)', () => {
    const seen: Array<[number, boolean]> = [];
    run(
      [
        { type: 'try', right: false, lost: false },
        { type: 'try', right: false, lost: false },
        { type: 'try', right: true, lost: true },
        { type: 'try', right: false, lost: false },
        { type: 'status' },
        { type: 'try', right: true, lost: false },
      ],
      'v2',
      (ext) => seen.push([ext.wrongCodes, ext.codesLocked]),
    );
    // HRD: 1, 2, 0 (unseen: the extension counts 3), 1 (the extension says 4), status 1, 0.
    expect(seen).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [1, false],
      [0, false],
    ]);
  });
});

const pending = (countBefore = 0): AttemptState =>
  startAttempt('p:1', counters({ wrongCodes: countBefore }), 'page', T).attempt;

const answerArb: fc.Arbitrary<AuthorityAnswer> = fc.oneof(
  fc.constant<AuthorityAnswer>({ type: 'accepted', message: 'ok' }),
  fc
    .option(fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double()), { nil: null })
    .map((errorCount): AuthorityAnswer => ({ type: 'mismatch', errorCount, message: '' })),
  fc.constant<AuthorityAnswer>({ type: 'locked', message: '' }),
  fc
    .option(fc.integer({ min: -3, max: 9 }), { nil: null })
    .map((errorCount): AuthorityAnswer => ({ type: 'ready', errorCount })),
  fc.constant<AuthorityAnswer>({ type: 'notRegistered', message: '' }),
  fc
    .option(fc.integer({ min: 0, max: 5 }), { nil: null })
    .map((errorCount): AuthorityAnswer => ({ type: 'serviceDown', errorCount, message: '' })),
  fc.constant<AuthorityAnswer>({ type: 'inputError', message: '' }),
  fc.constant<AuthorityAnswer>({ type: 'reset' }),
  fc.constant<AuthorityAnswer>({ type: 'resetFailed' }),
  fc.constant<AuthorityAnswer>({ type: 'unreadable' }),
);
const dialogArb = fc.constantFrom<DialogMeaning>(
  'accepted',
  'acceptedAgain',
  'mismatch',
  'locked',
  'serviceDown',
);
const countersArb = fc
  .record({ wrongCodes: fc.integer({ min: 0, max: 5 }), codesLocked: fc.boolean() })
  .map((patch) => counters(patch));

describe('authorities', () => {
  it('a dialog never overrides an answer', () => {
    fc.assert(
      fc.property(countersArb, answerArb, dialogArb, fc.string(), (start, answer, meaning, text) => {
        const started = startAttempt('p:1', start, 'page', T);
        const answered = afterAnswer(started.attempt, started.counters, answer, T + 100);
        if (answered.attempt?.authority !== 'answer') return;
        const after = afterDialog(answered.attempt, answered.counters, meaning, text, T + 200);
        expect(after.attempt).toBe(answered.attempt);
        expect(after.counters).toBe(answered.counters);
      }),
    );
  });

  it('an alert worded as an outage after an AP001 answer changes nothing', () => {
    const started = startAttempt('p:1', counters({ wrongCodes: 2 }), 'page', T);
    const answered = afterAnswer(
      started.attempt,
      started.counters,
      readAnswer(V2_ACCREDIT, 200, '{"code":"AP001","msg":"불일치"}'),
      T + 100,
    );
    expect(answered.attempt).toMatchObject({ outcome: 'failure', authority: 'answer', message: '불일치' });
    expect(answered.counters.wrongCodes).toBe(3);
    const after = afterDialog(
      answered.attempt as AttemptState,
      answered.counters,
      'serviceDown',
      'OTP 장애가 발생했습니다',
      T + 200,
    );
    expect(after.attempt).toBe(answered.attempt);
    expect(after.counters.wrongCodes).toBe(3);
  });

  it('a dialog without an answer settles by its meaning', () => {
    const before = counters({ wrongCodes: 2 });
    const started = startAttempt('p:1', before, 'page', T);
    expect(started.counters.wrongCodes).toBe(3);
    const by = (meaning: DialogMeaning) =>
      afterDialog(started.attempt, started.counters, meaning, `text ${meaning}`, T + 50);

    expect(by('accepted').attempt).toMatchObject({
      outcome: 'success',
      authority: 'dialog',
      message: 'text accepted',
      settledAt: T + 50,
    });
    expect(by('accepted').counters).toMatchObject({ wrongCodes: 0, codesLocked: false });
    expect(by('acceptedAgain').attempt.outcome).toBe('successAgain');
    expect(by('acceptedAgain').counters.wrongCodes).toBe(0);
    expect(by('mismatch').attempt.outcome).toBe('failure');
    expect(by('mismatch').counters).toMatchObject({ wrongCodes: 3, codesLocked: false });
    expect(by('locked').attempt.outcome).toBe('locked');
    expect(by('locked').counters).toMatchObject({ wrongCodes: 5, codesLocked: true });
    // An outage cost no attempt: the count before it is restored.
    expect(by('serviceDown').attempt.outcome).toBe('unavailable');
    expect(by('serviceDown').counters).toMatchObject({ wrongCodes: 2, codesLocked: false });
  });

  it('a mismatch alert on the fifth code is the lock', () => {
    const started = startAttempt('p:1', counters({ wrongCodes: 4 }), 'page', T);
    const after = afterDialog(started.attempt, started.counters, 'mismatch', '일치하지 않습니다', T + 1);
    expect(after.attempt.outcome).toBe('locked');
    expect(after.counters).toMatchObject({ wrongCodes: 5, codesLocked: true });
  });

  it('an answer overrides a dialog', () => {
    const started = startAttempt('p:1', counters({ wrongCodes: 1 }), 'page', T);
    const alerted = afterDialog(started.attempt, started.counters, 'serviceDown', 'OTP 장애', T + 1);
    expect(alerted.counters.wrongCodes).toBe(1);
    const answered = afterAnswer(
      alerted.attempt,
      alerted.counters,
      { type: 'mismatch', errorCount: null, message: 'AP001' },
      T + 2,
    );
    expect(answered.attempt).toMatchObject({ outcome: 'failure', authority: 'answer' });
    expect(answered.counters.wrongCodes).toBe(2);
  });

  it('a second dialog does not override the first', () => {
    const started = startAttempt('p:1', counters(), 'page', T);
    const first = afterDialog(started.attempt, started.counters, 'mismatch', 'a', T + 1);
    const second = afterDialog(first.attempt, first.counters, 'accepted', 'b', T + 2);
    expect(second.attempt).toBe(first.attempt);
    expect(second.counters).toBe(first.counters);
  });

  it('the same answer seen twice (a replay) counts once', () => {
    fc.assert(
      fc.property(countersArb, answerArb, (start, answer) => {
        const started = startAttempt('p:1', start, 'page', T);
        const once = afterAnswer(started.attempt, started.counters, answer, T + 1);
        if (once.attempt?.authority !== 'answer') return;
        const twice = afterAnswer(once.attempt, once.counters, answer, T + 2);
        expect(twice.attempt).toBe(once.attempt);
        expect(twice.counters.wrongCodes).toBe(once.counters.wrongCodes);
        expect(twice.counters.codesLocked).toBe(once.counters.codesLocked);
      }),
    );
  });
});

describe('counts', () => {
  it('are always integers 0–5, whatever the answers and dialogs', () => {
    fc.assert(
      fc.property(
        countersArb,
        fc.array(
          fc.oneof(
            answerArb.map((a) => ({ a })),
            dialogArb.map((d) => ({ d })),
            fc.constant({ start: true }),
          ),
        ),
        (start, events) => {
          let ext = start;
          let attempt: AttemptState | null = null;
          let now = T;
          for (const event of events) {
            now += 1;
            if ('start' in event) {
              const s = startAttempt(`p:${now}`, ext, 'page', now);
              attempt = s.attempt;
              ext = s.counters;
            } else if ('a' in event) {
              const next = afterAnswer(attempt, ext, event.a, now);
              attempt = next.attempt;
              ext = next.counters;
            } else if (attempt) {
              const next = afterDialog(attempt, ext, event.d, '', now);
              attempt = next.attempt;
              ext = next.counters;
            }
            expect(isCount(ext.wrongCodes)).toBe(true);
            expect(isCount(attempt?.countBefore ?? 0)).toBe(true);
            expect(isCount(codeAttemptsLeft(ext))).toBe(true);
            // An attempt the answer called locked leaves the counters locked.
            if (attempt?.outcome === 'locked' && attempt.settledAt === now)
              expect(ext.codesLocked).toBe(true);
          }
        },
      ),
    );
  });

  it('a count that is no number locks both the attempt and the counters, or neither', () => {
    for (const errorCount of [Number.NaN, Number.POSITIVE_INFINITY, 7, 4.5, -1]) {
      const next = afterAnswer(
        pending(1),
        counters({ wrongCodes: 2 }),
        { type: 'mismatch', errorCount, message: '' },
        T + 1,
      );
      expect(isCount(next.counters.wrongCodes)).toBe(true);
      expect(next.attempt?.outcome === 'locked', String(errorCount)).toBe(next.counters.codesLocked);
    }
  });

  it('clampCount keeps integers 0–5', () => {
    expect(clampCount(-2)).toBe(0);
    expect(clampCount(3.9)).toBe(3);
    expect(clampCount(7)).toBe(5);
    expect(clampCount(Number.NaN)).toBe(5);
    expect(clampCount(Number.POSITIVE_INFINITY)).toBe(5);
    expect(clampCount(Number.NEGATIVE_INFINITY)).toBe(5);
    fc.assert(
      fc.property(fc.double(), (n) => {
        expect(isCount(clampCount(n))).toBe(true);
      }),
    );
  });
});

describe('startAttempt, expireAttempt, markAskedAgain', () => {
  it('a sent code counts as wrong until answered, without locking', () => {
    const started = startAttempt('p:9', counters({ wrongCodes: 4 }), 'app', T);
    expect(started.attempt).toEqual({
      key: 'p:9',
      submittedAt: T,
      method: 'app',
      countBefore: 4,
      outcome: 'pending',
      authority: null,
      message: '',
      settledAt: null,
    });
    expect(started.counters).toMatchObject({ wrongCodes: 5, codesLocked: false, updatedAt: T });
    expect(startAttempt('p:10', started.counters, 'page', T).counters.wrongCodes).toBe(5);
  });

  it('only a pending attempt past the timeout expires, to unknown', () => {
    const attempt = pending(1);
    expect(expireAttempt(attempt, T + TIMEOUT - 1, TIMEOUT)).toBe(attempt);
    expect(expireAttempt(attempt, T + TIMEOUT, TIMEOUT)).toMatchObject({
      outcome: 'unknown',
      settledAt: T + TIMEOUT,
    });
    const settled = afterAnswer(attempt, counters(), { type: 'accepted', message: '' }, T + 1)
      .attempt as AttemptState;
    expect(expireAttempt(settled, T + 10 * TIMEOUT, TIMEOUT)).toBe(settled);
  });

  it('“once more” turns a pass into successAgain, nothing else', () => {
    const passed = afterAnswer(pending(), counters(), { type: 'accepted', message: '' }, T + 1)
      .attempt as AttemptState;
    expect(markAskedAgain(passed).outcome).toBe('successAgain');
    const failed = afterAnswer(pending(), counters(), { type: 'mismatch', errorCount: 1, message: '' }, T + 1)
      .attempt as AttemptState;
    expect(markAskedAgain(failed)).toBe(failed);
    const waiting = pending();
    expect(markAskedAgain(waiting)).toBe(waiting);
  });
});

describe('afterAnswer, one answer at a time', () => {
  it('an outage or refused input restores the count before the attempt', () => {
    const started = startAttempt('p:1', counters({ wrongCodes: 2 }), 'page', T);
    for (const answer of [
      { type: 'serviceDown', errorCount: null, message: 'x' },
      { type: 'inputError', message: 'x' },
      { type: 'notRegistered', message: 'x' },
    ] as const) {
      const next = afterAnswer(started.attempt, started.counters, answer, T + 1);
      expect(next.counters.wrongCodes, answer.type).toBe(2);
    }
    expect(
      afterAnswer(
        started.attempt,
        started.counters,
        { type: 'serviceDown', errorCount: 4, message: '' },
        T + 1,
      ).counters.wrongCodes,
    ).toBe(4);
  });

  it('unreadable answers and failed resets settle nothing', () => {
    const started = startAttempt('p:1', counters({ wrongCodes: 2 }), 'page', T);
    for (const answer of [{ type: 'unreadable' }, { type: 'resetFailed' }] as const) {
      const next = afterAnswer(started.attempt, started.counters, answer, T + 1);
      expect(next.attempt).toBe(started.attempt);
      expect(next.counters).toBe(started.counters);
    }
  });

  it('a reset clears the lock and the count', () => {
    const next = afterAnswer(null, counters({ wrongCodes: 5, codesLocked: true }), { type: 'reset' }, T);
    expect(next.counters).toMatchObject({ wrongCodes: 0, codesLocked: false });
  });
});
