/**
 * One step per kind of observation the page observer forwards: the page's request to a
 * verification endpoint starts an attempt, the endpoint's answer (or its failure) settles it, and
 * the page's alert settles what no answer did. Each runs inside `applyObservation`'s transaction.
 */

import {
  type AttemptState,
  afterAnswer,
  afterDialog,
  markAskedAgain,
  startAttempt,
} from '../attempts/authority';
import type { FailureCounters } from '../attempts/transitions';
import { getCounters, logEvent, putCounters } from '../db/repository';
import type { CompanionDb, CountersOwner, TabCheckpointRecord } from '../db/schema';
import { putTab } from '../db/tabs';
import { type AuthorityAnswer, endpointFor, readAnswer, readDialogText } from '../hrd/answers';
import type { ForwardedObservation } from '../messaging/protocol';
import type { InstituteProfile } from '../profiles/types';
import { normalizeMobileNumber } from '../registration/validate';
import {
  deviceAfter,
  deviceAfterCounters,
  type ObservationResult,
  type ObservationSource,
  passedCheckpoint,
  recordAttempt,
} from './hrd-tab';

/** A code the overlay forwarded is the next one the page sends within this long. */
const OVERLAY_SUBMIT_WINDOW_MS = 15_000;
/** A page's alert speaks of the latest attempt only this long after it was sent. */
const DIALOG_WINDOW_MS = 60_000;

/** What every step works on: the observation's tab record, as it stands before the step. */
export interface ObservationStep {
  readonly db: CompanionDb;
  readonly source: ObservationSource;
  readonly profile: InstituteProfile;
  readonly pageId: string;
  readonly fallbackTrainee: string;
  readonly now: number;
  readonly tab: TabCheckpointRecord;
}

type ObservationOf<K extends ForwardedObservation['kind']> = Extract<ForwardedObservation, { kind: K }>;

const UNCHANGED: ObservationResult = { changed: false, passed: null };

function ownerOf(step: ObservationStep, trainee: string): CountersOwner {
  return { profileId: step.profile.id, origin: step.source.topOrigin, trainee };
}

function readCounters(step: ObservationStep, trainee: string): Promise<FailureCounters> {
  return getCounters(step.db, ownerOf(step, trainee));
}

function writeCounters(step: ObservationStep, trainee: string, counters: FailureCounters): Promise<void> {
  return putCounters(step.db, ownerOf(step, trainee), counters);
}

/** The page's request to an endpoint: its facts are kept; one that carries a code starts an attempt. */
export async function observeRequest(
  step: ObservationStep,
  observation: ObservationOf<'request'>,
): Promise<ObservationResult> {
  const { source, now } = step;
  const endpoint = endpointFor(observation.url, step.profile.answers?.endpoints ?? []);
  if (!endpoint) return UNCHANGED;
  const facts = observation.facts;
  const phone = facts.traineePhone ? normalizeMobileNumber(facts.traineePhone) : null;
  let tab = step.tab;
  const trainee = phone ?? (tab.trainee === 'unknown' ? step.fallbackTrainee : tab.trainee);
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
  const key = `${step.pageId}:${observation.id}`;
  if (endpoint.role === 'verify' && facts.carriesCode && tab.attempt?.key !== key) {
    const fromOverlay = tab.overlaySubmitAt !== null && now - tab.overlaySubmitAt <= OVERLAY_SUBMIT_WINDOW_MS;
    const started = startAttempt(key, await readCounters(step, trainee), fromOverlay ? 'app' : 'page', now);
    await writeCounters(step, trainee, started.counters);
    tab = {
      ...tab,
      attempt: started.attempt,
      attemptEventId: null,
      noticeShownAt: null,
      overlaySubmitAt: null,
    };
  }
  await putTab(step.db, tab);
  return { changed: true, passed: null };
}

