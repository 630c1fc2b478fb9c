import type { InstituteProfile } from './types';

/**
 * Does an origin (`http://127.0.0.1:8610`) fall under a match pattern (`http://127.0.0.1/*`)?
 * Only the scheme-and-host form with an optional `*.` subdomain wildcard is supported; a pattern
 * without a port matches any port, as in the browsers' own match patterns.
 */
export function originMatchesPattern(origin: string, pattern: string): boolean {
  const parsed = /^(https?):\/\/(\*\.)?([^/:*]+)(?::(\d+))?\/\*$/.exec(pattern);
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
