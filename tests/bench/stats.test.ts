import { describe, expect, it } from 'vitest';
import { verdictFor } from '../../scripts/bench/report';
import { pairedRatio, quantileSorted, seededRandom, summarize } from '../../scripts/bench/stats';

describe('bench statistics', () => {
  it('interpolates quantiles between neighbours', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14);
    expect(quantileSorted([7], 0.9)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    const summary = summarize([5, 1, 4, 2, 3]);
    expect(summary).toMatchObject({ n: 5, median: 3, min: 1, max: 5, p25: 2, p75: 4 });
  });

  it('repeats the same bootstrap interval for the same samples', () => {
    const withExtension = [101, 99, 104, 100, 102, 98, 103, 100];
    const without = [100, 100, 101, 99, 100, 98, 102, 100];
    const first = pairedRatio(withExtension, without);
    expect(pairedRatio(withExtension, without)).toEqual(first);
    expect(first.low).toBeLessThanOrEqual(first.ratio);
    expect(first.high).toBeGreaterThanOrEqual(first.ratio);
    expect(first.ratio).toBeCloseTo(100.5 / 100);
  });

  it('gives a ratio of one with an empty interval for identical sides', () => {
    const same = [3, 1, 2, 5, 4];
    expect(pairedRatio(same, same)).toMatchObject({ ratio: 1, low: 1, high: 1, pairP10: 1, pairP90: 1 });
  });

  it('draws numbers in [0, 1) from a seeded generator', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    for (let i = 0; i < 100; i++) {
      const value = a();
      expect(value).toBe(b());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('passes only when the upper spread meets the target', () => {
    expect(verdictFor(100, 140, 150)).toBe('PASS');
    expect(verdictFor(100, 160, 150)).toBe('PASS*');
    expect(verdictFor(151, 160, 150)).toBe('MISS');
    expect(verdictFor(4.9, 5, 5, true)).toBe('PASS*');
    expect(verdictFor(Number.NaN, 1, 5)).toBe('');
  });
});
