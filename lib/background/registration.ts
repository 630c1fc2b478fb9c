/** The trainee's registration, and the web-OTP codes made from it. */

import {
  afterCorrectPin,
  afterRegistration,
  afterWrongPin,
  type FailureCounters,
  pinAttemptsLeft,
} from '../attempts/transitions';
import { unwrapSecret, WrongPinError, wrapSecret } from '../crypto/pin-wrap';
import { deleteClockOffset } from '../db/clock';
import {
  deleteRegistration,
  getCounters,
  getRegistration,
  logEvent,
  putRegistration,
  readWrite,
  updateCounters,
  wipeSecret,
} from '../db/repository';
import {
  CURRENT_REGISTRATION,
  type MotpRegistrationRecord,
  type WebOtpRegistrationRecord,
} from '../db/schema';
import { type EnrollmentPickup, ProtocolFailure } from '../messaging/protocol';
import { millisecondsLeftInStep, timeStepAt, totpCodeAt } from '../otp/totp';
import { profileForOrigin } from '../profiles/origins';
import type { InstituteProfile } from '../profiles/types';
import { registrationChoices } from '../registration/choices';
import {
  toHttpOrigin,
  type ValidMotpRegistration,
  type ValidWebOtpRegistration,
  validateRegistration,
} from '../registration/validate';
import { currentClockOffset } from './clock';
import { checkpointFrame, readStatus, registeredOwner, requireRegistration } from './context';
import type { BackgroundDeps, HandlersFor } from './handlers';

export const registrationHandlers: HandlersFor<
  | 'status/get'
  | 'registration/save'
  | 'registration/choices'
  | 'registration/delete'
  | 'enrollment/find'
  | 'webOtp/code'
> = {
  'status/get': async (_request, _sender, deps) => readStatus(deps),

  'registration/save': async ({ registration: input }, _sender, deps) => {
    const modeOf = (origin: string) => profileForOrigin(deps.profiles, origin)?.mode ?? null;
    const valid = validateRegistration(input, modeOf);
    if (!valid.ok) throw new ProtocolFailure({ code: 'registrationInvalid', fields: valid.error });
    const profile = profileForOrigin(deps.profiles, valid.value.lmsOrigin);
    if (!profile) throw new ProtocolFailure({ code: 'registrationInvalid' });
    if (valid.value.mode === 'hrdMotp') await saveMotp(deps, profile, valid.value);
    else await saveWebOtp(deps, profile, valid.value);
    return readStatus(deps);
  },

  'registration/choices': async (_request, _sender, deps) => registrationChoices(deps.profiles),

  'registration/delete': async (_request, _sender, deps) => {
    await deleteRegistration(deps.db, deps.now());
    return readStatus(deps);
  },

  'enrollment/find': async (_request, _sender, deps) => {
    for (const tab of await deps.listLmsTabs()) {
      const origin = toHttpOrigin(tab.url);
      if (!origin) continue;
      // A tab the script may not run in (discarded, or its grant withdrawn) is skipped.
      const found = readPickup(await deps.pickUpEnrollment(tab.id).catch(() => null));
      if (found) return { ...found, origin };
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
    const latest = await getRegistration(deps.db);
    const lastSubmitted = latest?.mode === 'webOtp' ? (latest.lastSubmittedStep ?? null) : null;
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
};

/** Stores a web-OTP key wrapped by the PIN; a new key is a new start for the PIN and code counts. */
async function saveWebOtp(
  deps: BackgroundDeps,
  profile: InstituteProfile,
  valid: ValidWebOtpRegistration,
): Promise<void> {
  const { key, pin, lmsOrigin } = valid;
  // WebCrypto cannot run inside a Dexie transaction (it would commit early): wrap first.
  const wrappedSecret = await wrapSecret(key.secret, pin);
  const now = deps.now();
  const record: WebOtpRegistrationRecord = {
    slot: CURRENT_REGISTRATION,
    mode: 'webOtp',
    profileId: profile.id,
    name: valid.name,
    phone: valid.phone,
    lmsOrigin,
    issuer: key.issuer,
    accountName: key.accountName,
    otp: { algorithm: key.algorithm, digits: key.digits, period: key.period },
    wrappedSecret,
    consentVersion: valid.consentVersion,
    registeredAt: now,
    lastSubmittedStep: null,
  };
  await updateCounters(
    deps.db,
    registeredOwner(record),
    (current) => afterRegistration(current, now),
    async () => {
      await putRegistration(deps.db, record);
      // A new key is a new start: the clock is measured afresh at the next code.
      await deleteClockOffset(deps.db, lmsOrigin);
      await logEvent(deps.db, profile.id, now, { type: 'registered' });
    },
  );
}

/**
 * Stores an mOTP trainee: no key and no PIN. The counts stay as they are: a lock is HRD's
 * (the phone's), and registering here does not lift it.
 */
async function saveMotp(deps: BackgroundDeps, profile: InstituteProfile, valid: ValidMotpRegistration) {
  const now = deps.now();
  const record: MotpRegistrationRecord = {
    slot: CURRENT_REGISTRATION,
    mode: 'hrdMotp',
    profileId: profile.id,
    name: valid.name,
    phone: valid.phone,
    lmsOrigin: valid.lmsOrigin,
    consentVersion: valid.consentVersion,
    registeredAt: now,
  };
  await readWrite(deps.db, ['registrations', 'events'], async () => {
    await putRegistration(deps.db, record);
    await logEvent(deps.db, profile.id, now, { type: 'registered' });
  });
}

/** Counts a wrong PIN; the 5th destroys the secret in the same transaction that records it. */
function recordWrongPin(
  deps: BackgroundDeps,
  registration: WebOtpRegistrationRecord,
): Promise<FailureCounters> {
  const now = deps.now();
  return updateCounters(
    deps.db,
    registeredOwner(registration),
    (current) => afterWrongPin(current, now),
    async (before, after) => {
      await logEvent(deps.db, registration.profileId, now, {
        type: 'pinFailed',
        attemptsLeft: pinAttemptsLeft(after),
      });
      if (after.secretWiped && !before.secretWiped) {
        await wipeSecret(deps.db);
        await logEvent(deps.db, registration.profileId, now, { type: 'secretWiped' });
      }
    },
  );
}

/** A picture's `data:` URL, of a size a message carries; anything else from a page is ignored. */
const QR_PICTURE = /^data:image\/(?:png|jpeg|gif|webp|svg\+xml)[;,]/;
const QR_PICTURE_MAX_CHARS = 4_000_000;

function isQrPicture(value: unknown): value is string {
  return typeof value === 'string' && value.length <= QR_PICTURE_MAX_CHARS && QR_PICTURE.test(value);
}

/** Longer than any key URI an issue page shows (secret, issuer, account and parameters). */
const KEY_URI_MAX_CHARS = 4_096;

/** What the enrollment script read, of a shape and size the wizard takes; null for anything else. */
function readPickup(value: unknown): EnrollmentPickup | null {
  if (typeof value !== 'object' || value === null) return null;
  const { keyUri, qrPicture } = value as { keyUri?: unknown; qrPicture?: unknown };
  if (typeof keyUri === 'string' && keyUri.length > 0 && keyUri.length <= KEY_URI_MAX_CHARS)
    return { keyUri };
  return isQrPicture(qrPicture) ? { qrPicture } : null;
}
