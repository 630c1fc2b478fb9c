/**
 * Summaries the benchmark reports: order statistics with linear interpolation, and a paired
 * bootstrap for ratios. The bootstrap's generator is seeded, so the same samples always give the
 * same interval and two runs differ only by what they measured.
 */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p10: number;
  readonly p25: number;
  readonly p75: number;
  readonly p90: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolating between neighbours (R type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    n: sorted.length,
    median: q(0.5),
    p10: q(0.1),
    p25: q(0.25),
    p75: q(0.75),
    p90: q(0.9),
    p95: q(0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function median(samples: readonly number[]): number {
  return quantileSorted(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}

/** mulberry32: a small seeded generator, enough for resampling indices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RatioEstimate {
  /** median(with) / median(without). */
  readonly ratio: number;
  /** 90% interval of the ratio from a paired bootstrap over the alternating runs. */
  readonly low: number;
  readonly high: number;
  /** Medians of the per-pair ratios' 10th and 90th percentiles: how single runs scatter. */
  readonly pairP10: number;
  readonly pairP90: number;
}

/**
 * Ratio of medians for paired runs (the i-th "with" ran next to the i-th "without"). Pairs are
 * resampled together, so drift during the run (thermal, other load) stays inside each pair.
 */
export function pairedRatio(
  withExtension: readonly number[],
  without: readonly number[],
  { resamples = 2000, seed = 6 }: { resamples?: number; seed?: number } = {},
): RatioEstimate {
  const n = Math.min(withExtension.length, without.length);
  if (n === 0)
    return { ratio: Number.NaN, low: Number.NaN, high: Number.NaN, pairP10: Number.NaN, pairP90: Number.NaN };
  const a = withExtension.slice(0, n);
  const b = without.slice(0, n);
  const random = seededRandom(seed);
  const ratios: number[] = [];
  const sampleA = new Array<number>(n);
  const sampleB = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      sampleA[i] = a[pick] as number;
      sampleB[i] = b[pick] as number;
    }
    ratios.push(median(sampleA) / median(sampleB));
  }
  ratios.sort((x, y) => x - y);
  const pairs = summarize(a.map((value, i) => value / (b[i] as number)));
  return {
    ratio: median(a) / median(b),
    low: quantileSorted(ratios, 0.05),
    high: quantileSorted(ratios, 0.95),
    pairP10: pairs.p10,
    pairP90: pairs.p90,
  };
}

/** Rounds for reports: 3 significant decimals below 10, 1 decimal below 1000, integers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const digits = abs < 10 ? 3 : abs < 1000 ? 1 : 0;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function roundSummary(summary: Summary): Summary {
  return Object.fromEntries(
    Object.entries(summary).map(([key, value]) => [key, key === 'n' ? value : round(value)]),
  ) as unknown as Summary;
}
