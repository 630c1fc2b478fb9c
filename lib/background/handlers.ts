import Dexie from 'dexie';
import {
  afterCorrectPin,
  afterRegistration,
  afterVerdict,
  afterWrongPin,
  codeAttemptsLeft,
  type FailureCounters,
  pinAttemptsLeft,
  type VerifierVerdict,
} from '../attempts/transitions';
import type { FormResult } from '../checkpoints/detect';
import { unwrapSecret, WrongPinError, wrapSecret } from '../crypto/pin-wrap';
import { eventRecord, getCounters, getRegistration, updateCounters } from '../db/repository';
import { type CompanionDb, CURRENT_REGISTRATION, type RegistrationRecord } from '../db/schema';
import {
  type BackgroundRequest,
  type BackgroundResponses,
  type ContentRequest,
  type ContentResponses,
  type ProtocolError,
  ProtocolFailure,
  type RegistrationSummary,
  type StatusView,
} from '../messaging/protocol';
import type { TrustedSender } from '../messaging/senders';
import { totpCodeAt } from '../otp/totp';
import { profileForOrigin } from '../profiles/origins';
import type { InstituteProfile } from '../profiles/types';
import { compareTrainee } from '../registration/identity';
import { toHttpOrigin, validateRegistration } from '../registration/validate';

