import Dexie from 'dexie';
import {
  afterCorrectPin,
  afterPageCount,
  afterRegistration,
  afterVerdict,
  afterVerifierReset,
  afterWrongPin,
  codeAttemptsLeft,
  type FailureCounters,
  INITIAL_COUNTERS,
  pinAttemptsLeft,
  type VerifierVerdict,
} from '../attempts/transitions';
import type { FormResult, PageFacts } from '../checkpoints/detect';
import { judgeExposure } from '../checkpoints/exposure';
import { afterVerified, type CourseProgress, decideCheckpoint, NO_PROGRESS } from '../checkpoints/policy';
import { shouldRecordShown } from '../checkpoints/shown';
import { unwrapSecret, WrongPinError, wrapSecret } from '../crypto/pin-wrap';
import {
  HISTORY_PAGE_SIZE,
  historyToCsv,
  historyToJson,
  purgeExpiredHistory,
  readAllHistory,
  readHistoryPage,
} from '../db/history';
import { eventRecord, getCounters, getRegistration, updateCounters } from '../db/repository';
import {
  type CompanionDb,
  type CountersOwner,
  CURRENT_REGISTRATION,
  countersPrefix,
  type PendingFill,
  type RegistrationRecord,
  UNPLACED_ORIGIN,
} from '../db/schema';
import {
  type BackgroundRequest,
  type BackgroundResponses,
  type ContentRequest,
  type ContentResponses,
  type FallbackLink,
  type ProfileSettingsView,
  type ProtocolError,
  ProtocolFailure,
  type RegistrationSummary,
  type StatusView,
} from '../messaging/protocol';
import type { TrustedSender } from '../messaging/senders';
import {
  type ClockOffset,
  type ClockSample,
  estimateClockOffset,
  isOffsetStale,
  NOTABLE_SKEW_MS,
} from '../otp/clock';
import { millisecondsLeftInStep, timeStepAt, totpCodeAt } from '../otp/totp';
import { profileForOrigin } from '../profiles/origins';
import type { InstituteProfile } from '../profiles/types';
import { compareTrainee } from '../registration/identity';
import { normalizeMobileNumber, toHttpOrigin, validateRegistration } from '../registration/validate';
import {
  applyObservation,
  attemptView,
  countsOrigin,
  findUnshownAttempt,
  markNoticeShown,
  mergedFacts,
  NOTICE_FOLLOW_MS,
  readTab,
  recordCheckpointFrame,
} from './hrd-attempts';

/** What the handlers need from the outside world; the entrypoint passes the real ones. */
export interface BackgroundDeps {
  readonly db: CompanionDb;
  readonly now: () => number;
  readonly profiles: readonly InstituteProfile[];
  /** Asks the content script of one frame (the top frame unless given). */
  readonly askContent: <R extends ContentRequest>(
    tabId: number,
    request: R,
    frameId?: number,
  ) => Promise<ContentResponses[R['type']]>;
  /** Tells open overlays that what they show changed (an answer came in); best-effort. */
  readonly notifyPages?: () => void;
  /** Reloads a tab's top page (asked by the trainee in the overlay after a pass). */
  readonly reloadTab?: (tabId: number) => Promise<void>;
  /** Tabs open on a configured LMS origin, most recently used first. */
  readonly listLmsTabs: () => Promise<readonly { readonly id: number; readonly url: string }[]>;
  /** One clock sample from the LMS origin (its `Date` header); null when it does not answer. */
  readonly sampleServerClock: (origin: string) => Promise<ClockSample | null>;
  /** The institute profile's sources (policy, imported, bundled) and the trainee's grants. */
  readonly profileSettings: ProfileSettings;
}

/** Reads and changes where the institute profile comes from; implemented over browser storage. */
export interface ProfileSettings {
  read(): Promise<ProfileSettingsView>;
  /** Validates and stores an imported profile; throws `profileInvalid` naming the field, or `profileLocked`. */
  importProfile(json: string): Promise<ProfileSettingsView>;
  clearImported(): Promise<ProfileSettingsView>;
  /** Registers the content script on the extra origins the trainee allowed, and removes the rest. */
  sync(): Promise<ProfileSettingsView>;
  /**
   * Runs HRD's generic recognition on a site the trainee granted (`siteNotGranted` otherwise):
   * the observer and the content script are registered there, in every frame.
   */
  enableSite(origin: string): Promise<ProfileSettingsView>;
  /** Stops it there: unregistered, and the browser's grant for the site dropped. */
  disableSite(origin: string): Promise<ProfileSettingsView>;
}

