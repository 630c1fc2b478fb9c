/**
 * The one message protocol between the extension's contexts. Every message is declared here with
 * a schema; the background validates with `parseBackgroundRequest` before acting (the content
 * script's requests are in `./content-protocol`), and senders use the typed helpers in `./client`.
 * Nothing else sends ad-hoc objects.
 */
import * as v from 'valibot';
import type { AttemptOutcome } from '../attempts/authority';
import { type FailureCounters, MAX_ATTEMPTS } from '../attempts/transitions';
import { FORM_OUTCOMES, type FormResult, type PageFacts } from '../checkpoints/detect';
import type { ExposureFacts } from '../checkpoints/exposure';
import type { CourseProgress, DueDecision } from '../checkpoints/policy';
import type { HistoryPage } from '../db/history';
import type { ProfileRefusal, ProfileSource } from '../profiles/sources';
import {
  type Branding,
  CHECKPOINT_KINDS,
  type FallbackKind,
  type InstituteProfile,
  type SupportContacts,
  VERIFICATION_MODES,
  type VerificationMode,
} from '../profiles/types';
import type { RegistrationChoice } from '../registration/choices';
import type { IdentityComparison } from '../registration/identity';
import { FILL_ID } from './content-protocol';

export type { ContentRequest } from './content-protocol';
export { ERROR_CODES, type ErrorCode, type ProtocolError, ProtocolFailure, type Reply } from './reply';

const ShortText = v.pipe(v.string(), v.maxLength(200));
const SixDigitCode = v.pipe(v.string(), v.regex(/^\d{6}$/));
const FourDigitPin = v.pipe(v.string(), v.regex(/^\d{4}$/));
const NullableText = v.nullable(ShortText);
const NullableCount = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000)));

const PageFactsSchema = v.object({
  profileId: ShortText,
  ruleId: ShortText,
  kind: v.picklist(CHECKPOINT_KINDS),
  mode: v.picklist(VERIFICATION_MODES),
  courseId: NullableText,
  courseTitle: NullableText,
  session: NullableCount,
  traineeName: NullableText,
  traineePhone: NullableText,
  pageAttemptsLeft: NullableCount,
  typeOnPage: v.optional(v.boolean()),
});

const ViewportCoordinate = v.pipe(v.number(), v.finite(), v.minValue(-100_000), v.maxValue(100_000));
const RequestId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const ObservedUrl = v.pipe(v.string(), v.maxLength(2000));

/**
 * What the page observer saw, as the content script forwards it. A request carries what its
 * fields said (kind, session, trainee, whether a code was sent) — never the code itself.
 */
const ObservationSchema = v.variant('kind', [
  v.object({
    kind: v.literal('request'),
    id: RequestId,
    url: ObservedUrl,
    facts: v.object({
      kind: v.nullable(v.picklist(CHECKPOINT_KINDS)),
      session: NullableCount,
      traineeName: NullableText,
      traineePhone: NullableText,
      carriesCode: v.boolean(),
      codeLength: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
      hrdTime: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)))),
    }),
  }),
  v.object({
    kind: v.literal('answer'),
    id: RequestId,
    url: ObservedUrl,
    status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
    body: v.pipe(v.string(), v.maxLength(8000)),
  }),
  v.object({ kind: v.literal('failed'), id: RequestId, url: ObservedUrl }),
  v.object({ kind: v.literal('dialog'), text: v.pipe(v.string(), v.maxLength(500)) }),
]);
export type ForwardedObservation = v.InferOutput<typeof ObservationSchema>;

export const SUBMIT_METHODS = ['app', 'webOtp'] as const;
export type SubmitMethod = (typeof SUBMIT_METHODS)[number];

