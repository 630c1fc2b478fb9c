import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_OFFSET_MAX_AGE_MS,
  type ClockOffset,
  type ClockSample,
  codeWindowSecondsLeft,
  estimateClockOffset,
  isOffsetStale,
  NOTABLE_SKEW_MS,
  parseHttpDate,
} from '@/lib/otp/clock';

const T = Date.UTC(2025, 2, 3, 1, 0, 0);

interface Exchange {
  /** Server − device, the truth the estimate should find. */
  readonly trueOffset: number;
  /** Device time the request left. */
  readonly sentAt: number;
  readonly rtt: number;
  /** When, within the round trip, the server read its clock (0 … rtt). */
  readonly serverDelay?: number;
  readonly resolutionMs: number;
}

/** One request/answer as the device sees it: the server's clock truncated to its resolution. */
function sample({ trueOffset, sentAt, rtt, serverDelay = rtt / 2, resolutionMs }: Exchange): ClockSample {
  const serverClock = sentAt + serverDelay + trueOffset;
  return {
    sentAt,
    receivedAt: sentAt + rtt,
    serverTime: Math.floor(serverClock / resolutionMs) * resolutionMs,
    resolutionMs,
  };
}

function expectWithin(estimate: ClockOffset | null, trueOffset: number) {
  expect(estimate).not.toBeNull();
  if (!estimate) return;
  expect(estimate.offsetMs - estimate.uncertaintyMs).toBeLessThanOrEqual(trueOffset);
  expect(estimate.offsetMs + estimate.uncertaintyMs).toBeGreaterThanOrEqual(trueOffset);
}