type Handler<T extends BackgroundRequest['type']> = (
  request: Extract<BackgroundRequest, { type: T }>,
  sender: TrustedSender,
  deps: BackgroundDeps,
) => Promise<BackgroundResponses[T]>;

type HandlerMap = { [T in BackgroundRequest['type']]: Handler<T> };

/** One handler per request type; the entrypoint has already checked the sender is allowed. */
const handlers: HandlerMap = {
  'status/get': async (_request, _sender, deps) => readStatus(deps),

  'registration/save': async ({ registration: input }, _sender, deps) => {
    const valid = validateRegistration(input, (origin) => webOtpProfileFor(deps, origin) !== null);
    if (!valid.ok) throw new ProtocolFailure({ code: 'registrationInvalid', fields: valid.error });
    const { key, pin, lmsOrigin } = valid.value;
    const profile = webOtpProfileFor(deps, lmsOrigin);
    if (!profile) throw new ProtocolFailure({ code: 'registrationInvalid' });
    // WebCrypto cannot run inside a Dexie transaction (it would commit early): wrap first.
    const wrappedSecret = await wrapSecret(key.secret, pin);
    const now = deps.now();
    const record: RegistrationRecord = {
      slot: CURRENT_REGISTRATION,
      profileId: profile.id,
      name: valid.value.name,
      phone: valid.value.phone,
      lmsOrigin,
      issuer: key.issuer,
      accountName: key.accountName,
      otp: { algorithm: key.algorithm, digits: key.digits, period: key.period },
      wrappedSecret,
      consentVersion: valid.value.consentVersion,
      registeredAt: now,
      lastSubmittedStep: null,
    };
    await updateCounters(
      deps.db,
      registeredOwner(record),
      (current) => afterRegistration(current, now),
      async () => {
        await deps.db.registrations.put(record);
        // A new key is a new start: the clock is measured afresh at the next code.
        await deps.db.clock.delete(lmsOrigin);
        await deps.db.events.add(eventRecord(profile.id, now, { type: 'registered' }));
      },
    );
    return readStatus(deps);
  },

  'registration/delete': async (_request, _sender, deps) => {
    const registration = await getRegistration(deps.db);
    if (registration) {
      await deps.db.transaction('rw', [deps.db.registrations, deps.db.events], async () => {
        await deps.db.registrations.delete(CURRENT_REGISTRATION);
        await deps.db.events.add(
          eventRecord(registration.profileId, deps.now(), { type: 'registrationDeleted' }),
        );
      });
    }
    return readStatus(deps);
  },

  'enrollment/find': async (_request, _sender, deps) => {
    for (const tab of await deps.listLmsTabs()) {
      const origin = toHttpOrigin(tab.url);
      if (!origin) continue;
      try {
        const keyUri = await deps.askContent(tab.id, { type: 'page/enrollmentKey' });
        if (keyUri) return { keyUri, origin };
      } catch {
        // A tab whose content script is not there (opened before install, or discarded) is skipped.
      }
    }
    return null;
  },

  'webOtp/code': async ({ pin }, sender, deps) => {
    const registration = await requireRegistration(deps);
    // In a tab's overlay, a code is made only for a checkpoint on the registered origin itself:
    // a look-alike on another port or host gets none (the popup, outside any page, may show one).
    if (sender.kind === 'page' && sender.page === 'overlay' && sender.tabId !== null) {
      const { origin } = await checkpointFrame(deps, sender, sender.tabId);
      if (origin !== registration.lmsOrigin) throw new ProtocolFailure({ code: 'originMismatch' });
    }
    const counters = await getCounters(deps.db, registeredOwner(registration));
    if (!registration.wrappedSecret || counters.secretWiped)
      throw new ProtocolFailure({ code: 'secretWiped' });
    if (counters.codesLocked) throw new ProtocolFailure({ code: 'codesLocked' });
    // Measure the clock before the PIN work, so the code is made from the freshest trusted time.
    const offset = await currentClockOffset(deps, registration.lmsOrigin);
    let secret: Uint8Array;
    try {
      secret = await unwrapSecret(registration.wrappedSecret, pin);
    } catch (error) {
      if (!(error instanceof WrongPinError)) throw error;
      const after = await recordWrongPin(deps, registration);
      if (after.secretWiped) throw new ProtocolFailure({ code: 'secretWiped' });
      throw new ProtocolFailure({ code: 'wrongPin', attemptsLeft: pinAttemptsLeft(after) });
    }
    const deviceNow = deps.now();
    // Re-read inside a transaction: a 5th wrong PIN from another tab may have wiped the secret
    // while this PIN was being checked, and then no code may be handed out.
    const after = await updateCounters(deps.db, registeredOwner(registration), (c) =>
      c.secretWiped ? c : afterCorrectPin(c, deviceNow),
    );
    if (after.secretWiped) throw new ProtocolFailure({ code: 'secretWiped' });
    const trustedNow = deviceNow + (offset?.offsetMs ?? 0);
    const period = registration.otp.period;
    const step = timeStepAt(trustedNow, period);
    const lastSubmitted = (await getRegistration(deps.db))?.lastSubmittedStep ?? null;
    if (lastSubmitted !== null && step <= lastSubmitted) {
      // The verifier refuses a step it has seen; submitting it again would cost an attempt.
      throw new ProtocolFailure({
        code: 'codeAlreadyUsed',
        retryInSeconds: Math.ceil(millisecondsLeftInStep(trustedNow, period) / 1000),
      });
    }
    const code = totpCodeAt({ ...registration.otp, secret }, trustedNow);
    return {
      code: code.code,
      step: code.step,
      expiresAt: code.expiresAt,
      issuedAt: trustedNow,
      period,
      clockOffsetMs: offset?.offsetMs ?? null,
    };
  },

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
    // Web OTP: the registered LMS's clock makes the code. HRD's mOTP: the overlay shows the time the
    // trainee's phone must keep, from the LMS's clock (HRD stamps its requests with the same time).
    // Measured (HEAD requests) only when the overlay opens or an answer came: while an answer is
    // awaited the overlay re-reads this every second, and the stored estimate is enough.
    const offset =
      profile.mode === 'hrdMotp'
        ? attempt?.outcome === 'pending'
          ? await storedClockOffset(deps, origin)
          : await currentClockOffset(deps, origin).catch(() => null)
        : registration && origin === registration.lmsOrigin
          ? await storedClockOffset(deps, origin)
          : null;
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

  'checkpoint/submit': async ({ code, method, step, at }, sender, deps) => {
    const tabId = overlayTab(sender);
    const { facts: pageFacts, frameId, origin, topOrigin } = await checkpointFrame(deps, sender, tabId);
    const profile = requireProfile(deps, pageFacts.profileId);
    const facts = mergedFacts((await deps.db.tabs.get(tabId)) ?? null, pageFacts);
    // Codes are filled only on an origin the profile configures, never on a look-alike; with a
    // registration on this institute, only on the exact origin registered.
    const registration = await getRegistration(deps.db);
    if (
      profileForOrigin(deps.profiles, origin)?.id !== profile.id ||
      (registration?.profileId === profile.id && origin !== registration.lmsOrigin)
    ) {
      throw new ProtocolFailure({ code: 'originMismatch' });
    }
    if (method === 'webOtp') {
      // The extension never makes codes for HRD mOTP pages: those come only from the trainee's app.
      if (profile.mode !== 'webOtp') throw new ProtocolFailure({ code: 'wrongMode' });
      if (!registration) throw new ProtocolFailure({ code: 'notRegistered' });
      if (origin !== registration.lmsOrigin) throw new ProtocolFailure({ code: 'originMismatch' });
      if (step === undefined) throw new ProtocolFailure({ code: 'invalidRequest' });
    }
    const tabRecord = await deps.db.tabs.get(tabId);
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
    if (method === 'webOtp' && step !== undefined) await claimStep(deps, step);

    const submittedAt = deps.now();
    const fill: PendingFill = {
      id: crypto.randomUUID(),
      method,
      frameId,
      origin,
      owner,
      about: { courseId: facts.courseId, kind: facts.kind, session: facts.session },
      submittedAt,
    };
    // Written down before the page sees the code: a worker stopped while the page answers is
    // woken by the content script's `page/filled`, which settles the fill from here.
    if (tabRecord) await deps.db.tabs.update(tabId, { overlaySubmitAt: submittedAt, pendingFill: fill });
    const result = await deps.askContent(
      tabId,
      { type: 'page/fill', code, origin, fillId: fill.id },
      frameId,
    );
    // The page sent its request: HRD's answer, read by the page observer, settles the attempt.
    const observed = (await deps.db.tabs.get(tabId))?.attempt;
    if (result.outcome === 'pending' || (observed && observed.submittedAt >= submittedAt)) {
      await clearPendingFill(deps.db, tabId, fill.id);
      const now = await getCounters(deps.db, owner);
      return {
        result: { outcome: 'pending', attemptsLeft: null, message: '' },
        status: await readStatus(deps),
        codeAttemptsLeft: codeAttemptsLeft(now),
      };
    }
    const after = await settleFill(deps, tabId, fill, result, tabRecord !== undefined);
    return { result, status: await readStatus(deps), codeAttemptsLeft: codeAttemptsLeft(after) };
  },

  'checkpoint/close': async (_request, sender, deps) => {
    await deps.askContent(overlayTab(sender), { type: 'overlay/close' });
    return null;
  },

  'checkpoint/reload': async (_request, sender, deps) => {
    const tabId = overlayTab(sender);
    // Only after a pass this tab's checkpoint saw: the page the LMS meant to show next.
    const tab = await deps.db.tabs.get(tabId);
    if (tab?.attempt?.outcome !== 'success') throw new ProtocolFailure({ code: 'noCheckpoint' });
    await deps.reloadTab?.(tabId);
    return null;
  },

  'checkpoint/seen': async ({ facts }, sender, deps) => {
    if (sender.kind !== 'content') throw new ProtocolFailure({ code: 'untrustedSender' });
    const profile = profileForOrigin(deps.profiles, sender.origin);
    // The facts name the profile of the frame's own origin, never another one.
    if (!profile || profile.id !== facts.profileId) throw new ProtocolFailure({ code: 'untrustedSender' });
    const now = deps.now();
    const registration = await getRegistration(deps.db);
    const before = await recordCheckpointFrame(
      deps.db,
      sender,
      profile,
      facts,
      traineeKey(registration, profile, facts),
      now,
    );
    const shownInLastMinute = await deps.db.events
      .where('at')
      .above(now - 60_000)
      .filter((event) => event.type === 'checkpointShown')
      .count();
    if (shouldRecordShown({ before, origin: sender.origin, facts, now, shownInLastMinute })) {
      await deps.db.events.add(
        eventRecord(facts.profileId, now, {
          type: 'checkpointShown',
          courseId: facts.courseId,
          kind: facts.kind,
          session: facts.session,
        }),
      );
    }
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

  'page/observed': async ({ pageId, observation }, sender, deps) => {
    if (sender.kind !== 'content') throw new ProtocolFailure({ code: 'untrustedSender' });
    const profile = profileForOrigin(deps.profiles, sender.origin);
    if (!profile) throw new ProtocolFailure({ code: 'untrustedSender' });
    const registration = await getRegistration(deps.db);
    const result = await applyObservation(
      deps.db,
      sender,
      profile,
      pageId,
      observation,
      traineeKey(registration, profile, null),
      deps.now(),
    );
    if (result.passed) {
      const { courseId, facts } = result.passed;
      const now = deps.now();
      await recordProgress(deps, profile.id, courseId, (progress) =>
        afterVerified(progress, facts.kind, facts.session, now),
      );
    }
    if (result.changed) deps.notifyPages?.();
    return null;
  },

  'page/profile': async (_request, sender, deps) => {
    // The resolved profiles (policy, imported, bundled, enabled sites) live here only: the content
    // script, small and on every LMS page, asks for its frame's instead of resolving them again.
    if (sender.kind !== 'content') throw new ProtocolFailure({ code: 'untrustedSender' });
    return profileForOrigin(deps.profiles, sender.origin);
  },

  'page/filled': async ({ fillId, result }, sender, deps) => {
    if (sender.kind !== 'content') throw new ProtocolFailure({ code: 'untrustedSender' });
    const fill = (await deps.db.tabs.get(sender.tabId))?.pendingFill;
    // Only the frame that was filled reports its fill, once; anything else is no news.
    if (!fill || fill.id !== fillId || fill.frameId !== sender.frameId || fill.origin !== sender.origin)
      return null;
    if (result.outcome === 'pending') {
      await clearPendingFill(deps.db, sender.tabId, fillId);
      return null;
    }
    await settleFill(deps, sender.tabId, fill, result, true);
    deps.notifyPages?.();
    return null;
  },

  'page/arrived': async (_request, sender, deps) => {
    if (sender.kind !== 'content') throw new ProtocolFailure({ code: 'untrustedSender' });
    const found = await findUnshownAttempt(deps.db, sender.tabId, sender.origin, deps.now());
    return { notice: found !== null };
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

  'verifier/reset': async (_request, sender, deps) => {
    // Only the institute's own page, confirming its identity verification, clears a lock: the
    // content script sends this from that page alone, and never from a local button.
    if (sender.kind !== 'content') throw new ProtocolFailure({ code: 'untrustedSender' });
    const profile = profileForOrigin(deps.profiles, sender.origin);
    if (!profile) throw new ProtocolFailure({ code: 'untrustedSender' });
    // One person, one device: the institute verified whoever uses this browser, so every count
    // kept for this institute at this address is lifted (a trainee without a web-OTP
    // registration included) — never another address's: a look-alike's page cannot clear a lock.
    const now = deps.now();
    const trainees = new Set<string>();
    for (const origin of [sender.topOrigin, UNPLACED_ORIGIN]) {
      const prefix = countersPrefix(profile.id, origin);
      const keys = (await deps.db.counters.where('key').startsWith(prefix).primaryKeys()) as string[];
      for (const key of keys) trainees.add(key.slice(prefix.length));
    }
    for (const trainee of trainees) {
      await updateCounters(
        deps.db,
        { profileId: profile.id, origin: sender.topOrigin, trainee },
        (current) => afterVerifierReset(current, now),
        async (before) => {
          if (before.codesLocked || before.wrongCodes > 0) {
            await deps.db.events.add(eventRecord(profile.id, now, { type: 'lockReset' }));
          }
        },
      );
    }
    return null;
  },

  'history/page': async ({ courseId, before, limit }, _sender, deps) => {
    await purgeExpiredHistory(deps.db, deps.now());
    return readHistoryPage(deps.db, { courseId, before, limit: limit || HISTORY_PAGE_SIZE });
  },

  'history/export': async ({ format, courseId }, _sender, deps) => {
    const entries = await readAllHistory(deps.db, courseId);
    const stamp = new Date(deps.now()).toISOString().slice(0, 10);
    const name = `checkpoint-history-${courseId ? `${courseId}-` : ''}${stamp}`;
    return format === 'csv'
      ? { filename: `${name}.csv`, mimeType: 'text/csv;charset=utf-8', content: historyToCsv(entries) }
      : { filename: `${name}.json`, mimeType: 'application/json', content: historyToJson(entries) };
  },

  'history/delete': async (_request, _sender, deps) => {
    const deleted = await deps.db.events.count();
    await deps.db.events.clear();
    return { deleted };
  },

  'profile/get': (_request, _sender, deps) => deps.profileSettings.read(),
  'profile/import': ({ json }, _sender, deps) => deps.profileSettings.importProfile(json),
  'profile/clearImported': (_request, _sender, deps) => deps.profileSettings.clearImported(),
  'profile/sync': (_request, _sender, deps) => deps.profileSettings.sync(),
  'site/enable': ({ origin }, _sender, deps) => deps.profileSettings.enableSite(origin),
  'site/disable': ({ origin }, _sender, deps) => deps.profileSettings.disableSite(origin),
};

/**
 * The protocol error for anything a handler threw: its own failures as they are, storage errors
 * (Dexie's, or IndexedDB's DOMExceptions, e.g. a private window that refuses writes) as
 * `storageFailed`, so the UI says why instead of failing open; the rest as `internal`.
 */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof ProtocolFailure) return error.error;
  if (
    error instanceof Dexie.DexieError ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
  ) {
    return { code: 'storageFailed' };
  }
  return { code: 'internal' };
}

