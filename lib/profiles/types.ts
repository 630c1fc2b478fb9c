/**
 * An institute profile: plain JSON data that says where the LMS is, how its checkpoint pages look
 * and how its OTP form answers. Profiles are data so institutes can ship their own without code.
 */

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

/** Where the page's own OTP form and its answer are. */
export interface OtpFormRule {
  readonly codeInput: string;
  readonly submitButton: string;
  readonly result: string;
  /** Texts in the result element that mean each outcome; the first that matches wins. */
  readonly successText: readonly string[];
  readonly lockedText: readonly string[];
  readonly failureText: readonly string[];
  /** The page refused the input before verifying it (malformed, nothing issued): not an attempt. */
  readonly notCountedText: readonly string[];
  /** A regular expression whose first group is the number of attempts left, e.g. "남은 횟수: (\\d+)회". */
  readonly attemptsLeftPattern: string;
}

/** Recognises one kind of checkpoint page. All given conditions must hold. */
export interface CheckpointRule {
  readonly id: string;
  readonly kind: CheckpointKind;
  /** Regular expression tested against the page path (and query); group `courseId` names the course. */
  readonly urlPattern: string;
  /** Each text must appear in the page's visible text. */
  readonly textMarkers: readonly string[];
  /** Each selector must match an element. */
  readonly requiredSelectors: readonly string[];
  readonly traineeNameSelector: string;
  readonly traineePhoneSelector: string;
  readonly courseTitleSelector: string;
  readonly form: OtpFormRule;
}

/** The page where the institute issues a web-OTP key. */
export interface EnrollmentRule {
  readonly urlPattern: string;
  /** The element that shows the `otpauth://` key URI as its text. */
  readonly keyUriSelector: string;
}

export interface SupportContacts {
  readonly phone: string;
  readonly email?: string;
  readonly kakaoChannel?: string;
  readonly remoteSupportUrl?: string;
  readonly manualUrl?: string;
}

export interface InstituteProfile {
  readonly id: string;
  readonly instituteName: string;
  /** Match patterns (`scheme://host/*`, any port) of the LMS origins the extension runs on. */
  readonly origins: readonly string[];
  readonly mode: VerificationMode;
  readonly checkpoints: readonly CheckpointRule[];
  readonly enrollment?: EnrollmentRule;
  readonly support: SupportContacts;
}
