/**
 * An institute profile: plain JSON data that says where the LMS is, how its checkpoint pages look
 * and how its OTP form answers. Profiles are data so institutes can ship their own without code;
 * `./schema.ts` validates them and is the reference for every field.
 */
import type { CheckpointPolicy } from '../checkpoints/policy';
import type { AnswerEndpoint, DialogTexts } from '../hrd/answers';

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

/** How the page states the attempts: what is left ("남은 횟수: 3회") or what failed ("실패 2회 / 5회"). */
export interface AttemptsRule {
  /** A regular expression; its first group is the number. */
  readonly pattern: string;
  readonly counts: 'left' | 'failed';
}

/** Where the page's own OTP form and its answer are. */
export interface OtpFormRule {
  readonly codeInput: string;
  readonly submitButton: string;
  /**
   * When given, the submit control is the clickable element nearest the code input whose text is
   * one of these ("인증하기", "입력확인", "인증"), for LMSes whose buttons have no stable id; the
   * `submitButton` selector then only narrows the candidates.
   */
  readonly submitText?: readonly string[];
  /**
   * `hrd`: the code input is found the way HRD-integrated LMSes build it (six long, labelled or
   * placed for the code, near HRD's frame or wording; `lib/hrd/generic.ts`), and `codeInput`
   * only narrows the candidates. For LMSes whose inputs have no stable id or placeholder.
   */
  readonly discover?: 'hrd';
  readonly result: string;
  /** Texts in the result element that mean each outcome; checked in this order. */
  readonly successText: readonly string[];
  readonly lockedText: readonly string[];
  readonly failureText: readonly string[];
  /** The page refused the input before verifying it (malformed, nothing issued): not an attempt. */
  readonly notCountedText: readonly string[];
  /** The verifier itself failed (outage): not an attempt; the fallbacks are offered. */
  readonly unavailableText: readonly string[];
  readonly attempts: AttemptsRule;
  /** An element that states the verifier's count before any try (e.g. "남은 횟수: 5회"). */
  readonly attemptsSelector?: string;
  /** How long to wait for the page's answer before offering the fallbacks. */
  readonly resultTimeoutMs: number;
}

/** Recognises one kind of checkpoint page. All given conditions must hold. */
export interface CheckpointRule {
  readonly id: string;
  readonly kind: CheckpointKind;
  /**
   * Regular expression tested against the page's path and query. Named groups `courseId` and
   * `session` are read when present.
   */
  readonly urlPattern: string;
  /** Each text must appear in the page's visible text. */
  readonly textMarkers: readonly string[];
  /** Each selector must match an element. */
  readonly requiredSelectors: readonly string[];
  /** At least one of these must match, when given (e.g. the HRD script or its frame). */
  readonly anySelectors?: readonly string[];
  /** Or one of these texts in the page's visible text (with `anySelectors`, either holds). */
  readonly anyText?: readonly string[];
  readonly traineeNameSelector: string;
  readonly traineePhoneSelector: string;
  readonly courseTitleSelector: string;
  /** An element whose text holds the session number, when the URL does not. */
  readonly sessionSelector?: string;
  /**
   * The kind read from the page's words where one rule covers several kinds (HRD's box looks the
   * same everywhere); the first kind whose text appears wins, else `kind`. HRD's `EVAL_CD` in the
   * page's own request overrides both.
   */
  readonly kindMarkers?: Partial<Readonly<Record<CheckpointKind, readonly string[]>>>;
  readonly form: OtpFormRule;
}

/** The page where the institute issues a web-OTP key. */
export interface EnrollmentRule {
  readonly urlPattern: string;
  /** The element that shows the `otpauth://` key URI as its text. */
  readonly keyUriSelector: string;
}

/** The page that confirms the institute's identity verification (which resets its verifier). */
export interface IdentityVerifiedRule {
  readonly urlPattern: string;
  readonly resultSelector: string;
  readonly successText: readonly string[];
}

export const FALLBACK_KINDS = ['webOtpCaptcha', 'phone', 'ipin'] as const;
export type FallbackKind = (typeof FALLBACK_KINDS)[number];

export interface Fallback {
  readonly kind: FallbackKind;
  /** A path on the LMS origin, or an absolute https URL. */
  readonly url: string;
}

export interface SupportContacts {
  readonly phone: string;
  readonly email?: string;
  readonly kakaoChannel?: string;
  readonly remoteSupportUrl?: string;
  readonly manualUrl?: string;
}

/** White-label: how the overlay and popup present the institute. */
export interface Branding {
  /** `#rrggbb`: buttons, links and accents. */
  readonly primaryColor: string;
}

/**
 * How the authority answers, beyond HRD's own endpoints (always understood): the institute's
 * proxy or verifier endpoints with their code maps, and its alert wordings.
 */
export interface AnswerRules {
  readonly endpoints?: readonly AnswerEndpoint[];
  readonly dialogTexts?: Partial<DialogTexts>;
}

export interface InstituteProfile {
  readonly id: string;
  readonly instituteName: string;
  /** Match patterns (`scheme://host/*`, any port) of the LMS origins the extension runs on. */
  readonly origins: readonly string[];
  readonly mode: VerificationMode;
  readonly policy: CheckpointPolicy;
  /**
   * Selectors of which at least one matches on every page of this LMS. A page on a configured
   * origin without any (a static file, a help site) is left alone: nothing is observed there.
   */
  readonly pageMarkers?: readonly string[];
  readonly checkpoints: readonly CheckpointRule[];
  readonly enrollment?: EnrollmentRule;
  readonly identityVerified?: IdentityVerifiedRule;
  readonly fallbacks: readonly Fallback[];
  readonly support: SupportContacts;
  readonly branding?: Branding;
  readonly answers?: AnswerRules;
}