/** Answers one validated request from a trusted, allowed sender. */
export function handleRequest<R extends BackgroundRequest>(
  request: R,
  sender: TrustedSender,
  deps: BackgroundDeps,
): Promise<BackgroundResponses[R['type']]> {
  const handler = handlers[request.type] as Handler<R['type']>;
  return handler(request as Extract<BackgroundRequest, { type: R['type'] }>, sender, deps);
}

export async function readStatus(deps: BackgroundDeps): Promise<StatusView> {
  const registration = await getRegistration(deps.db);
  // Without a registration there is nobody to count for: no read needed.
  const counters = registration
    ? await getCounters(deps.db, registeredOwner(registration))
    : INITIAL_COUNTERS;
  return {
    registration: registration ? summarize(registration, deps.profiles) : null,
    counters,
    pinAttemptsLeft: pinAttemptsLeft(counters),
    codeAttemptsLeft: codeAttemptsLeft(counters),
  };
}

function summarize(record: RegistrationRecord, profiles: readonly InstituteProfile[]): RegistrationSummary {
  const profile = profiles.find((p) => p.id === record.profileId);
  const enrollmentPath = profile?.enrollment?.urlPattern.match(/^\^?(\/[\w/-]+)/)?.[1] ?? null;
  return {
    name: record.name,
    phone: record.phone,
    lmsOrigin: record.lmsOrigin,
    instituteName: profile?.instituteName ?? record.issuer,
    issuer: record.issuer,
    period: record.otp.period,
    digits: record.otp.digits,
    registeredAt: record.registeredAt,
    hasSecret: record.wrappedSecret !== null,
    enrollmentUrl: enrollmentPath ? `${record.lmsOrigin}${enrollmentPath}` : null,
  };
}

