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
  updateCounters,
  wipeSecret,
} from '../db/repository';
import { CURRENT_REGISTRATION, type RegistrationRecord } from '../db/schema';
import { ProtocolFailure } from '../messaging/protocol';
import { millisecondsLeftInStep, timeStepAt, totpCodeAt } from '../otp/totp';
import { toHttpOrigin, validateRegistration } from '../registration/validate';
import { currentClockOffset } from './clock';
import {
  checkpointFrame,
  readStatus,
  registeredOwner,
  requireRegistration,
  webOtpProfileFor,
} from './context';
import type { BackgroundDeps, HandlersFor } from './handlers';

export const registrationHandlers: HandlersFor<
  'status/get' | 'registration/save' | 'registration/delete' | 'enrollment/find' | 'webOtp/code'
> = {
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
        await putRegistration(deps.db, record);
        // A new key is a new start: the clock is measured afresh at the next code.
        await deleteClockOffset(deps.db, lmsOrigin);
        await logEvent(deps.db, profile.id, now, { type: 'registered' });
      },
    );
    return readStatus(deps);
  },

  'registration/delete': async (_request, _sender, deps) => {
    await deleteRegistration(deps.db, deps.now());
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
};

/** Counts a wrong PIN; the 5th destroys the secret in the same transaction that records it. */
function recordWrongPin(deps: BackgroundDeps, registration: RegistrationRecord): Promise<FailureCounters> {
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
