/**
 * The LMS addresses a trainee may register on: the origins of every active profile (policy,
 * imported, bundled, and the sites enabled for HRD's mOTP), each with the mode that decides what
 * the wizard asks. Pure: the resolved profiles come in.
 */
import { originMatchesPattern } from '../profiles/origins';
import type { InstituteProfile, VerificationMode } from '../profiles/types';

export interface RegistrationChoice {
  /** The profile's match pattern (`https://*.lms.kr/*`). */
  readonly pattern: string;
  /** The one origin the pattern names, to offer in the list; null for a wildcard pattern. */
  readonly origin: string | null;
  readonly profileId: string;
  readonly instituteName: string;
  readonly mode: VerificationMode;
}

const CONCRETE_PATTERN = /^(https?:\/\/[^/*]+)\/\*$/i;

/** Every pattern of every profile, in the profiles' order (the first that names an origin wins). */
export function registrationChoices(profiles: readonly InstituteProfile[]): RegistrationChoice[] {
  return profiles.flatMap((profile) =>
    profile.origins.map((pattern) => ({
      pattern,
      origin: CONCRETE_PATTERN.exec(pattern)?.[1]?.toLowerCase() ?? null,
      profileId: profile.id,
      instituteName: profile.instituteName,
      mode: profile.mode,
    })),
  );
}

/** The choice that covers an origin the trainee typed or picked, as the background decides it. */
export function choiceForOrigin(
  choices: readonly RegistrationChoice[],
  origin: string,
): RegistrationChoice | null {
  return choices.find((choice) => originMatchesPattern(origin, choice.pattern)) ?? null;
}