async function requireRegistration(deps: BackgroundDeps): Promise<RegistrationRecord> {
  const registration = await getRegistration(deps.db);
  if (!registration) throw new ProtocolFailure({ code: 'notRegistered' });
  return registration;
}

function requireProfile(deps: BackgroundDeps, profileId: string): InstituteProfile {
  const profile = deps.profiles.find((candidate) => candidate.id === profileId);
  if (!profile) throw new ProtocolFailure({ code: 'noCheckpoint' });
  return profile;
}

/** The registered trainee's counts: on the institute and the exact origin they registered on. */
function registeredOwner(registration: RegistrationRecord): CountersOwner {
  return { profileId: registration.profileId, origin: registration.lmsOrigin, trainee: registration.phone };
}

function webOtpProfileFor(deps: BackgroundDeps, origin: string): InstituteProfile | null {
  const profile = profileForOrigin(deps.profiles, origin);
  return profile?.mode === 'webOtp' ? profile : null;
}

/**
 * Whose counters a checkpoint moves: the registered trainee on their institute; on another
 * institute (an HRD mOTP page, no web-OTP registration there) the trainee the page shows.
 */
function traineeKey(
  registration: RegistrationRecord | null,
  profile: InstituteProfile,
  facts: PageFacts | null,
): string {
  if (registration && (registration.profileId === profile.id || !facts?.traineePhone))
    return registration.phone;
  return (facts?.traineePhone && normalizeMobileNumber(facts.traineePhone)) || 'unknown';
}

