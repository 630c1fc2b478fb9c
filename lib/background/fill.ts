/**
 * Filling a code into the page's checkpoint form, and counting what the page answered: once,
 * whether the content script's reply or its own `page/filled` report comes first.
 */

import {
  afterVerdict,
  codeAttemptsLeft,
  type FailureCounters,
  type VerifierVerdict,
} from '../attempts/transitions';
import type { FormResult, PageFacts } from '../checkpoints/detect';
import { judgeExposure } from '../checkpoints/exposure';
import { afterVerified } from '../checkpoints/policy';
import { progressKey, recordProgress } from '../db/progress';
import {
  claimStep,
  getCounters,
  getRegistration,
  logEvent,
  readWrite,
  updateCounters,
} from '../db/repository';
import type { CountersOwner, PendingFill, RegistrationRecord } from '../db/schema';
import { getTab, holdPendingFill, takePendingFill } from '../db/tabs';
import { type BackgroundRequest, ProtocolFailure } from '../messaging/protocol';
import { profileForOrigin } from '../profiles/origins';
import type { InstituteProfile } from '../profiles/types';
import {
  checkpointFrame,
  contentSender,
  overlayTab,
  readStatus,
  requireProfile,
  traineeKey,
} from './context';
import type { BackgroundDeps, HandlersFor } from './handlers';
import { mergedFacts } from './hrd-attempts';

type SubmitRequest = Extract<BackgroundRequest, { type: 'checkpoint/submit' }>;

export const fillHandlers: HandlersFor<'checkpoint/submit' | 'page/filled'> = {
  'checkpoint/submit': async ({ code, method, step, at }, sender, deps) => {
    const tabId = overlayTab(sender);
    const { facts: pageFacts, frameId, origin, topOrigin } = await checkpointFrame(deps, sender, tabId);
    const profile = requireProfile(deps, pageFacts.profileId);
    const tabRecord = await getTab(deps.db, tabId);
    const facts = mergedFacts(tabRecord, pageFacts);
    const registration = await getRegistration(deps.db);
    requireFillAllowed(deps, profile, registration, origin, { method, step });
    const trainee =
      tabRecord && tabRecord.trainee !== 'unknown'
        ? tabRecord.trainee
        : traineeKey(registration, profile, facts);
    const owner: CountersOwner = { profileId: profile.id, origin: topOrigin, trainee };
    const counters = await getCounters(deps.db, owner);
    if (counters.codesLocked) throw new ProtocolFailure({ code: 'codesLocked' });
    // The trainee must see what they submit: nothing is claimed, filled or counted while the page
    // covers the overlay or makes it transparent.
    await requireExposedOverlay(deps, tabId, frameId, at ?? []);
    if (method === 'webOtp' && step !== undefined) await requireStepClaimed(deps, step);

    const fill = newFill(deps.now(), method, frameId, origin, owner, facts);
    // Written down before the page sees the code: a worker stopped while the page answers is
    // woken by the content script's `page/filled`, which settles the fill from here.
    if (tabRecord) await holdPendingFill(deps.db, tabId, fill);
    const result = await deps.askContent(
      tabId,
      { type: 'page/fill', code, origin, fillId: fill.id },
      frameId,
    );
    // The page sent its request: HRD's answer, read by the page observer, settles the attempt.
    const observed = (await getTab(deps.db, tabId))?.attempt;
    if (result.outcome === 'pending' || (observed && observed.submittedAt >= fill.submittedAt)) {
      await takePendingFill(deps.db, tabId, fill.id);
      const now = await getCounters(deps.db, owner);
      return {
        result: { outcome: 'pending', attemptsLeft: null, message: '' },
        status: await readStatus(deps),
        codeAttemptsLeft: codeAttemptsLeft(now),
      };
    }
    const after = await settleFill(deps, tabId, fill, result, tabRecord !== null);
    return { result, status: await readStatus(deps), codeAttemptsLeft: codeAttemptsLeft(after) };
  },

  'page/filled': async ({ fillId, result }, trusted, deps) => {
    const sender = contentSender(trusted);
    const fill = (await getTab(deps.db, sender.tabId))?.pendingFill;
    // Only the frame that was filled reports its fill, once; anything else is no news.
    if (!fill || fill.id !== fillId || fill.frameId !== sender.frameId || fill.origin !== sender.origin)
      return null;
    if (result.outcome === 'pending') {
      await takePendingFill(deps.db, sender.tabId, fillId);
      return null;
    }
    await settleFill(deps, sender.tabId, fill, result, true);
    deps.notifyPages?.();
    return null;
  },
};

/**
 * Codes are filled only on an origin the profile configures, never on a look-alike; with a
 * registration on this institute, only on the exact origin registered. A web-OTP code only on a
 * web-OTP page: the extension never makes codes for HRD mOTP pages (those come from the
 * trainee's app).
 */
