import type { InstituteProfile } from './types';

/**
 * Does an origin (`http://127.0.0.1:8610`) fall under a match pattern (`http://127.0.0.1/*`)?
 * Only the scheme-and-host form with an optional `*.` subdomain wildcard is supported; a pattern
 * without a port matches any port, as in the browsers' own match patterns.
 */
const MATCH_PATTERN = /^(https?):\/\/(\*\.)?([^/:*]+)(?::(\d+))?\/\*$/i;

export function originMatchesPattern(origin: string, pattern: string): boolean {
  const parsed = MATCH_PATTERN.exec(pattern);
  if (!parsed) return false;
  const [, scheme, wildcard, host, port] = parsed;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== `${scheme}:`) return false;
  if (port !== undefined && url.port !== port) return false;
  if (url.hostname === host) return true;
  return wildcard !== undefined && url.hostname.endsWith(`.${host}`);
}

/** The profile that configures this origin, if any. */
export function profileForOrigin(
  profiles: readonly InstituteProfile[],
  origin: string,
): InstituteProfile | null {
  return profiles.find((p) => p.origins.some((pattern) => originMatchesPattern(origin, pattern))) ?? null;
}

/**
 * Does match pattern `outer` cover everything `inner` matches? `http://127.0.0.1/*` covers
 * `http://127.0.0.1:8610/*`; `https://*.lms.kr/*` covers `https://a.lms.kr/*`.
 */
export function patternCovers(outer: string, inner: string): boolean {
  const o = MATCH_PATTERN.exec(outer);
  const i = MATCH_PATTERN.exec(inner);
  if (!o || !i) return outer === inner;
  const [, outerScheme = '', outerWildcard, outerHost = '', outerPort] = o;
  const [, innerScheme = '', innerWildcard, innerHost = '', innerPort] = i;
  if (outerScheme.toLowerCase() !== innerScheme.toLowerCase()) return false;
  if (outerPort !== undefined && outerPort !== innerPort) return false;
  const outerName = outerHost.toLowerCase();
  const innerName = innerHost.toLowerCase();
  if (!outerWildcard) return !innerWildcard && outerName === innerName;
  return innerName === outerName || innerName.endsWith(`.${outerName}`);
}
