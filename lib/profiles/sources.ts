/**
 * Where the active institute profile comes from, in order of precedence: enterprise policy
 * (Chrome managed storage; Firefox policies.json "3rdparty"), a profile the trainee imported in
 * the options page, the bundled ones. Pure: the raw inputs and the previously active profile come
 * in; the profile set to use and every refusal (with the field that was wrong) go out.
 */
import { patternCovers } from './origins';
import { type ProfileError, parseProfile } from './schema';
import { withEnabledSites } from './sites';
import type { InstituteProfile } from './types';

export const PROFILE_SOURCES = ['policy', 'imported', 'bundled'] as const;
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

export interface ActiveProfile {
  readonly source: ProfileSource;
  readonly profile: InstituteProfile;
}

export interface ProfileRefusal {
  readonly source: Exclude<ProfileSource, 'bundled'>;
  readonly error: ProfileError;
}

export interface ResolvedProfiles {
  /** The institute profile in charge (policy or imported), or null when only bundled ones apply. */
  readonly active: ActiveProfile | null;
  /** Every profile to recognise pages with: the active one first, then the bundled ones it does not replace. */
  readonly profiles: readonly InstituteProfile[];
  readonly refusals: readonly ProfileRefusal[];
}

export interface ProfileInputs {
  /** What the policy says (undefined when no policy sets a profile). */
  readonly policy: unknown;
  /** The profile the trainee imported (undefined when none). */
  readonly imported: unknown;
  /** The custom profile that was active before, kept when a newer input is broken. */
  readonly previous: ActiveProfile | null;
  readonly bundled: readonly InstituteProfile[];
  /** Sites the trainee enabled from the toolbar (origins, `https://lms.example.kr`). */
  readonly enabledSites?: readonly string[];
}

export function resolveProfiles(inputs: ProfileInputs): ResolvedProfiles {
  const refusals: ProfileRefusal[] = [];
  let active: ActiveProfile | null = null;
  for (const source of ['policy', 'imported'] as const) {
    const raw = inputs[source];
    if (raw === undefined || raw === null) continue;
    const parsed = parseProfile(raw);
    if (parsed.ok) {
      active = { source, profile: parsed.value };
      break;
    }
    refusals.push({ source, error: parsed.error });
    // A broken input never lets a lower-precedence source take over: what was active stays.
    active = inputs.previous;
    break;
  }
  const profiles = active
    ? [active.profile, ...inputs.bundled.filter((bundled) => bundled.id !== active.profile.id)]
    : [...inputs.bundled];
  return { active, profiles: withEnabledSites(profiles, inputs.enabledSites ?? []), refusals };
}

/** Origins a profile names that the bundled profiles (the manifest's host access) do not cover. */
export function extraOrigins(profile: InstituteProfile, bundled: readonly InstituteProfile[]): string[] {
  const covered = bundled.flatMap((p) => p.origins);
  return profile.origins.filter((origin) => !covered.some((pattern) => patternCovers(pattern, origin)));
}