/** What the handlers need from the outside world; the entrypoint passes the real ones. */
export interface BackgroundDeps {
  readonly db: CompanionDb;
  readonly now: () => number;
  readonly profiles: readonly InstituteProfile[];
  readonly askContent: <R extends ContentRequest>(
    tabId: number,
    request: R,
  ) => Promise<ContentResponses[R['type']]>;
  /** Tabs open on a configured LMS origin, most recently used first. */
  readonly listLmsTabs: () => Promise<readonly { readonly id: number; readonly url: string }[]>;
  readonly openOptionsPage: () => Promise<void>;
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
    const valid = validateRegistration(input, (origin) => profileForOrigin(deps.profiles, origin) !== null);
    if (!valid.ok) throw new ProtocolFailure({ code: 'registrationInvalid', fields: valid.error });
    const { key, pin, lmsOrigin } = valid.value;
    const profile = profileForOrigin(deps.profiles, lmsOrigin);
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
    };
    await updateCounters(
      deps.db,
      profile.id,
      record.phone,
      (current) => afterRegistration(current, now),
      async () => {
        await deps.db.registrations.put(record);
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

  'webOtp/code': async ({ pin }, _sender, deps) => {
    const registration = await requireRegistration(deps);
    const counters = await getCounters(deps.db, registration.profileId, registration.phone);
    if (!registration.wrappedSecret || counters.secretWiped)
      throw new ProtocolFailure({ code: 'secretWiped' });
    if (counters.codesLocked) throw new ProtocolFailure({ code: 'codesLocked' });
    let secret: Uint8Array;
    try {
      secret = await unwrapSecret(registration.wrappedSecret, pin);
    } catch (error) {
      if (!(error instanceof WrongPinError)) throw error;
      const after = await recordWrongPin(deps, registration);
      if (after.secretWiped) throw new ProtocolFailure({ code: 'secretWiped' });
      throw new ProtocolFailure({ code: 'wrongPin', attemptsLeft: pinAttemptsLeft(after) });
    }
    const now = deps.now();
    // Re-read inside a transaction: a 5th wrong PIN from another tab may have wiped the secret
    // while this PIN was being checked, and then no code may be handed out.
    const after = await updateCounters(deps.db, registration.profileId, registration.phone, (c) =>
      c.secretWiped ? c : afterCorrectPin(c, now),
    );
    if (after.secretWiped) throw new ProtocolFailure({ code: 'secretWiped' });
    const code = totpCodeAt({ ...registration.otp, secret }, now);
    return { code: code.code, expiresAt: code.expiresAt, issuedAt: now, period: registration.otp.period };
  },

  'checkpoint/context': async (_request, sender, deps) => {
    const tabId = overlayTab(sender);
    const facts = await deps.askContent(tabId, { type: 'page/facts' });
    if (!facts) throw new ProtocolFailure({ code: 'noCheckpoint' });
    const status = await readStatus(deps);
    const registration = status.registration;
    const profile = deps.profiles.find((p) => p.id === facts.profileId);
    return {
      facts,
      status,
      identity: registration
        ? compareTrainee(registration, { name: facts.traineeName, phone: facts.traineePhone })
        : 'unknown',
      originMatches: registration !== null && registration.lmsOrigin === tabOrigin(sender),
      supportPhone: profile?.support.phone ?? '',
    };
  },

  'checkpoint/submit': async ({ code, method }, sender, deps) => {
    const tabId = overlayTab(sender);
    const registration = await requireRegistration(deps);
    // Fills go only to the exact origin the trainee registered, never to a look-alike.
    if (tabOrigin(sender) !== registration.lmsOrigin) throw new ProtocolFailure({ code: 'originMismatch' });
    const counters = await getCounters(deps.db, registration.profileId, registration.phone);
    if (counters.codesLocked) throw new ProtocolFailure({ code: 'codesLocked' });
    const facts = await deps.askContent(tabId, { type: 'page/facts' });
    if (!facts) throw new ProtocolFailure({ code: 'noCheckpoint' });
    const result = await deps.askContent(tabId, { type: 'page/fill', code, origin: registration.lmsOrigin });
    const verdict = toVerdict(result);
    const now = deps.now();
    await updateCounters(
      deps.db,
      registration.profileId,
      registration.phone,
      (current) => (verdict ? afterVerdict(current, verdict, now) : current),
      async (before, after) => {
        await deps.db.events.add(
          eventRecord(registration.profileId, now, {
            type: 'codeSubmitted',
            courseId: facts.courseId,
            kind: facts.kind,
            method,
            outcome: result.outcome === 'error' ? 'notCounted' : result.outcome,
            attemptsLeft: codeAttemptsLeft(after),
          }),
        );
        if (after.codesLocked && !before.codesLocked) {
          await deps.db.events.add(
            eventRecord(registration.profileId, now, {
              type: 'codesLocked',
              courseId: facts.courseId,
              kind: facts.kind,
            }),
          );
        }
      },
    );
    return { result, status: await readStatus(deps) };
  },

  'checkpoint/close': async (_request, sender, deps) => {
    await deps.askContent(overlayTab(sender), { type: 'overlay/close' });
    return null;
  },

  'checkpoint/seen': async ({ facts }, _sender, deps) => {
    await deps.db.events.add(
      eventRecord(facts.profileId, deps.now(), {
        type: 'checkpointShown',
        courseId: facts.courseId,
        kind: facts.kind,
      }),
    );
    return null;
  },

  'options/open': async (_request, _sender, deps) => {
    await deps.openOptionsPage();
    return null;
  },
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
  const counters = registration
    ? await getCounters(deps.db, registration.profileId, registration.phone)
    : await getCounters(deps.db, '', '');
  return {
    registration: registration ? summarize(registration, deps.profiles) : null,
    counters,
    pinAttemptsLeft: pinAttemptsLeft(counters),
    codeAttemptsLeft: codeAttemptsLeft(counters),
  };
}

function summarize(record: RegistrationRecord, profiles: readonly InstituteProfile[]): RegistrationSummary {
  return {
    name: record.name,
    phone: record.phone,
    lmsOrigin: record.lmsOrigin,
    instituteName: profiles.find((p) => p.id === record.profileId)?.instituteName ?? record.issuer,
    issuer: record.issuer,
    period: record.otp.period,
    digits: record.otp.digits,
    registeredAt: record.registeredAt,
    hasSecret: record.wrappedSecret !== null,
  };
}

async function requireRegistration(deps: BackgroundDeps): Promise<RegistrationRecord> {
  const registration = await getRegistration(deps.db);
  if (!registration) throw new ProtocolFailure({ code: 'notRegistered' });
  return registration;
}

/** Counts a wrong PIN; the 5th destroys the secret in the same transaction that records it. */
function recordWrongPin(deps: BackgroundDeps, registration: RegistrationRecord): Promise<FailureCounters> {
  const now = deps.now();
  return updateCounters(
    deps.db,
    registration.profileId,
    registration.phone,
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

function toVerdict(result: FormResult): VerifierVerdict | null {
  switch (result.outcome) {
    case 'success':
      return { outcome: 'success' };
    case 'locked':
      return { outcome: 'locked' };
    case 'failure':
      return { outcome: 'failure', attemptsLeft: result.attemptsLeft };
    case 'error':
      // The page refused before verifying (malformed input, no key issued): not an attempt.
      return null;
  }
}

function overlayTab(sender: TrustedSender): number {
  if (sender.kind !== 'page' || sender.tabId === null) throw new ProtocolFailure({ code: 'untrustedSender' });
  return sender.tabId;
}

function tabOrigin(sender: TrustedSender): string | null {
  if (sender.kind !== 'page' || !sender.tabUrl) return null;
  return toHttpOrigin(sender.tabUrl);
}
