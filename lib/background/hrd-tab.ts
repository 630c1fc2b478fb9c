/**
 * A tab's HRD checkpoint record and what is derived from it: its facts merged with what the page's
 * own request said, the attempt as the overlay shows it, the device state HRD reported, and the
 * attempt's one history entry.
 */

import type { AttemptState } from '../attempts/authority';
import { codeAttemptsLeft, type FailureCounters } from '../attempts/transitions';
import type { FormOutcome, PageFacts } from '../checkpoints/detect';
import { correctEvent, logEvent } from '../db/repository';
import type { CompanionDb, TabCheckpointRecord } from '../db/schema';
import type { AuthorityAnswer } from '../hrd/answers';
import type { AttemptView, DeviceState } from '../messaging/protocol';
import type { InstituteProfile } from '../profiles/types';

export interface ObservationSource {
  readonly tabId: number;
  readonly frameId: number;
  readonly origin: string;
  /** The tab's address: counts are bound to it (see `TrustedSender`). */
  readonly topOrigin: string;
  readonly openerTabId: number | null;
}

export interface ObservationResult {
  /** Something the overlay shows changed: open overlays should read their context again. */
  readonly changed: boolean;
  /** The course progress to record for a passed checkpoint. */
  readonly passed: { readonly courseId: string; readonly facts: PageFacts } | null;
}

/** The origin a tab record's counts are bound to: the tab's address when it was recorded. */
export function countsOrigin(tab: TabCheckpointRecord): string {
  return tab.topOrigin ?? tab.origin;
}

export function blankTab(
  source: ObservationSource,
  profileId: string,
  trainee: string,
  now: number,
): TabCheckpointRecord {
  return {
    tabId: source.tabId,
    openerTabId: source.openerTabId,
    frameId: source.frameId,
    origin: source.origin,
    topOrigin: source.topOrigin,
    profileId,
    trainee,
    facts: null,
    requestFacts: null,
    device: null,
    attempt: null,
    attemptEventId: null,
    noticeShownAt: null,
    overlaySubmitAt: null,
    updatedAt: now,
  };
}

/** The page's facts with what its own request said: HRD's fields win where the page had none. */
export function mergedFacts(tab: TabCheckpointRecord | null, facts: PageFacts): PageFacts {
  const request = tab?.requestFacts;
  if (!request) return facts;
  return {
    ...facts,
    kind: request.kind ?? facts.kind,
    session: request.session ?? (request.kind && request.kind !== 'session' ? null : facts.session),
    traineeName: facts.traineeName ?? request.traineeName,
    traineePhone: facts.traineePhone ?? request.traineePhone,
  };
}

export function attemptView(attempt: AttemptState, counters: FailureCounters): AttemptView {
  return {
    outcome: attempt.outcome,
    codeAttemptsLeft: codeAttemptsLeft(counters),
    message: attempt.message,
    method: attempt.method,
    submittedAt: attempt.submittedAt,
    authority: attempt.authority,
  };
}

/** Writes (or corrects) the attempt's one history entry, and a lock entry when it locked. */
export async function recordAttempt(
  db: CompanionDb,
  profile: InstituteProfile,
  tab: TabCheckpointRecord,
  attempt: AttemptState,
  counters: FailureCounters,
  now: number,
  wasLocked = false,
): Promise<TabCheckpointRecord> {
  if (attempt.outcome === 'pending') return { ...tab, attempt };
  const facts = tab.facts ? mergedFacts(tab, tab.facts) : null;
  const kind = facts?.kind ?? tab.requestFacts?.kind ?? null;
  const entry = {
    courseId: facts?.courseId ?? null,
    kind,
    session: facts?.session ?? tab.requestFacts?.session ?? null,
  };
  const outcome: FormOutcome = attempt.outcome;
  const attemptsLeft = codeAttemptsLeft(counters);
  let eventId = tab.attemptEventId;
  if (eventId === null) {
    eventId = await logEvent(db, profile.id, attempt.submittedAt, {
      type: 'codeSubmitted',
      ...entry,
      method: 'app',
      outcome,
      attemptsLeft,
    });
    if (outcome === 'unavailable')
      await logEvent(db, profile.id, now, { type: 'verifierUnavailable', ...entry });
  } else {
    await correctEvent(db, eventId, { outcome, attemptsLeft });
  }
  if (counters.codesLocked && !wasLocked)
    await logEvent(db, profile.id, now, { type: 'codesLocked', ...entry });
  return { ...tab, attempt, attemptEventId: eventId };
}

export function passedCheckpoint(
  tab: TabCheckpointRecord,
  attempt: AttemptState,
): ObservationResult['passed'] {
  if (attempt.outcome !== 'success' || !tab.facts) return null;
  const facts = mergedFacts(tab, tab.facts);
  return facts.courseId ? { courseId: facts.courseId, facts } : null;
}

/** What HRD said about the device: before any try, the overlay opens on it. */
export function deviceAfter(
  current: DeviceState | null,
  answer: AuthorityAnswer,
  counters: FailureCounters,
): DeviceState | null {
  switch (answer.type) {
    case 'ready':
    case 'accepted':
    case 'reset':
      return counters.codesLocked ? 'locked' : 'ready';
    case 'locked':
      return 'locked';
    case 'notRegistered':
      return 'notRegistered';
    case 'serviceDown':
      return 'serviceDown';
    default:
      return deviceAfterCounters(current, counters);
  }
}

export function deviceAfterCounters(
  current: DeviceState | null,
  counters: FailureCounters,
): DeviceState | null {
  if (counters.codesLocked) return 'locked';
  return current === 'locked' ? 'ready' : current;
}
