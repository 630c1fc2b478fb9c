/** Sites the trainee enabled for HRD's mOTP from the toolbar ("이 사이트에서 사용"). */
import { HRD_GENERIC_PROFILE } from './bundled';
import type { InstituteProfile } from './types';

/**
 * The profiles with HRD's generic one on the enabled sites, last: an institute's or a bundled
 * profile that names a site comes first and wins (`profileForOrigin` takes the first).
 */
export function withEnabledSites(
  profiles: readonly InstituteProfile[],
  sites: readonly string[],
): InstituteProfile[] {
  const origins = sites.flatMap((site) => {
    const origin = siteOrigin(site);
    return origin ? [`${origin}/*`] : [];
  });
  return origins.length > 0 ? [...profiles, { ...HRD_GENERIC_PROFILE, origins }] : [...profiles];
}

/**
 * The browser's match pattern for an enabled site: scheme and host. Firefox's match patterns take
 * no port, so the grant and the registered scripts cover the host's every port; the generic profile
 * itself names the exact origin, so other ports of the host are not recognised.
 */
export function sitePermission(site: string): string {
  const url = new URL(site);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * The exact origin (scheme, host and port) a site is enabled for, from a page's URL or origin;
 * null for anything that is not an http(s) page (extension pages, files, about:).
 */
export function siteOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