/** Requests the background answers. */
export const BackgroundRequestSchema = v.variant('type', [
  v.object({ type: v.literal('status/get') }),
  v.object({
    type: v.literal('registration/save'),
    registration: v.object({
      consentVersion: v.number(),
      name: ShortText,
      phone: ShortText,
      pin: ShortText,
      pinConfirmation: ShortText,
      keyUri: v.pipe(v.string(), v.maxLength(2000)),
      lmsOrigin: ShortText,
    }),
  }),
  v.object({ type: v.literal('registration/delete') }),
  v.object({ type: v.literal('registration/choices') }),
  v.object({ type: v.literal('enrollment/find') }),
  v.object({ type: v.literal('webOtp/code'), pin: FourDigitPin }),
  v.object({ type: v.literal('checkpoint/context') }),
  v.object({
    type: v.literal('checkpoint/submit'),
    code: SixDigitCode,
    method: v.picklist(SUBMIT_METHODS),
    /** The web-OTP step the code belongs to (from `webOtp/code`); absent for app codes. */
    step: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    /**
     * Where the overlay's submit button is (its centre and corners, in the overlay's viewport):
     * the page's hit test there must find the overlay before anything is filled.
     */
    at: v.optional(v.pipe(v.array(v.tuple([ViewportCoordinate, ViewportCoordinate])), v.maxLength(5))),
  }),
  v.object({ type: v.literal('checkpoint/close') }),
  /** The trainee asks to move on after a pass the page could not move on from by itself. */
  v.object({ type: v.literal('checkpoint/reload') }),
  v.object({ type: v.literal('checkpoint/seen'), facts: PageFactsSchema }),
  v.object({
    type: v.literal('page/observed'),
    /** Random per page load: tells the observer's request numbers of two loads apart. */
    pageId: v.pipe(v.string(), v.regex(/^[\w-]{8,64}$/)),
    observation: ObservationSchema,
  }),
  v.object({ type: v.literal('page/arrived') }),
  /** The content script's first question: the profile that configures its frame's origin. */
  v.object({ type: v.literal('page/profile') }),
  /** What the page answered to a fill, reported by the frame that filled (see `page/fill`). */
  v.object({
    type: v.literal('page/filled'),
    fillId: v.pipe(v.string(), v.regex(FILL_ID)),
    result: v.object({
      outcome: v.picklist(FORM_OUTCOMES),
      attemptsLeft: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_ATTEMPTS))),
      message: v.pipe(v.string(), v.maxLength(2_000)),
    }),
  }),
  v.object({ type: v.literal('attempt/notice') }),
  v.object({ type: v.literal('verifier/reset') }),
  v.object({
    type: v.literal('history/page'),
    courseId: NullableText,
    before: v.nullable(v.object({ at: v.number(), id: v.number() })),
    limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)),
  }),
  v.object({
    type: v.literal('history/export'),
    format: v.picklist(['csv', 'json']),
    courseId: NullableText,
  }),
  v.object({ type: v.literal('history/delete') }),
  v.object({ type: v.literal('profile/get') }),
  v.object({ type: v.literal('profile/import'), json: v.pipe(v.string(), v.maxLength(200_000)) }),
  v.object({ type: v.literal('profile/clearImported') }),
  v.object({ type: v.literal('profile/sync') }),
  // "이 사이트에서 사용": the popup asked the browser for the site, then tells the background.
  v.object({ type: v.literal('site/enable'), origin: v.pipe(v.string(), v.maxLength(300)) }),
  v.object({ type: v.literal('site/disable'), origin: v.pipe(v.string(), v.maxLength(300)) }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;
export type BackgroundRequestType = BackgroundRequest['type'];

/** The registration as the UI may see it: never the PIN or secret. */
export interface RegistrationSummary {
  /** Web OTP (a key, codes made here) or HRD's mOTP (codes from HRD's app, no key). */
  readonly mode: VerificationMode;
  /** Null when an mOTP trainee left it out. */
  readonly name: string | null;
  readonly phone: string | null;
  readonly lmsOrigin: string;
  readonly instituteName: string;
  /** The key's issuer, period and digits; null for mOTP. */
  readonly issuer: string | null;
  readonly period: number | null;
  readonly digits: number | null;
  readonly registeredAt: number;
  /** A web-OTP key is stored (false for mOTP, and once five wrong PINs wiped it). */
  readonly hasSecret: boolean;
  /** Where to issue a new key after five wrong PINs wiped it. */
  readonly enrollmentUrl: string | null;
}

export interface StatusView {
  readonly registration: RegistrationSummary | null;
  readonly counters: FailureCounters;
  readonly pinAttemptsLeft: number;
  readonly codeAttemptsLeft: number;
}

export interface WebOtpCode {
  readonly code: string;
  readonly step: number;
  /** When the code's step ends, on the corrected (server) clock. */
  readonly expiresAt: number;
  /** The corrected clock when the code was made; only `expiresAt − issuedAt` matters to pages. */
  readonly issuedAt: number;
  readonly period: number;
  /** Server − device, when measured; the UI mentions it when it is large. */
  readonly clockOffsetMs: number | null;
}

export interface FallbackLink {
  readonly kind: FallbackKind;
  readonly url: string;
}

export interface CheckpointContext {
  readonly facts: PageFacts;
  readonly mode: VerificationMode;
  readonly status: StatusView;
  /** Attempts left as the stricter of the extension's count and the page's. */
  readonly codeAttemptsLeft: number;
  readonly identity: IdentityComparison;
  /** The registration belongs to this page's LMS origin (web OTP can be used here). */
  readonly originMatches: boolean;
  readonly decision: DueDecision;
  readonly progress: CourseProgress;
  readonly fallbacks: readonly FallbackLink[];
  readonly support: SupportContacts;
  readonly instituteName: string;
  readonly branding: Branding | null;
  readonly clockOffsetMs: number | null;
  /** The LMS page's origin, to open the profile's relative links on. */
  readonly pageOrigin: string | null;
  /** The latest attempt at this checkpoint in this tab, as the authority settled it (HRD pages). */
  readonly attempt: AttemptView | null;
  /** What the page's device-status answer (or an earlier lock) says before any try. */
  readonly device: DeviceState | null;
  /**
   * The form is in a sub-frame (a lesson player's iframe). Such a frame on another origin may not
   * move the top page on after a pass without the trainee's own click (Firefox refuses it), so
   * the overlay offers to.
   */
  readonly checkpointInFrame: boolean;
}

export const DEVICE_STATES = ['ready', 'locked', 'notRegistered', 'serviceDown'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** An attempt as the overlay shows it: what happened and the count after it. Never the code. */
export interface AttemptView {
  readonly outcome: AttemptOutcome;
  readonly codeAttemptsLeft: number;
  /** The authority's own words. */
  readonly message: string;
  readonly method: 'app' | 'page';
  readonly submittedAt: number;
  /** Which authority settled it: HRD's answer, the page's alert, or the page's text. */
  readonly authority: 'answer' | 'dialog' | 'dom' | null;
}

/** An earlier attempt's outcome, shown on the page a reload, close or navigation led to. */
export interface AttemptNotice {
  readonly attempt: AttemptView;
  readonly kind: PageFacts['kind'];
  readonly session: number | null;
  readonly instituteName: string;
  readonly fallbacks: readonly FallbackLink[];
  readonly branding: Branding | null;
}

export interface SubmitOutcome {
  readonly result: FormResult;
  readonly status: StatusView;
  readonly codeAttemptsLeft: number;
}

/** The institute profile in charge and where it came from, as the options page shows it. */
export interface ProfileSettingsView {
  readonly source: ProfileSource;
  readonly instituteName: string;
  readonly origins: readonly string[];
  readonly support: SupportContacts;
  readonly branding: Branding | null;
  /** Policy-set profiles cannot be changed by the trainee. */
  readonly locked: boolean;
  readonly refusals: readonly ProfileRefusal[];
  /** Origins the profile adds beyond the bundled ones, and whether the trainee allowed each. */
  readonly extraOrigins: readonly { readonly origin: string; readonly granted: boolean }[];
  /** Sites the trainee enabled for HRD's mOTP ("이 사이트에서 사용"), and whether each is still granted. */
  readonly enabledSites: readonly { readonly origin: string; readonly granted: boolean }[];
  /** Match patterns of every institute and bundled profile: sites that need no enabling. */
  readonly configuredOrigins: readonly string[];
}

export interface HistoryExport {
  readonly filename: string;
  readonly mimeType: string;
  readonly content: string;
}

/** What each background request answers with. */
export interface BackgroundResponses {
  'status/get': StatusView;
  'registration/save': StatusView;
  'registration/delete': StatusView;
  'registration/choices': readonly RegistrationChoice[];
  /**
   * The key an open issue page shows: its text, or the picture of its QR code (a `data:` URL the
   * options page decodes) when it shows the key only that way.
   */
  'enrollment/find':
    | { readonly keyUri: string; readonly origin: string }
    | { readonly qrPicture: string; readonly origin: string }
    | null;
  'webOtp/code': WebOtpCode;
  'checkpoint/context': CheckpointContext;
  'checkpoint/submit': SubmitOutcome;
  'checkpoint/close': null;
  'checkpoint/reload': null;
  'checkpoint/seen': { readonly overlayHere: boolean };
  'page/observed': null;
  'page/arrived': { readonly notice: boolean };
  'page/profile': InstituteProfile | null;
  'page/filled': null;
  'attempt/notice': AttemptNotice | null;
  'verifier/reset': null;
  'history/page': HistoryPage;
  'history/export': HistoryExport;
  'history/delete': { readonly deleted: number };
  'profile/get': ProfileSettingsView;
  'profile/import': ProfileSettingsView;
  'profile/clearImported': ProfileSettingsView;
  'profile/sync': ProfileSettingsView;
  'site/enable': ProfileSettingsView;
  'site/disable': ProfileSettingsView;
}

/**
 * What the issue page shows of the key, read by the enrollment script the background runs in the
 * LMS tab: the key URI as text, or else its QR code as a picture (`data:` URL) to decode.
 */
export type EnrollmentPickup = { readonly keyUri: string } | { readonly qrPicture: string };

export interface ContentResponses {
  'page/facts': PageFacts | null;
  'page/fill': FormResult;
  'overlay/close': null;
  'overlay/show': null;
  /** Null when this frame hosts no checkpoint overlay. */
  'overlay/exposure': ExposureFacts | null;
}

/** The background → extension pages broadcast: an answer came in, read your context again. */
export const CHECKPOINT_CHANGED = { type: 'checkpoint/changed' } as const;

export function parseBackgroundRequest(message: unknown): BackgroundRequest | null {
  const result = v.safeParse(BackgroundRequestSchema, message);
  return result.success ? result.output : null;
}