function requireFillAllowed(
  deps: BackgroundDeps,
  profile: InstituteProfile,
  registration: RegistrationRecord | null,
  origin: string,
  { method, step }: Pick<SubmitRequest, 'method' | 'step'>,
): void {
  if (
    profileForOrigin(deps.profiles, origin)?.id !== profile.id ||
    (registration?.mode === 'webOtp' &&
      registration.profileId === profile.id &&
      origin !== registration.lmsOrigin)
  ) {
    throw new ProtocolFailure({ code: 'originMismatch' });
  }
  if (method !== 'webOtp') return;
  if (profile.mode !== 'webOtp') throw new ProtocolFailure({ code: 'wrongMode' });
  if (registration?.mode !== 'webOtp') throw new ProtocolFailure({ code: 'notRegistered' });
  if (origin !== registration.lmsOrigin) throw new ProtocolFailure({ code: 'originMismatch' });
  if (step === undefined) throw new ProtocolFailure({ code: 'invalidRequest' });
}

/** Claims the web-OTP step before the code goes to the page: the same step is never submitted twice. */
async function requireStepClaimed(deps: BackgroundDeps, step: number): Promise<void> {
  const claim = await claimStep(deps.db, step);
  if (claim.claimed) return;
  if (claim.reason === 'notRegistered') throw new ProtocolFailure({ code: 'notRegistered' });
  throw new ProtocolFailure({ code: 'codeAlreadyUsed', retryInSeconds: claim.period });
}

function newFill(
  submittedAt: number,
  method: PendingFill['method'],
  frameId: number,
  origin: string,
  owner: CountersOwner,
  facts: PageFacts,
): PendingFill {
  const about = { courseId: facts.courseId, kind: facts.kind, session: facts.session };
  return { id: crypto.randomUUID(), method, frameId, origin, owner, about, submittedAt };
}

/**
 * Counts a fill's result and writes its history, once: when the tab holds the fill as pending
 * (`durable`), only while it still does — the reply and `page/filled` both try, one settles.
 * Returns the counts after it.
 */
function settleFill(
  deps: BackgroundDeps,
  tabId: number,
  fill: PendingFill,
  result: FormResult,
  durable: boolean,
): Promise<FailureCounters> {
  const db = deps.db;
  const tables = ['tabs', 'counters', 'registrations', 'events', 'clock', 'courseProgress'] as const;
  return readWrite(db, tables, async () => {
    if (durable && !(await takePendingFill(db, tabId, fill.id))) return getCounters(db, fill.owner);
    const verdict = toVerdict(result);
    const now = deps.now();
    const { profileId } = fill.owner;
    const after = await updateCounters(
      db,
      fill.owner,
      (current) => (verdict ? afterVerdict(current, verdict, now) : current),
      async (before, next) => {
        await logEvent(db, profileId, now, {
          type: 'codeSubmitted',
          ...fill.about,
          method: fill.method,
          outcome: result.outcome,
          attemptsLeft: codeAttemptsLeft(next),
        });
        if (result.outcome === 'unavailable')
          await logEvent(db, profileId, now, { type: 'verifierUnavailable', ...fill.about });
        if (next.codesLocked && !before.codesLocked)
          await logEvent(db, profileId, now, { type: 'codesLocked', ...fill.about });
      },
    );
    const course = progressKey(fill.about);
    if (result.outcome === 'success' && course) {
      await recordProgress(
        db,
        profileId,
        course,
        (progress) => afterVerified(progress, fill.about.kind, fill.about.session, now),
        deps.now(),
      );
    }
    return after;
  });
}

function toVerdict(result: FormResult): VerifierVerdict | null {
  switch (result.outcome) {
    case 'success':
    case 'successAgain':
      return { outcome: 'success' };
    case 'unknown':
      // No answer came: the stricter count stands until an answer settles it.
      return { outcome: 'failure', attemptsLeft: null };
    case 'pending':
    case 'notRegistered':
      return null;
    case 'locked':
      return { outcome: 'locked' };
    case 'failure':
      return { outcome: 'failure', attemptsLeft: result.attemptsLeft };
    case 'notCounted':
    case 'unavailable':
      // The page refused before verifying, or the verifier failed: not an attempt.
      return null;
  }
}

/**
 * Refuses (`overlayCovered`, the verdict in `detail`) unless the page's engine shows the overlay
 * as it is at its submit button (lib/checkpoints/exposure.ts says what it cannot tell). Asked of
 * the frame hosting the overlay: the top frame, or the checkpoint's own when the top frame has no
 * content script of ours. No answer, or no checkpoint overlay there, is a refusal too.
 */
async function requireExposedOverlay(
  deps: BackgroundDeps,
  tabId: number,
  checkpointFrameId: number,
  points: readonly (readonly [number, number])[],
): Promise<void> {
  const ask = (frameId: number) =>
    deps.askContent(tabId, { type: 'overlay/exposure', points }, frameId).catch(() => null);
  const facts = (await ask(0)) ?? (checkpointFrameId === 0 ? null : await ask(checkpointFrameId));
  const verdict = facts ? judgeExposure(facts) : 'unanswered';
  if (verdict !== 'visible') throw new ProtocolFailure({ code: 'overlayCovered', detail: verdict });
}
