import type { PageFacts } from './detect';

/**
 * When a checkpoint's "shown" goes into the history. A box that flickers (re-rendered every few
 * milliseconds), a page that reloads after each wrong code, or several frames of one tab show the
 * same checkpoint: one entry per visit. And a page that swaps checkpoints in a loop cannot flood
 * the history: at most `MAX_SHOWN_PER_MINUTE` entries a minute. Pure: what the tab last showed and
 * the count of the last minute come in.
 */

/** The same checkpoint shown again within this long, in the same tab and origin, is the same visit. */
export const SHOWN_VISIT_MS = 10 * 60_000;
export const MAX_SHOWN_PER_MINUTE = 10;

export interface ShownBefore {
  readonly origin: string;
  readonly facts: PageFacts | null;
  readonly at: number;
}

/** What identifies a checkpoint within a tab: its rule, kind, course and session. */
export function shownKey(facts: PageFacts): string {
  return [facts.profileId, facts.ruleId, facts.kind, facts.courseId ?? '', facts.session ?? ''].join('|');
}

export function shouldRecordShown(input: {
  readonly before: ShownBefore | null;
  readonly origin: string;
  readonly facts: PageFacts;
  readonly now: number;
  readonly shownInLastMinute: number;
}): boolean {
  const { before, origin, facts, now, shownInLastMinute } = input;
  if (shownInLastMinute >= MAX_SHOWN_PER_MINUTE) return false;
  if (!before?.facts || before.origin !== origin) return true;
  const sameVisit = now - before.at >= 0 && now - before.at < SHOWN_VISIT_MS;
  return !(sameVisit && shownKey(before.facts) === shownKey(facts));
}