/**
 * Counts a fill's result and writes its history, once: when the tab holds the fill as pending
 * (`durable`), only while it still does — the reply and `page/filled` both try, one settles.
 * Returns the counts after it.
 */
async function settleFill(
  deps: BackgroundDeps,
  tabId: number,
  fill: PendingFill,
  result: FormResult,
  durable: boolean,
): Promise<FailureCounters> {
  const db = deps.db;
  return db.transaction(
    'rw',
    [db.tabs, db.counters, db.registrations, db.events, db.clock, db.courseProgress],
    async () => {
      if (durable) {
        if ((await db.tabs.get(tabId))?.pendingFill?.id !== fill.id) return getCounters(db, fill.owner);
        await db.tabs.update(tabId, { pendingFill: null });
      }
      const verdict = toVerdict(result);
      const now = deps.now();
      const { profileId } = fill.owner;
      const after = await updateCounters(
        db,
        fill.owner,
        (current) => (verdict ? afterVerdict(current, verdict, now) : current),
        async (before, next) => {
          await db.events.add(
            eventRecord(profileId, now, {
              type: 'codeSubmitted',
              ...fill.about,
              method: fill.method,
              outcome: result.outcome,
              attemptsLeft: codeAttemptsLeft(next),
            }),
          );
          if (result.outcome === 'unavailable') {
            await db.events.add(eventRecord(profileId, now, { type: 'verifierUnavailable', ...fill.about }));
          }
          if (next.codesLocked && !before.codesLocked) {
            await db.events.add(eventRecord(profileId, now, { type: 'codesLocked', ...fill.about }));
          }
        },
      );
      const course = progressKey(fill.about);
      if (result.outcome === 'success' && course) {
        await recordProgress(deps, profileId, course, (progress) =>
          afterVerified(progress, fill.about.kind, fill.about.session, now),
        );
      }
      return after;
    },
  );
}

