/**
 * What an institute LMS remembers server-side (in memory): the checkpoints a trainee passed, per
 * course. A checkpoint is `EVAL_CD` with `CLASS_TME`; some are asked more than once (다온's entry
 * asks twice), so passes are counted.
 */

export interface PassBook {
  /** How often this checkpoint was passed. */
  count(courseId: string, evalCd: string, classTme: string): number;
  /** Records one pass; returns the new count. */
  add(courseId: string, evalCd: string, classTme: string): number;
  clear(): void;
}

export function createPassBook(): PassBook {
  const passes = new Map<string, number>();
  const key = (courseId: string, evalCd: string, classTme: string): string =>
    `${courseId}:${evalCd}:${classTme}`;
  return {
    count: (courseId, evalCd, classTme) => passes.get(key(courseId, evalCd, classTme)) ?? 0,
    add(courseId, evalCd, classTme) {
      const next = (passes.get(key(courseId, evalCd, classTme)) ?? 0) + 1;
      passes.set(key(courseId, evalCd, classTme), next);
      return next;
    },
    clear() {
      passes.clear();
    },
  };
}
