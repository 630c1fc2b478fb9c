/**
 * HRD checkpoints as real LMSes build them: the tab's checkpoint frame, the attempt the page's own
 * request started, and the authority's answer that settles it — kept per tab in IndexedDB, so a
 * reload, a closed popup or a top-frame navigation after a submit loses nothing. Decisions are the
 * pure transitions of `lib/attempts/authority.ts` and `lib/hrd/answers.ts`; this file only
 * orders them around the database.
 */

import {
  type AttemptState,
  afterAnswer,
  afterDialog,
  expireAttempt,
  markAskedAgain,
  startAttempt,
} from '../attempts/authority';
import { codeAttemptsLeft, type FailureCounters } from '../attempts/transitions';
import type { FormOutcome, PageFacts } from '../checkpoints/detect';
import type { ShownBefore } from '../checkpoints/shown';
import { eventRecord, getCounters, putCounters } from '../db/repository';
import type { CompanionDb, EventRecord, TabCheckpointRecord } from '../db/schema';
import { type AuthorityAnswer, endpointFor, readAnswer, readDialogText } from '../hrd/answers';
import type { AttemptView, DeviceState, ForwardedObservation } from '../messaging/protocol';
import type { InstituteProfile } from '../profiles/types';
import { normalizeMobileNumber } from '../registration/validate';

/** A code the overlay forwarded is the next one the page sends within this long. */
const OVERLAY_SUBMIT_WINDOW_MS = 15_000;
/** A page's alert speaks of the latest attempt only this long after it was sent. */
const DIALOG_WINDOW_MS = 60_000;
/** No answer this long after the page's request: the attempt is unknown (it still counts). */
export const ANSWER_TIMEOUT_MS = 10_000;
/** An outcome is shown on the page it led to only this long after the attempt. */
const NOTICE_WINDOW_MS = 120_000;

export interface ObservationSource {
  readonly tabId: number;
  readonly frameId: number;
  readonly origin: string;
  /** The tab's address: counts are bound to it (see `TrustedSender`). */
  readonly topOrigin: string;
  readonly openerTabId: number | null;
}

/** The origin a tab record's counts are bound to: the tab's address when it was recorded. */
export function countsOrigin(tab: TabCheckpointRecord): string {
  return tab.topOrigin ?? tab.origin;
}

export interface ObservationResult {
  /** Something the overlay shows changed: open overlays should read their context again. */
  readonly changed: boolean;
  /** The course progress to record for a passed checkpoint. */
  readonly passed: { readonly courseId: string; readonly facts: PageFacts } | null;
}

