import { type HrdProbe, usesHrdMotp } from '@/lib/hrd/generic';
import type { ProfileSettingsView, ProtocolError } from '@/lib/messaging/protocol';
import { originMatchesPattern } from '@/lib/profiles/origins';
import { siteOrigin } from '@/lib/profiles/sites';

/** What the popup's site section shows for the site of the tab it is about. */
export type SiteState =
  | { readonly step: 'checking' }
  /**
   * HRD's mOTP found: one click enables it, with the other origins whose frames hold HRD's box
   * (a lesson player that frames the box from another host of the institute).
   */
  | { readonly step: 'hrd'; readonly boxOrigins: readonly string[] }
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

/**
 * The origins other than the site's own whose frames show HRD's box on a page of the site: they
 * must be enabled with it, or the box in the frame would go unrecognised.
 */
export function boxOriginsOf(probes: readonly HrdProbe[], origin: string): readonly string[] {
  const found = onTopOf(probes, origin)
    .filter((probe) => probe.origin !== origin && usesHrdMotp([probe]))
    .flatMap((probe) => {
      const frameOrigin = siteOrigin(probe.origin);
      return frameOrigin && frameOrigin !== origin ? [frameOrigin] : [];
    });
  return [...new Set(found)];
}

/** What a look at the page found: HRD's mOTP, none, or a page that could not be read. */
export function findingOf(probes: readonly HrdProbe[] | null, origin: string): SiteState {
  if (probes === null) return { step: 'needsAccess' };
  return usesHrdOn(probes, origin)
    ? { step: 'hrd', boxOrigins: boxOriginsOf(probes, origin) }
    : { step: 'notHrd' };
}