async function clearPendingFill(db: CompanionDb, tabId: number, fillId: string): Promise<void> {
  await db.transaction('rw', db.tabs, async () => {
    if ((await db.tabs.get(tabId))?.pendingFill?.id === fillId)
      await db.tabs.update(tabId, { pendingFill: null });
  });
}

/** Counts a wrong PIN; the 5th destroys the secret in the same transaction that records it. */
function recordWrongPin(deps: BackgroundDeps, registration: RegistrationRecord): Promise<FailureCounters> {
  const now = deps.now();
  return updateCounters(
    deps.db,
    registeredOwner(registration),
    (current) => afterWrongPin(current, now),
    async (before, after) => {
      await deps.db.events.add(
        eventRecord(registration.profileId, now, { type: 'pinFailed', attemptsLeft: pinAttemptsLeft(after) }),
      );
      if (after.secretWiped && !before.secretWiped) {
        await deps.db.registrations.update(CURRENT_REGISTRATION, { wrappedSecret: null });
        await deps.db.events.add(eventRecord(registration.profileId, now, { type: 'secretWiped' }));
      }
    },
  );
}

/**
 * Marks a web-OTP step as submitted before the code goes to the page, in one transaction: two
 * tabs (or a double click) can never both submit the same step.
 */
async function claimStep(deps: BackgroundDeps, step: number): Promise<void> {
  await deps.db.transaction('rw', deps.db.registrations, async () => {
    const current = await deps.db.registrations.get(CURRENT_REGISTRATION);
    if (!current) throw new ProtocolFailure({ code: 'notRegistered' });
    if (current.lastSubmittedStep != null && step <= current.lastSubmittedStep) {
      throw new ProtocolFailure({ code: 'codeAlreadyUsed', retryInSeconds: current.otp.period });
    }
    await deps.db.registrations.update(CURRENT_REGISTRATION, { lastSubmittedStep: step });
  });
}

