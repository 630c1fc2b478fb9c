/**
 * An institute profile: plain JSON data that says where the LMS is, how its checkpoint pages look
 * and how its OTP form answers. Profiles are data so institutes can ship their own without code;
 * `./schema.ts` validates them, documents every field, and is the one source of these types.
 */
import type * as v from 'valibot';
import type { ProfileSchema } from './schema';

export const CHECKPOINT_KINDS = [
  'entry',
  'session',
  'evaluation',
  'exam',
  'assignment',
  'dailyLogin',
  'video',
] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

export const VERIFICATION_MODES = ['webOtp', 'hrdMotp'] as const;
export type VerificationMode = (typeof VERIFICATION_MODES)[number];

export const FALLBACK_KINDS = ['webOtpCaptcha', 'phone', 'ipin'] as const;
export type FallbackKind = (typeof FALLBACK_KINDS)[number];

/** A validated profile is never changed after parsing: every part of it is read-only. */
type Frozen<T> = T extends readonly (infer Item)[]
  ? readonly Frozen<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: Frozen<T[Key]> }
    : T;

export type InstituteProfile = Frozen<v.InferOutput<typeof ProfileSchema>>;
/** Recognises one kind of checkpoint page. All given conditions must hold. */
export type CheckpointRule = InstituteProfile['checkpoints'][number];
/** Where the page's own OTP form and its answer are. */
export type OtpFormRule = CheckpointRule['form'];
/** How the page states the attempts: what is left ("남은 횟수: 3회") or what failed ("실패 2회 / 5회"). */
export type AttemptsRule = OtpFormRule['attempts'];
/** The page where the institute issues a web-OTP key. */
export type EnrollmentRule = NonNullable<InstituteProfile['enrollment']>;
/** The page that confirms the institute's identity verification (which resets its verifier). */
export type IdentityVerifiedRule = NonNullable<InstituteProfile['identityVerified']>;
export type Fallback = InstituteProfile['fallbacks'][number];
export type SupportContacts = InstituteProfile['support'];
/** White-label: how the overlay and popup present the institute. */
export type Branding = NonNullable<InstituteProfile['branding']>;
/**
 * How the authority answers, beyond HRD's own endpoints (always understood): the institute's
 * proxy or verifier endpoints with their code maps, and its alert wordings.
 */
export type AnswerRules = NonNullable<InstituteProfile['answers']>;