/** An endpoint's answer, or its request failing: settles the attempt it belongs to. */
export async function observeAnswer(
  step: ObservationStep,
  observation: ObservationOf<'answer' | 'failed'>,
): Promise<ObservationResult> {
  const { db, profile, now } = step;
  const endpoint = endpointFor(observation.url, profile.answers?.endpoints ?? []);
  if (!endpoint) return UNCHANGED;
  const key = `${step.pageId}:${observation.id}`;
  const answer: AuthorityAnswer =
    observation.kind === 'answer'
      ? readAnswer(endpoint, observation.status, observation.body)
      : { type: 'unreadable' };
  let tab = step.tab;
  let attempt = answeredAttempt(step, key, endpoint.role === 'verify');
  const before = await readCounters(step, tab.trainee);
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
  await writeCounters(step, tab.trainee, counters);
  tab = { ...tab, device: deviceAfter(tab.device, answer, counters) };
  if (endpoint.role === 'reset' && answer.type === 'reset' && (before.codesLocked || before.wrongCodes > 0))
    await logEvent(db, profile.id, now, { type: 'lockReset' });
  let passed: ObservationResult['passed'] = null;
  if (attempt && attempt !== tab.attempt) {
    tab = await recordAttempt(db, profile, tab, attempt, counters, now, before.codesLocked);
    passed = passedCheckpoint(tab, attempt);
  }
  await putTab(db, { ...tab, updatedAt: now });
  return { changed: true, passed };
}

/** The tab's attempt an answer with this key settles, if any. */
function answeredAttempt(step: ObservationStep, key: string, fromVerifier: boolean): AttemptState | null {
  const current = step.tab.attempt;
  if (current?.key === key) return current;
  if (
    fromVerifier &&
    current?.authority === 'dialog' &&
    current.key.startsWith(`${step.pageId}:dialog:`) &&
    step.now - current.submittedAt <= DIALOG_WINDOW_MS
  ) {
    // The page's alert came first for a request we never saw: this answer is that attempt's.
    return { ...current, key };
  }
  return null;
}

/** The page's alert: what it clearly says settles the latest attempt, or one no request showed. */
export async function observeDialog(
  step: ObservationStep,
  observation: ObservationOf<'dialog'>,
): Promise<ObservationResult> {
  const { db, profile, now } = step;
  const meaning = readDialogText(observation.text, profile.answers?.dialogTexts);
  if (!meaning) return UNCHANGED;
  let tab = step.tab;
  const attempt = tab.attempt;
  const counters = await readCounters(step, tab.trainee);
  const recent = attempt !== null && now - attempt.submittedAt <= DIALOG_WINDOW_MS;
  if (attempt && recent && meaning === 'acceptedAgain' && attempt.outcome === 'success') {
    tab = await recordAttempt(db, profile, tab, markAskedAgain(attempt), counters, now);
    await putTab(db, { ...tab, updatedAt: now });
    return { changed: true, passed: null };
  }
  // No request was seen (an endpoint no profile names): the alert is the best authority
  // left, but only on a tab showing a checkpoint, and only for what it clearly says.
  const fromDialogAlone = !attempt || !recent;
  if (fromDialogAlone && (!tab.facts || meaning === 'serviceDown')) return UNCHANGED;
  const started = fromDialogAlone
    ? startAttempt(`${step.pageId}:dialog:${now}`, counters, 'page', now)
    : { attempt: attempt as AttemptState, counters };
  if (fromDialogAlone) tab = { ...tab, attemptEventId: null, noticeShownAt: null };
  const settled = afterDialog(started.attempt, started.counters, meaning, observation.text, now);
  if (settled.attempt === started.attempt) return UNCHANGED;
  await writeCounters(step, tab.trainee, settled.counters);
  tab = await recordAttempt(db, profile, tab, settled.attempt, settled.counters, now, counters.codesLocked);
  const passed = passedCheckpoint(tab, settled.attempt);
  await putTab(db, { ...tab, device: deviceAfterCounters(tab.device, settled.counters), updatedAt: now });
  return { changed: true, passed };
}
