import { type HrdProbe, usesHrdMotp } from '@/lib/hrd/generic';
import type { ProfileSettingsView, ProtocolError } from '@/lib/messaging/protocol';
import { originMatchesPattern } from '@/lib/profiles/origins';

/** What the popup's site section shows for the site of the tab it is about. */
export type SiteState =
  | { readonly step: 'checking' }
  /** HRD's mOTP found: one click enables it. */
  | { readonly step: 'hrd' }
  /** Looked, and found no HRD mOTP. */
  | { readonly step: 'notHrd' }
  /** The page could not be read without the site's permission (popup opened outside the toolbar). */
  | { readonly step: 'needsAccess' }
  | { readonly step: 'enabled'; readonly justStarted: boolean }
  | { readonly step: 'refused' }
  | { readonly step: 'error'; readonly error: ProtocolError };

/** Whether the trainee enabled the site already, and whether an institute profile names it. */
export function siteStanding(
  settings: ProfileSettingsView,
  origin: string | null,
): { readonly enabled: boolean; readonly configured: boolean } {
  return {
    enabled: origin !== null && settings.enabledSites.some((site) => site.origin === origin),
    configured:
      origin !== null && settings.configuredOrigins.some((pattern) => originMatchesPattern(origin, pattern)),
  };
}

/** What the frames found, if the page is on the site in question (the tab may have moved on). */
export function onTopOf(probes: readonly HrdProbe[], origin: string): readonly HrdProbe[] {
  return probes.some((probe) => probe.origin === origin) ? probes : [];
}

/** Whether the page, read (null: it could not be), is on `origin` and uses HRD's mOTP. */
export function usesHrdOn(probes: readonly HrdProbe[] | null, origin: string): boolean {
  return probes !== null && usesHrdMotp(onTopOf(probes, origin));
}

/** What a look at the page found: HRD's mOTP, none, or a page that could not be read. */
export function findingOf(probes: readonly HrdProbe[] | null, origin: string): SiteState {
  if (probes === null) return { step: 'needsAccess' };
  return { step: usesHrdOn(probes, origin) ? 'hrd' : 'notHrd' };
}