describe('estimateClockOffset', () => {
  it('is null without samples', () => {
    expect(estimateClockOffset([])).toBeNull();
  });

  it('with no round trip and 1 ms resolution it is exact to the millisecond', () => {
    for (const trueOffset of [0, 1, -1, 180_000, -180_000, 123_456_789]) {
      const estimate = estimateClockOffset([sample({ trueOffset, sentAt: T, rtt: 0, resolutionMs: 1 })]);
      expectWithin(estimate, trueOffset);
      expect(
        Math.abs((estimate?.offsetMs ?? Number.NaN) - trueOffset),
        String(trueOffset),
      ).toBeLessThanOrEqual(1);
      expect(estimate?.uncertaintyMs).toBeLessThanOrEqual(1);
      expect(estimate?.measuredAt).toBe(T);
    }
  });

  it('a device 180 s behind the server gives ≈ +180 000 ms, within the uncertainty', () => {
    const estimate = estimateClockOffset([
      sample({ trueOffset: 180_000, sentAt: T + 237, rtt: 80, resolutionMs: 1000 }),
    ]);
    expectWithin(estimate, 180_000);
    // One Date header: at most half a second plus half the round trip either way.
    expect(estimate?.uncertaintyMs).toBeLessThanOrEqual(540);
    expect(Math.abs((estimate?.offsetMs ?? 0) - 180_000)).toBeLessThanOrEqual(540);
    expect(estimate?.offsetMs).toBeGreaterThan(NOTABLE_SKEW_MS);
    expect(estimate?.measuredAt).toBe(T + 237 + 80);
  });

  it('a device ahead gives a negative offset', () => {
    const estimate = estimateClockOffset([
      sample({ trueOffset: -180_000, sentAt: T, rtt: 40, resolutionMs: 1000 }),
    ]);
    expectWithin(estimate, -180_000);
    expect(estimate?.offsetMs).toBeLessThan(-179_000);
  });

  it('several 1-s-resolution samples at different phases narrow the uncertainty', () => {
    const trueOffset = 180_250;
    const samples = [0, 1_330, 2_660, 3_990, 5_120].map((delay) =>
      sample({ trueOffset, sentAt: T + delay, rtt: 60, resolutionMs: 1000 }),
    );
    const singles = samples.map((s) => estimateClockOffset([s]));
    const combined = estimateClockOffset(samples);
    for (const single of singles) expectWithin(single, trueOffset);
    expectWithin(combined, trueOffset);
    const narrowestSingle = Math.min(...singles.map((s) => s?.uncertaintyMs ?? Number.POSITIVE_INFINITY));
    expect(combined?.uncertaintyMs).toBeLessThan(narrowestSingle);
    expect(combined?.uncertaintyMs).toBeLessThanOrEqual(200);
    expect(combined?.measuredAt).toBe(T + 5_120 + 60);
  });

  it('a sample with a 60-s round trip is ignored', () => {
    const good = sample({ trueOffset: 180_000, sentAt: T, rtt: 50, resolutionMs: 1000 });
    const slow = sample({
      trueOffset: 180_000,
      sentAt: T + 1_000,
      rtt: 60_000,
      serverDelay: 59_000,
      resolutionMs: 1000,
    });
    expect(estimateClockOffset([good, slow])).toEqual(estimateClockOffset([good]));
    expect(estimateClockOffset([slow, good])).toEqual(estimateClockOffset([good]));
    expect(estimateClockOffset([slow])).toBeNull();
  });

  it('contradictory samples (the server clock stepped) fall back to the newest', () => {
    const before = sample({ trueOffset: 0, sentAt: T, rtt: 50, resolutionMs: 1000 });
    const after = sample({ trueOffset: 3_600_000, sentAt: T + 2_000, rtt: 50, resolutionMs: 1000 });
    const estimate = estimateClockOffset([before, after]);
    expect(estimate).toEqual(estimateClockOffset([after]));
    expectWithin(estimate, 3_600_000);
    // Whatever order they come in.
    expect(estimateClockOffset([after, before])).toEqual(estimateClockOffset([after]));
  });

  it('the fallback to the newest sample still ignores a sample with a 60-s round trip', () => {
    // Two usable samples contradict each other, and a third took a minute: the estimate must come
    // from the newest usable sample, not be lost because the slow one arrived last.
    const before = sample({ trueOffset: 0, sentAt: T, rtt: 50, resolutionMs: 1000 });
    const after = sample({ trueOffset: 3_600_000, sentAt: T + 2_000, rtt: 50, resolutionMs: 1000 });
    const slow = sample({ trueOffset: 3_600_000, sentAt: T + 3_000, rtt: 60_000, resolutionMs: 1000 });
    expect(estimateClockOffset([before, after, slow])).toEqual(estimateClockOffset([after]));
  });

  it('property: consistent samples always bracket the true offset', () => {
    const exchange = fc.record({
      delay: fc.integer({ min: 0, max: 20_000 }),
      rtt: fc.integer({ min: 0, max: 30_000 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        fc.constantFrom(1, 1000),
        fc.array(exchange, { minLength: 1, maxLength: 5 }),
        (trueOffset, resolutionMs, exchanges) => {
          const samples = exchanges.map(({ delay, rtt, at }) =>
            sample({ trueOffset, sentAt: T + delay, rtt, serverDelay: Math.floor(rtt * at), resolutionMs }),
          );
          const estimate = estimateClockOffset(samples);
          expectWithin(estimate, trueOffset);
          // Never wider than the best single sample allows.
          const singles = samples.map(
            (s) => estimateClockOffset([s])?.uncertaintyMs ?? Number.POSITIVE_INFINITY,
          );
          expect(estimate?.uncertaintyMs).toBeLessThanOrEqual(Math.min(...singles));
        },
      ),
    );
  });
});

describe('parseHttpDate', () => {
  it('reads the IMF-fixdate form servers send', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Mon, 03 Mar 2025 01:00:00 GMT')).toBe(T);
  });

  it('is null when absent or unparsable', () => {
    expect(parseHttpDate(null)).toBeNull();
    expect(parseHttpDate('')).toBeNull();
    expect(parseHttpDate('yesterday')).toBeNull();
    expect(parseHttpDate('Sun, 99 Foo 1994 08:49:37 GMT')).toBeNull();
  });
});

describe('isOffsetStale', () => {
  const offset: ClockOffset = { offsetMs: -180_000, uncertaintyMs: 300, measuredAt: T };

  it('no estimate is stale', () => {
    expect(isOffsetStale(null, T)).toBe(true);
  });

  it('is fresh up to the maximum age, stale after it', () => {
    expect(CLOCK_OFFSET_MAX_AGE_MS).toBe(10 * 60_000);
    expect(isOffsetStale(offset, T)).toBe(false);
    expect(isOffsetStale(offset, T + CLOCK_OFFSET_MAX_AGE_MS)).toBe(false);
    expect(isOffsetStale(offset, T + CLOCK_OFFSET_MAX_AGE_MS + 1)).toBe(true);
  });

  it('is stale when the device clock went backwards by more than a minute (it was corrected)', () => {
    expect(isOffsetStale(offset, T - 60_000)).toBe(false);
    expect(isOffsetStale(offset, T - 60_001)).toBe(true);
    expect(isOffsetStale(offset, T - 180_000)).toBe(true);
  });
});

describe('codeWindowSecondsLeft', () => {
  it('counts down the 60-second window from the whole minute since the epoch', () => {
    const minute = Date.UTC(2026, 11, 2, 4, 30, 0);
    expect(codeWindowSecondsLeft(minute)).toBe(60);
    expect(codeWindowSecondsLeft(minute + 1)).toBe(60);
    expect(codeWindowSecondsLeft(minute + 1000)).toBe(59);
    expect(codeWindowSecondsLeft(minute + 59_001)).toBe(1);
    expect(codeWindowSecondsLeft(minute + 60_000)).toBe(60);
    expect(codeWindowSecondsLeft(minute + 30_000, 30)).toBe(30);
  });

  it('is always 1..period and agrees with the TOTP step boundary', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (now) => {
        const left = codeWindowSecondsLeft(now);
        expect(left).toBeGreaterThanOrEqual(1);
        expect(left).toBeLessThanOrEqual(60);
        // The step of `now` ends within `left` seconds and not before `left - 1`.
        const stepEnd = (Math.floor(now / 60_000) + 1) * 60_000;
        expect(Math.ceil((stepEnd - now) / 1000)).toBe(left);
      }),
    );
  });
});
