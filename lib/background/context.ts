/**
 * What a request is about, looked up the same way by every handler: its sender (the overlay's
 * tab, a content script's frame), the registration and the institute profile, the tab's
 * checkpoint frame. Each lookup that cannot be answered throws the protocol's failure for it.
 */

import { codeAttemptsLeft, INITIAL_COUNTERS, pinAttemptsLeft } from '../attempts/transitions';
import type { PageFacts } from '../checkpoints/detect';
import { getCounters, getRegistration } from '../db/repository';
import type { CountersOwner, RegistrationRecord, WebOtpRegistrationRecord } from '../db/schema';
import { getTab } from '../db/tabs';
import {
  type FallbackLink,
  ProtocolFailure,
  type RegistrationSummary,
  type StatusView,
} from '../messaging/protocol';
import type { TrustedSender } from '../messaging/senders';
import { profileForOrigin } from '../profiles/origins';
import type { InstituteProfile } from '../profiles/types';
import { normalizeMobileNumber, toHttpOrigin } from '../registration/validate';
import type { BackgroundDeps } from './handlers';

export type ContentSender = Extract<TrustedSender, { kind: 'content' }>;

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
  const common = {
    name: record.name,
    phone: record.phone,
    lmsOrigin: record.lmsOrigin,
    registeredAt: record.registeredAt,
  };
  if (record.mode === 'hrdMotp') {
    const instituteName = profile?.instituteName ?? record.lmsOrigin;
    return {
      ...common,
      mode: record.mode,
      instituteName,
      issuer: null,
      period: null,
      digits: null,
      hasSecret: false,
      enrollmentUrl: null,
    };
  }
  return {
    ...common,
    mode: record.mode,
    instituteName: profile?.instituteName ?? record.issuer,
    issuer: record.issuer,
    period: record.otp.period,
    digits: record.otp.digits,
    hasSecret: record.wrappedSecret !== null,
    enrollmentUrl: enrollmentPath ? `${record.lmsOrigin}${enrollmentPath}` : null,
  };
}

/** The web-OTP registration that makes codes; an mOTP trainee has no key here (`notRegistered`). */
export async function requireRegistration(deps: BackgroundDeps): Promise<WebOtpRegistrationRecord> {
  const registration = await getRegistration(deps.db);
  if (registration?.mode !== 'webOtp') throw new ProtocolFailure({ code: 'notRegistered' });
  return registration;
}

export function requireProfile(deps: BackgroundDeps, profileId: string): InstituteProfile {
  const profile = deps.profiles.find((candidate) => candidate.id === profileId);
  if (!profile) throw new ProtocolFailure({ code: 'noCheckpoint' });
  return profile;
}

/** The registered trainee's counts: on the institute and the exact origin they registered on. */
export function registeredOwner(registration: RegistrationRecord): CountersOwner {
  const trainee = registration.phone ?? 'unknown';
  return { profileId: registration.profileId, origin: registration.lmsOrigin, trainee };
}

/**
 * Whose counters a checkpoint moves: the registered trainee on their institute; on another
 * institute (an HRD mOTP page, no web-OTP registration there) the trainee the page shows.
 */
export function traineeKey(
  registration: RegistrationRecord | null,
  profile: InstituteProfile,
  facts: PageFacts | null,
): string {
  // An mOTP trainee who gave no number is counted as the page's trainee.
  if (registration?.phone && (registration.profileId === profile.id || !facts?.traineePhone))
    return registration.phone;
  return (facts?.traineePhone && normalizeMobileNumber(facts.traineePhone)) || 'unknown';
}

export function resolveFallbacks(profile: InstituteProfile, origin: string | null): FallbackLink[] {
  return profile.fallbacks.flatMap((fallback) => {
    if (fallback.url.startsWith('https://')) return [fallback];
    return origin ? [{ kind: fallback.kind, url: `${origin}${fallback.url}` }] : [];
  });
}

/** The sender as a content script; anything else is refused. */
export function contentSender(sender: TrustedSender): ContentSender {
  if (sender.kind !== 'content') throw new ProtocolFailure({ code: 'untrustedSender' });
  return sender;
}

/** The profile of a content script's own frame origin; a frame no profile configures is refused. */
export function senderProfile(deps: BackgroundDeps, sender: ContentSender): InstituteProfile {
  const profile = profileForOrigin(deps.profiles, sender.origin);
  if (!profile) throw new ProtocolFailure({ code: 'untrustedSender' });
  return profile;
}

/** The tab of the overlay page that sent the request. */
export function overlayTab(sender: TrustedSender): number {
  if (sender.kind !== 'page' || sender.tabId === null) throw new ProtocolFailure({ code: 'untrustedSender' });
  return sender.tabId;
}

export function tabOrigin(sender: TrustedSender): string | null {
  if (sender.kind !== 'page' || !sender.tabUrl) return null;
  return toHttpOrigin(sender.tabUrl);
}

/**
 * The frame that holds the tab's checkpoint (the top frame unless a sub-frame reported one), its
 * facts, its origin (codes are filled there) and the tab's address (counts are bound to it).
 */
export async function checkpointFrame(
  deps: BackgroundDeps,
  sender: TrustedSender,
  tabId: number,
): Promise<{ facts: PageFacts; frameId: number; origin: string; topOrigin: string }> {
  // A tab whose address the browser does not tell is bound to nothing: nothing is counted or
  // filled there.
  const topOrigin = tabOrigin(sender);
  if (!topOrigin) throw new ProtocolFailure({ code: 'originMismatch' });
  const tab = await getTab(deps.db, tabId);
  if (tab && tab.frameId !== 0) {
    const facts = await deps.askContent(tabId, { type: 'page/facts' }, tab.frameId).catch(() => null);
    if (facts) return { facts, frameId: tab.frameId, origin: tab.origin, topOrigin };
  }
  const facts = await deps.askContent(tabId, { type: 'page/facts' });
  if (!facts) throw new ProtocolFailure({ code: 'noCheckpoint' });
  return { facts, frameId: 0, origin: topOrigin, topOrigin };
}