/** Progress of the whole LMS, not one course: the first login of the day. */
const LMS_WIDE_PROGRESS = '(lms)';

/** Where a checkpoint's progress is kept: its course, or the LMS as a whole for daily logins. */
function progressKey(facts: Pick<PageFacts, 'courseId' | 'kind'>): string | null {
  return facts.courseId ?? (facts.kind === 'dailyLogin' ? LMS_WIDE_PROGRESS : null);
}

async function readProgress(
  db: CompanionDb,
  profileId: string,
  courseId: string | null,
): Promise<CourseProgress> {
  if (!courseId) return NO_PROGRESS;
  const record = await db.courseProgress.get([profileId, courseId] as unknown as string);
  if (!record) return NO_PROGRESS;
  return {
    entryVerifiedAt: record.entryVerifiedAt,
    lastVerifiedSession: record.lastVerifiedSession,
    lastDailyLoginDay: record.lastDailyLoginDay,
  };
}

async function recordProgress(
  deps: BackgroundDeps,
  profileId: string,
  courseId: string,
  next: (progress: CourseProgress) => CourseProgress,
): Promise<void> {
  await deps.db.transaction('rw', deps.db.courseProgress, async () => {
    const progress = next(await readProgress(deps.db, profileId, courseId));
    await deps.db.courseProgress.put({ ...progress, profileId, courseId, updatedAt: deps.now() });
  });
}

