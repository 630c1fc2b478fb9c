/** The checkpoint overlay's questions: what the tab's checkpoint is, and what its attempt led to. */

import { afterPageCount, codeAttemptsLeft } from '../attempts/transitions';
import { decideCheckpoint } from '../checkpoints/policy';
import { SHOWN_HISTORY_MS, shouldRecordShown } from '../checkpoints/shown';
import { readClockOffset } from '../db/clock';
import { rememberCourseTitle } from '../db/courses';
import { readEventsSince } from '../db/history';
import { progressKey, readProgress } from '../db/progress';
import { getCounters, getRegistration, logEvent, updateCounters } from '../db/repository';
import type { CountersOwner, RegistrationRecord } from '../db/schema';
import { getTab, markNoticeShown } from '../db/tabs';
import type { AttemptView } from '../messaging/protocol';
import { ProtocolFailure } from '../messaging/protocol';
import type { ClockOffset } from '../otp/clock';
import type { InstituteProfile } from '../profiles/types';
import { compareTrainee } from '../registration/identity';
import { hrdClockOffset } from './clock';
import {
  checkpointFrame,
  contentSender,
  overlayTab,
  readStatus,
  requireProfile,
  resolveFallbacks,
  senderProfile,
  tabOrigin,
  traineeKey,
} from './context';
import type { BackgroundDeps, HandlersFor } from './handlers';
import {
  attemptView,
  countsOrigin,
  findUnshownAttempt,
  mergedFacts,
  NOTICE_FOLLOW_MS,
  readTab,
  recordCheckpointFrame,
} from './hrd-attempts';

export const checkpointHandlers: HandlersFor<
  'checkpoint/context' | 'checkpoint/close' | 'checkpoint/reload' | 'checkpoint/seen' | 'attempt/notice'