/** The tab record for a checkpoint the content script recognised in one of its frames. */
export async function recordCheckpointFrame(
  db: CompanionDb,
  source: ObservationSource,
  profile: InstituteProfile,
  facts: PageFacts,
  trainee: string,
  now: number,
): Promise<ShownBefore | null> {
  return db.transaction('rw', db.tabs, async () => {
    const existing = await db.tabs.get(source.tabId);
    // The same frame origin at the same address: a page of another origin came between (the LMS's
    // identity page after a lock in its player's frame), so this is the checkpoint afresh.
    const sameCheckpoint =
      existing !== undefined &&
      existing.profileId === profile.id &&
      existing.origin === source.origin &&
      countsOrigin(existing) === source.topOrigin;
    await db.tabs.put({
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
  const extraEndpoints = profile.answers?.endpoints ?? [];
  return db.transaction('rw', [db.tabs, db.counters, db.events], async () => {
    const stored = await db.tabs.get(source.tabId);
    // A tab's record is one checkpoint at one address: what a tab at another address saw (a
    // look-alike on another port) starts afresh and moves that address's counts only.
    let tab: TabCheckpointRecord =
      stored && stored.profileId === profile.id && countsOrigin(stored) === source.topOrigin
        ? stored
        : blankTab(source, profile.id, fallbackTrainee, now);
    let passed: ObservationResult['passed'] = null;

    const owner = (trainee: string) => ({ profileId: profile.id, origin: source.topOrigin, trainee });
    const readCounters = (trainee: string) => getCounters(db, owner(trainee));
    const writeCounters = (trainee: string, counters: FailureCounters) =>
      putCounters(db, owner(trainee), counters);

    // A pending attempt nobody answered in time is unknown: written down before anything new.
    if (tab.attempt) {
      const expired = expireAttempt(tab.attempt, now, ANSWER_TIMEOUT_MS);
      if (expired !== tab.attempt)
        tab = await recordAttempt(db, profile, tab, expired, await readCounters(tab.trainee), now);
    }

    switch (observation.kind) {
      case 'request': {
        const endpoint = endpointFor(observation.url, extraEndpoints);
        if (!endpoint) return { changed: false, passed };
        const facts = observation.facts;
        const phone = facts.traineePhone ? normalizeMobileNumber(facts.traineePhone) : null;
        const trainee = phone ?? (tab.trainee === 'unknown' ? fallbackTrainee : tab.trainee);
        tab = {
          ...tab,
          // The frame that sent the request holds the form, whatever the content script found.
          frameId: source.frameId,
          origin: source.origin,
          topOrigin: source.topOrigin,
          trainee,
          requestFacts: {
            kind: facts.kind ?? tab.requestFacts?.kind ?? null,
            session: facts.session ?? (facts.kind ? null : (tab.requestFacts?.session ?? null)),
            traineeName: facts.traineeName ?? tab.requestFacts?.traineeName ?? null,
            traineePhone: facts.traineePhone ?? tab.requestFacts?.traineePhone ?? null,
          },
          updatedAt: now,
        };
        const key = `${pageId}:${observation.id}`;
        if (endpoint.role === 'verify' && facts.carriesCode && tab.attempt?.key !== key) {
          const fromOverlay =
            tab.overlaySubmitAt !== null && now - tab.overlaySubmitAt <= OVERLAY_SUBMIT_WINDOW_MS;
          const started = startAttempt(key, await readCounters(trainee), fromOverlay ? 'app' : 'page', now);
          await writeCounters(trainee, started.counters);
          tab = {
            ...tab,
            attempt: started.attempt,
            attemptEventId: null,
            noticeShownAt: null,
            overlaySubmitAt: null,
          };
        }
        await db.tabs.put(tab);
        return { changed: true, passed };
      }

      case 'answer':
      case 'failed': {
        const endpoint = endpointFor(observation.url, extraEndpoints);
        if (!endpoint) return { changed: false, passed };
        const key = `${pageId}:${observation.id}`;
        const answer: AuthorityAnswer =
          observation.kind === 'answer'
            ? readAnswer(endpoint, observation.status, observation.body)
            : { type: 'unreadable' };
        let attempt = tab.attempt?.key === key ? tab.attempt : null;
        if (
          !attempt &&
          endpoint.role === 'verify' &&
          tab.attempt?.authority === 'dialog' &&
          tab.attempt.key.startsWith(`${pageId}:dialog:`) &&
          now - tab.attempt.submittedAt <= DIALOG_WINDOW_MS
        ) {
          // The page's alert came first for a request we never saw: this answer is that attempt's.
          attempt = { ...tab.attempt, key };
        }
        const before = await readCounters(tab.trainee);
        let counters = before;
        if (endpoint.role === 'verify' && !attempt && answer.type !== 'unreadable') {
          // The request went unseen (sent before the observer could report it): the answer still counts.
          const started = startAttempt(key, counters, 'page', now);
          attempt = started.attempt;
          counters = started.counters;
          tab = { ...tab, attemptEventId: null, noticeShownAt: null };
        }
        if (observation.kind === 'failed') {
          // The request never got an answer: unknown now, the stricter count stands.
          if (attempt?.outcome === 'pending') attempt = { ...attempt, outcome: 'unknown', settledAt: now };
        } else {
          const next = afterAnswer(attempt, counters, answer, now);
          attempt = next.attempt;
          counters = next.counters;
        }
        await writeCounters(tab.trainee, counters);
        tab = { ...tab, device: deviceAfter(tab.device, answer, counters) };
        if (
          endpoint.role === 'reset' &&
          answer.type === 'reset' &&
          (before.codesLocked || before.wrongCodes > 0)
        ) {
          await db.events.add(eventRecord(profile.id, now, { type: 'lockReset' }));
        }
        if (attempt && attempt !== tab.attempt) {
          tab = await recordAttempt(db, profile, tab, attempt, counters, now, before.codesLocked);
          passed = passedCheckpoint(tab, attempt);
        }
        await db.tabs.put({ ...tab, updatedAt: now });
        return { changed: true, passed };
      }

      case 'dialog': {
        const meaning = readDialogText(observation.text, profile.answers?.dialogTexts);
        if (!meaning) return { changed: false, passed };
        let attempt = tab.attempt;
        const counters = await readCounters(tab.trainee);
        const recent = attempt !== null && now - attempt.submittedAt <= DIALOG_WINDOW_MS;
        if (attempt && recent && meaning === 'acceptedAgain' && attempt.outcome === 'success') {
          attempt = markAskedAgain(attempt);
          tab = await recordAttempt(db, profile, tab, attempt, counters, now);
          await db.tabs.put({ ...tab, updatedAt: now });
          return { changed: true, passed };
        }
        // No request was seen (an endpoint no profile names): the alert is the best authority
        // left, but only on a tab showing a checkpoint, and only for what it clearly says.
        const fromDialogAlone = !attempt || !recent;
        if (fromDialogAlone && (!tab.facts || meaning === 'serviceDown')) return { changed: false, passed };
        const started = fromDialogAlone
          ? startAttempt(`${pageId}:dialog:${now}`, counters, 'page', now)
          : { attempt: attempt as AttemptState, counters };
        if (fromDialogAlone) tab = { ...tab, attemptEventId: null, noticeShownAt: null };
        const settled = afterDialog(started.attempt, started.counters, meaning, observation.text, now);
        if (settled.attempt === started.attempt) return { changed: false, passed };
        await writeCounters(tab.trainee, settled.counters);
        tab = await recordAttempt(
          db,
          profile,
          tab,
          settled.attempt,
          settled.counters,
          now,
          counters.codesLocked,
        );
        passed = passedCheckpoint(tab, settled.attempt);
        await db.tabs.put({
          ...tab,
          device: deviceAfterCounters(tab.device, settled.counters),
          updatedAt: now,
        });
        return { changed: true, passed };
      }
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
  return db.transaction('rw', [db.tabs, db.counters, db.events], async () => {
    const tab = await db.tabs.get(tabId);
    if (!tab || tab.profileId !== profile.id) return tab ?? null;
    if (!tab.attempt) return tab;
    const expired = expireAttempt(tab.attempt, now, ANSWER_TIMEOUT_MS);
    if (expired === tab.attempt) return tab;
    const counters = await getCounters(db, {
      profileId: profile.id,
      origin: countsOrigin(tab),
      trainee: tab.trainee,
    });
    const next = await recordAttempt(db, profile, tab, expired, counters, now);
    await db.tabs.put(next);
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
  const fresh = (tab: TabCheckpointRecord | undefined): tab is TabCheckpointRecord =>
    tab !== undefined &&
    tab.attempt !== null &&
    (tab.noticeShownAt === null || now - tab.noticeShownAt <= stillShowingMs) &&
    now - tab.attempt.submittedAt <= NOTICE_WINDOW_MS;
  const own = await db.tabs.get(tabId);
  if (fresh(own)) return own;
  const opened = await db.tabs.where('openerTabId').equals(tabId).toArray();
  const candidates = opened.filter(fresh);
  if (candidates.length === 0) {
    // Not every browser names the opener of a popup window: a recent attempt on this origin then.
    const recent = await db.tabs
      .where('updatedAt')
      .above(now - NOTICE_WINDOW_MS)
      .toArray();
    candidates.push(...recent.filter((tab) => fresh(tab) && tab.tabId !== tabId && tab.origin === origin));
  }
  candidates.sort((a, b) => (b.attempt?.submittedAt ?? 0) - (a.attempt?.submittedAt ?? 0));
  return candidates[0] ?? null;
}

/** How long a notice on screen keeps following its attempt (an alert's "once more" after the answer). */
export const NOTICE_FOLLOW_MS = 10_000;

export async function markNoticeShown(db: CompanionDb, tabId: number, now: number): Promise<void> {
  await db.transaction('rw', db.tabs, async () => {
    const tab = await db.tabs.get(tabId);
    // The first showing counts: re-reads of the same notice do not extend it.
    if (tab && tab.noticeShownAt === null) await db.tabs.put({ ...tab, noticeShownAt: now });
  });
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

/** Clears every tab record: tab ids do not outlive the browser session. */
export async function clearTabs(db: CompanionDb): Promise<void> {
  await db.tabs.clear();
}

function blankTab(
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

/** Writes (or corrects) the attempt's one history entry, and a lock entry when it locked. */
async function recordAttempt(
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
  let eventId = tab.attemptEventId;
  if (eventId === null) {
    const record: EventRecord = eventRecord(profile.id, attempt.submittedAt, {
      type: 'codeSubmitted',
      ...entry,
      method: 'app',
      outcome,
      attemptsLeft: codeAttemptsLeft(counters),
    });
    eventId = (await db.events.add(record)) as number;
    if (outcome === 'unavailable') {
      await db.events.add(eventRecord(profile.id, now, { type: 'verifierUnavailable', ...entry }));
    }
  } else {
    await db.events.update(eventId, { outcome, attemptsLeft: codeAttemptsLeft(counters) });
  }
  if (counters.codesLocked && !wasLocked) {
    await db.events.add(eventRecord(profile.id, now, { type: 'codesLocked', ...entry }));
  }
  return { ...tab, attempt, attemptEventId: eventId };
}

function passedCheckpoint(tab: TabCheckpointRecord, attempt: AttemptState): ObservationResult['passed'] {
  if (attempt.outcome !== 'success' || !tab.facts) return null;
  const facts = mergedFacts(tab, tab.facts);
  return facts.courseId ? { courseId: facts.courseId, facts } : null;
}

/** What HRD said about the device: before any try, the overlay opens on it. */
function deviceAfter(
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

function deviceAfterCounters(current: DeviceState | null, counters: FailureCounters): DeviceState | null {
  if (counters.codesLocked) return 'locked';
  return current === 'locked' ? 'ready' : current;
}