async function storedClockOffset(deps: BackgroundDeps, origin: string): Promise<ClockOffset | null> {
  return (await deps.db.clock.get(origin)) ?? null;
}

/**
 * The LMS clock offset, measured again when stale. Three samples of the `Date` header (one
 * second resolution) are intersected; a failed measurement keeps the last estimate.
 */
async function currentClockOffset(deps: BackgroundDeps, origin: string): Promise<ClockOffset | null> {
  const stored = await storedClockOffset(deps, origin);
  if (!isOffsetStale(stored, deps.now())) return stored;
  const samples: ClockSample[] = [];
  for (let i = 0; i < 3; i += 1) {
    const sample = await deps.sampleServerClock(origin).catch(() => null);
    if (sample) samples.push(sample);
  }
  const estimate = estimateClockOffset(samples);
  if (!estimate) return stored;
  await deps.db.transaction('rw', [deps.db.clock, deps.db.events, deps.db.registrations], async () => {
    await deps.db.clock.put({ ...estimate, origin });
    const skewed = Math.abs(estimate.offsetMs) >= NOTABLE_SKEW_MS;
    const wasSkewed = stored !== null && Math.abs(stored.offsetMs) >= NOTABLE_SKEW_MS;
    if (skewed && !wasSkewed) {
      const registration = await deps.db.registrations.get(CURRENT_REGISTRATION);
      await deps.db.events.add(
        eventRecord(registration?.profileId ?? '', estimate.measuredAt, {
          type: 'clockSkew',
          skewSeconds: Math.round(estimate.offsetMs / 1000),
        }),
      );
    }
  });
  return estimate;
}

function resolveFallbacks(profile: InstituteProfile, origin: string | null): FallbackLink[] {
  return profile.fallbacks.flatMap((fallback) => {
    if (fallback.url.startsWith('https://')) return [fallback];
    return origin ? [{ kind: fallback.kind, url: `${origin}${fallback.url}` }] : [];
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
 * The frame that holds the tab's checkpoint (the top frame unless a sub-frame reported one), its
 * facts, its origin (codes are filled there) and the tab's address (counts are bound to it).
 */
async function checkpointFrame(
  deps: BackgroundDeps,
  sender: TrustedSender,
  tabId: number,
): Promise<{ facts: PageFacts; frameId: number; origin: string; topOrigin: string }> {
  // A tab whose address the browser does not tell is bound to nothing: nothing is counted or
  // filled there.
  const topOrigin = tabOrigin(sender);
  if (!topOrigin) throw new ProtocolFailure({ code: 'originMismatch' });
  const tab = await deps.db.tabs.get(tabId);
  if (tab && tab.frameId !== 0) {
    const facts = await deps.askContent(tabId, { type: 'page/facts' }, tab.frameId).catch(() => null);
    if (facts) return { facts, frameId: tab.frameId, origin: tab.origin, topOrigin };
  }
  const facts = await deps.askContent(tabId, { type: 'page/facts' });
  if (!facts) throw new ProtocolFailure({ code: 'noCheckpoint' });
  return { facts, frameId: 0, origin: topOrigin, topOrigin };
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

function overlayTab(sender: TrustedSender): number {
  if (sender.kind !== 'page' || sender.tabId === null) throw new ProtocolFailure({ code: 'untrustedSender' });
  return sender.tabId;
}

function tabOrigin(sender: TrustedSender): string | null {
  if (sender.kind !== 'page' || !sender.tabUrl) return null;
  return toHttpOrigin(sender.tabUrl);
}