> = {
  'checkpoint/context': async (_request, sender, deps) => {
    const tabId = overlayTab(sender);
    const { facts: pageFacts, frameId, origin, topOrigin } = await checkpointFrame(deps, sender, tabId);
    const profile = requireProfile(deps, pageFacts.profileId);
    const tab = await readTab(deps.db, profile, tabId, deps.now());
    const facts = mergedFacts(tab, pageFacts);
    const registration = await getRegistration(deps.db);
    const trainee = tab && tab.trainee !== 'unknown' ? tab.trainee : traineeKey(registration, profile, facts);
    const owner: CountersOwner = { profileId: profile.id, origin: topOrigin, trainee };
    // The page's own count is the verifier's: when it shows fewer attempts, mirror it now.
    const counters =
      facts.pageAttemptsLeft === null
        ? await getCounters(deps.db, owner)
        : await updateCounters(deps.db, owner, (current) =>
            afterPageCount(current, facts.pageAttemptsLeft ?? 0, deps.now()),
          );
    const progress = await readProgress(deps.db, profile.id, progressKey(facts));
    const status = await readStatus(deps);
    const attempt = tab?.attempt && tab.frameId === frameId ? attemptView(tab.attempt, counters) : null;
    const offset = await overlayClockOffset(deps, profile, registration, origin, attempt);
    // Shown now, on the page the attempt led to: no separate notice for it. A pass is still
    // shown on the page the LMS moves on to (the opener of a popup, the top a frame navigated).
    const movesOn = attempt?.outcome === 'success' || attempt?.outcome === 'successAgain';
    if (attempt && attempt.outcome !== 'pending' && !movesOn && tab?.noticeShownAt === null)
      await markNoticeShown(deps.db, tabId, deps.now());
    return {
      facts,
      mode: profile.mode,
      status,
      codeAttemptsLeft: codeAttemptsLeft(counters),
      identity: registration
        ? compareTrainee(registration, { name: facts.traineeName, phone: facts.traineePhone })
        : 'unknown',
      originMatches: registration !== null && registration.lmsOrigin === origin,
      decision: decideCheckpoint({
        kind: facts.kind,
        session: facts.session,
        progress,
        policy: profile.policy,
        now: deps.now(),
      }),
      progress,
      fallbacks: resolveFallbacks(profile, origin),
      support: profile.support,
      instituteName: profile.instituteName,
      branding: profile.branding ?? null,
      clockOffsetMs: offset?.offsetMs ?? null,
      pageOrigin: origin,
      attempt,
      device: counters.codesLocked ? 'locked' : (tab?.device ?? null),
      checkpointInFrame: frameId !== 0,
    };
  },

  'checkpoint/close': async (_request, sender, deps) => {
    await deps.askContent(overlayTab(sender), { type: 'overlay/close' });
    return null;
  },

  'checkpoint/reload': async (_request, sender, deps) => {
    const tabId = overlayTab(sender);
    // Only after a pass this tab's checkpoint saw: the page the LMS meant to show next.
    const tab = await getTab(deps.db, tabId);
    if (tab?.attempt?.outcome !== 'success') throw new ProtocolFailure({ code: 'noCheckpoint' });
    await deps.reloadTab?.(tabId);
    return null;
  },

  'checkpoint/seen': async ({ facts }, trusted, deps) => {
    const sender = contentSender(trusted);
    const profile = senderProfile(deps, sender);
    // The facts name the profile of the frame's own origin, never another one.
    if (profile.id !== facts.profileId) throw new ProtocolFailure({ code: 'untrustedSender' });
    const now = deps.now();
    const registration = await getRegistration(deps.db);
    const trainee = traineeKey(registration, profile, facts);
    const before = await recordCheckpointFrame(deps.db, sender, profile, facts, trainee, now);
    const { courseId, kind, session } = facts;
    await rememberCourseTitle(
      deps.db,
      { profileId: facts.profileId, courseId, title: facts.courseTitle },
      now,
    );
    const recentShown = await readEventsSince(deps.db, 'checkpointShown', now - SHOWN_HISTORY_MS);
    if (shouldRecordShown({ before, origin: sender.origin, facts, now, recentShown }))
      await logEvent(deps.db, facts.profileId, now, { type: 'checkpointShown', courseId, kind, session });
    if (sender.frameId === 0) return { overlayHere: true };
    // A checkpoint in a sub-frame (the lesson player's iframe): the overlay belongs in the tab's
    // top frame, unless that frame has no content script of ours (its origin is not configured).
    try {
      await deps.askContent(sender.tabId, { type: 'overlay/show', mode: 'checkpoint' }, 0);
      return { overlayHere: false };
    } catch {
      return { overlayHere: true };
    }
  },

  'attempt/notice': async (_request, sender, deps) => {
    const tabId = overlayTab(sender);
    const origin = tabOrigin(sender);
    if (!origin) return null;
    const found = await findUnshownAttempt(deps.db, tabId, origin, deps.now(), NOTICE_FOLLOW_MS);
    if (!found?.attempt) return null;
    const profile = requireProfile(deps, found.profileId);
    const tab = (await readTab(deps.db, profile, found.tabId, deps.now())) ?? found;
    if (!tab.attempt) return null;
    const counters = await getCounters(deps.db, {
      profileId: profile.id,
      origin: countsOrigin(tab),
      trainee: tab.trainee,
    });
    if (tab.attempt.outcome !== 'pending') await markNoticeShown(deps.db, tab.tabId, deps.now());
    const facts = tab.facts ? mergedFacts(tab, tab.facts) : null;
    return {
      attempt: attemptView(tab.attempt, counters),
      kind: facts?.kind ?? tab.requestFacts?.kind ?? 'entry',
      session: facts?.session ?? null,
      instituteName: profile.instituteName,
      fallbacks: resolveFallbacks(profile, tab.origin),
      branding: profile.branding ?? null,
    };
  },
};

/**
 * The clock the overlay shows a code against. Web OTP: the registered LMS's clock makes the code.
 * HRD's mOTP: the time the trainee's phone must keep, from the LMS's clock (HRD stamps its
 * requests with the same time). Measured (HEAD requests) only when the overlay opens or an answer
 * came: while an answer is awaited the overlay re-reads this every second, and the stored
 * estimate is enough.
 */
function overlayClockOffset(
  deps: BackgroundDeps,
  profile: InstituteProfile,
  registration: RegistrationRecord | null,
  origin: string,
  attempt: AttemptView | null,
): Promise<ClockOffset | null> {
  if (profile.mode === 'hrdMotp')
    return hrdClockOffset(deps, origin, { measure: attempt?.outcome !== 'pending' }).catch(() => null);
  return registration && origin === registration.lmsOrigin
    ? readClockOffset(deps.db, origin)
    : Promise.resolve(null);
}
