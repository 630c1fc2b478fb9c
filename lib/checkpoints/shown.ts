import type { CheckpointKind } from '../profiles/types';
import type { PageFacts } from './detect';

/**
 * When a checkpoint's "shown" goes into the history: once per visit, and never in a flood.
 *
 * A visit is one checkpoint — the same institute, kind, course and session — from the moment it
 * is first shown until it has not been seen for `SHOWN_VISIT_MS`, in whichever tab shows it. Not
 * per tab: a course page that opens its checkpoint in a popup, a second tab on the same lesson,
 * or the lesson player's frame beside the top frame all show the trainee one checkpoint. Not per
 * render: a box re-rendered every few milliseconds, or a page that reloads after each wrong code,
 * is the same visit. Ten minutes covers a whole run of five attempts with their reloads (each code
 * window is a minute) and a look at the manual; a trainee back after a break is a new visit.
 *
 * And capped: at most `MAX_SHOWN_PER_CHECKPOINT` entries for one checkpoint a day (a trainee who
 * keeps leaving and coming back reads "shown" five times, not fifty), and at most
 * `MAX_SHOWN_PER_MINUTE` for all checkpoints together (a page that swaps checkpoints in a loop).
 *
 * Pure: what the tab last saw and the history's recent "shown" entries come in.
 */

/** The same checkpoint seen again within this long is the same visit. */
export const SHOWN_VISIT_MS = 10 * 60_000;
/** How far back the history is read for the caps: one day. */
export const SHOWN_HISTORY_MS = 24 * 3_600_000;
export const MAX_SHOWN_PER_CHECKPOINT = 5;
export const MAX_SHOWN_PER_MINUTE = 10;

/** What the tab showed before this report, and when it last saw it. */
export interface ShownBefore {
  readonly origin: string;
  readonly facts: PageFacts | null;
  readonly at: number;
}

/** What identifies a checkpoint to the trainee, as page facts and history entries both hold it. */
export interface CheckpointIdentity {
  readonly profileId: string;
  readonly kind: CheckpointKind | null;
  readonly courseId: string | null;
  readonly session?: number | null;
}

/** A "shown" entry of the history. */
export interface ShownEntry extends CheckpointIdentity {
  readonly at: number;
}

/** One key per checkpoint: its institute, kind, course and session (not the rule that found it). */
export function shownKey(checkpoint: CheckpointIdentity): string {
  return [
    checkpoint.profileId,
    checkpoint.kind ?? '',
    checkpoint.courseId ?? '',
    checkpoint.session ?? '',
  ].join('|');
}

const within = (now: number, at: number, span: number) => now - at >= 0 && now - at < span;

export function shouldRecordShown(input: {
  readonly before: ShownBefore | null;
  readonly origin: string;
  readonly facts: PageFacts;
  readonly now: number;
  /** The history's "shown" entries of the last `SHOWN_HISTORY_MS`, of every checkpoint. */
  readonly recentShown: readonly ShownEntry[];
}): boolean {
  const { before, origin, facts, now, recentShown } = input;
  const key = shownKey(facts);
  if (recentShown.filter((entry) => within(now, entry.at, 60_000)).length >= MAX_SHOWN_PER_MINUTE)
    return false;
  const thisCheckpoint = recentShown.filter(
    (entry) => shownKey(entry) === key && within(now, entry.at, SHOWN_HISTORY_MS),
  );
  if (thisCheckpoint.length >= MAX_SHOWN_PER_CHECKPOINT) return false;
  // Logged lately from any tab: the same visit.
  if (thisCheckpoint.some((entry) => within(now, entry.at, SHOWN_VISIT_MS))) return false;
  // Seen all along in this tab (a long stay on the checkpoint): still the same visit.
  const seenHere =
    before?.facts != null &&
    before.origin === origin &&
    shownKey(before.facts) === key &&
    within(now, before.at, SHOWN_VISIT_MS);
  return !seenHere;
}
