/**
 * Character sets for the pattern analysis: sorted, disjoint, inclusive ranges of UTF-16 code
 * units, with the classes a regular expression names (`\\d`, `\\w`, `\\s`, `.`).
 */
export type CharSet = readonly (readonly [number, number])[];

export const EMPTY: CharSet = [];
export const ANY: CharSet = [[0, 0xffff]];

function normalize(ranges: (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export const union = (...sets: CharSet[]): CharSet => normalize(sets.flat() as [number, number][]);

export function negate(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

function intersect(a: CharSet, b: CharSet): CharSet {
  const out: [number, number][] = [];
  for (const [alo, ahi] of a) {
    for (const [blo, bhi] of b) {
      const lo = Math.max(alo, blo);
      const hi = Math.min(ahi, bhi);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return normalize(out);
}

export const overlaps = (a: CharSet, b: CharSet) => intersect(a, b).length > 0;

/** Adds the other ASCII case of every letter (the `i` flag); over-approximates, which is safe. */
export function foldCase(set: CharSet): CharSet {
  const extra: [number, number][] = [];
  for (const [lo, hi] of set) {
    for (const [from, to, shift] of [
      [65, 90, 32],
      [97, 122, -32],
    ] as const) {
      const l = Math.max(lo, from);
      const h = Math.min(hi, to);
      if (l <= h) extra.push([l + shift, h + shift]);
    }
  }
  return union(set, extra);
}

export const char = (code: number): CharSet => [[code, code]];
export const DIGIT: CharSet = [[48, 57]];
export const WORD: CharSet = union(DIGIT, [[65, 90]], [[95, 95]], [[97, 122]]);
export const SPACE: CharSet = union(
  [[9, 13]],
  char(32),
  char(0xa0),
  char(0x1680),
  [[0x2000, 0x200a]],
  [[0x2028, 0x2029]],
  char(0x202f),
  char(0x205f),
  char(0x3000),
  char(0xfeff),
);
export const DOT: CharSet = negate(union(char(10), char(13), [[0x2028, 0x2029]]));
