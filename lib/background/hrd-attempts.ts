/**
 * HRD checkpoints as real LMSes build them: the tab's checkpoint frame, the attempt the page's own
 * request started, and the authority's answer that settles it — kept per tab in IndexedDB, so a
 * reload, a closed popup or a top-frame navigation after a submit loses nothing. Decisions are the
 * pure transitions of `lib/attempts/authority.ts` and `lib/hrd/answers.ts`; this file and its
 * steps (hrd-observation.ts, hrd-tab.ts) only order them around the repositories.
 */

import { expireAttempt } from '../attempts/authority';
import type { PageFacts } from '../checkpoints/detect';
import type { ShownBefore } from '../checkpoints/shown';
import { getCounters, readWrite } from '../db/repository';
import type { CompanionDb, TabCheckpointRecord } from '../db/schema';
import { getTab, putTab, tabsOpenedBy, tabsUpdatedAfter } from '../db/tabs';
import type { ForwardedObservation } from '../messaging/protocol';
import type { InstituteProfile } from '../profiles/types';
import { observeAnswer, observeDialog, observeRequest } from './hrd-observation';
import {
  blankTab,
  countsOrigin,
  type ObservationResult,
  type ObservationSource,
  recordAttempt,
} from './hrd-tab';

export {
  attemptView,
  countsOrigin,
  mergedFacts,
  type ObservationResult,
  type ObservationSource,
} from './hrd-tab';

/** No answer this long after the page's request: the attempt is unknown (it still counts). */
export const ANSWER_TIMEOUT_MS = 10_000;
/** An outcome is shown on the page it led to only this long after the attempt. */
const NOTICE_WINDOW_MS = 120_000;
/** How long a notice on screen keeps following its attempt (an alert's "once more" after the answer). */
export const NOTICE_FOLLOW_MS = 10_000;

/** The tab record for a checkpoint the content script recognised in one of its frames. */
export async function recordCheckpointFrame(
  db: CompanionDb,
  source: ObservationSource,
  profile: InstituteProfile,
  facts: PageFacts,
  trainee: string,
  now: number,
): Promise<ShownBefore | null> {
  return readWrite(db, ['tabs'], async () => {
    const existing = await getTab(db, source.tabId);
    // The same frame origin at the same address: a page of another origin came between (the LMS's
    // identity page after a lock in its player's frame), so this is the checkpoint afresh.
    const sameCheckpoint =
      existing !== null &&
      existing.profileId === profile.id &&
      existing.origin === source.origin &&
      countsOrigin(existing) === source.topOrigin;
    await putTab(db, {
      ...(sameCheckpoint ? existing : blankTab(source, profile.id, trainee, now)),
      frameId: source.frameId,
      origin: source.origin,
      topOrigin: source.topOrigin,
      openerTabId: source.openerTabId ?? existing?.openerTabId ?? null,
      facts,
      trainee: sameCheckpoint && existing.trainee !== 'unknown' ? existing.trainee : trainee,
      updatedAt: now,
    });
    return existing ? { origin: existing.origin, facts: existing.facts, at: existing.updatedAt } : null;
  });
}

/**
 * Applies one observation from the page observer: a request to a verification endpoint starts an
 * attempt, its answer settles it, a device-status answer mirrors HRD's count, an alert settles what
 * no answer did. Exactly one history entry per attempt: a later, higher authority corrects it.
 */
export async function applyObservation(
  db: CompanionDb,
  source: ObservationSource,
  profile: InstituteProfile,
  pageId: string,
  observation: ForwardedObservation,
  fallbackTrainee: string,
  now: number,
): Promise<ObservationResult> {
  return readWrite(db, ['tabs', 'counters', 'events'], async () => {
    const stored = await getTab(db, source.tabId);
    // A tab's record is one checkpoint at one address: what a tab at another address saw (a
    // look-alike on another port) starts afresh and moves that address's counts only.
    let tab: TabCheckpointRecord =
      stored && stored.profileId === profile.id && countsOrigin(stored) === source.topOrigin
        ? stored
        : blankTab(source, profile.id, fallbackTrainee, now);
    // A pending attempt nobody answered in time is unknown: written down before anything new.
    if (tab.attempt) {
      const expired = expireAttempt(tab.attempt, now, ANSWER_TIMEOUT_MS);
      if (expired !== tab.attempt) {
        const counters = await getCounters(db, {
          profileId: profile.id,
          origin: source.topOrigin,
          trainee: tab.trainee,
        });
        tab = await recordAttempt(db, profile, tab, expired, counters, now);
      }
    }
    const step = { db, source, profile, pageId, fallbackTrainee, now, tab };
    switch (observation.kind) {
      case 'request':
        return observeRequest(step, observation);
      case 'answer':
      case 'failed':
        return observeAnswer(step, observation);
      case 'dialog':
        return observeDialog(step, observation);
    }
  });
}

/** The tab's record with a timed-out attempt written down as unknown. */
export async function readTab(
  db: CompanionDb,
  profile: InstituteProfile,
  tabId: number,
  now: number,
): Promise<TabCheckpointRecord | null> {
  return readWrite(db, ['tabs', 'counters', 'events'], async () => {
    const tab = await getTab(db, tabId);
    if (!tab || tab.profileId !== profile.id) return tab;
    if (!tab.attempt) return tab;
    const expired = expireAttempt(tab.attempt, now, ANSWER_TIMEOUT_MS);
    if (expired === tab.attempt) return tab;
    const counters = await getCounters(db, {
      profileId: profile.id,
      origin: countsOrigin(tab),
      trainee: tab.trainee,
    });
    const next = await recordAttempt(db, profile, tab, expired, counters, now);
    await putTab(db, next);
    return next;
  });
}

/**
 * The tab (or a popup it opened, or a checkpoint tab on the same origin that closed) whose latest
 * attempt has not been shown on a page yet: what a reload, close or navigation led to.
 */
export async function findUnshownAttempt(
  db: CompanionDb,
  tabId: number,
  origin: string,
  now: number,
  /** A notice shown this recently is still the one on screen (it re-reads as answers come in). */
  stillShowingMs = 0,
): Promise<TabCheckpointRecord | null> {
  const fresh = (tab: TabCheckpointRecord | null): tab is TabCheckpointRecord =>
    tab !== null &&
    tab.attempt !== null &&
    (tab.noticeShownAt === null || now - tab.noticeShownAt <= stillShowingMs) &&
    now - tab.attempt.submittedAt <= NOTICE_WINDOW_MS;
  const own = await getTab(db, tabId);
  if (fresh(own)) return own;
  const candidates = (await tabsOpenedBy(db, tabId)).filter(fresh);
  if (candidates.length === 0) {
    // Not every browser names the opener of a popup window: a recent attempt on this origin then.
    const recent = await tabsUpdatedAfter(db, now - NOTICE_WINDOW_MS);
    candidates.push(...recent.filter((tab) => fresh(tab) && tab.tabId !== tabId && tab.origin === origin));
  }
  candidates.sort((a, b) => (b.attempt?.submittedAt ?? 0) - (a.attempt?.submittedAt ?? 0));
  return candidates[0] ?? null;
}
