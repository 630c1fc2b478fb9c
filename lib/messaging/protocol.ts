/**
 * The one message protocol between the extension's contexts. Every message is declared here with
 * a schema; receivers validate with `parseBackgroundRequest` / `parseContentRequest` before acting,
 * and senders use the typed helpers in `./client`. Nothing else sends ad-hoc objects.
 */
import * as v from 'valibot';
import type { FailureCounters } from '../attempts/transitions';
import type { FormResult, PageFacts } from '../checkpoints/detect';
import type { IdentityComparison } from '../registration/identity';

export type { ContentRequest } from './content-protocol';
export { ERROR_CODES, type ErrorCode, type ProtocolError, ProtocolFailure, type Reply } from './reply';

const FourDigitPin = v.pipe(v.string(), v.regex(/^\d{4}$/));
const ShortText = v.pipe(v.string(), v.maxLength(200));
const SixDigitCode = v.pipe(v.string(), v.regex(/^\d{6}$/));
const NullableText = v.nullable(ShortText);

const PageFactsSchema = v.object({
  profileId: ShortText,
  ruleId: ShortText,
  kind: v.picklist(['entry', 'session', 'evaluation', 'exam', 'assignment', 'dailyLogin', 'video']),
  courseId: NullableText,
  courseTitle: NullableText,
  traineeName: NullableText,
  traineePhone: NullableText,
});

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
  v.object({ type: v.literal('enrollment/find') }),
  v.object({ type: v.literal('webOtp/code'), pin: FourDigitPin }),
  v.object({ type: v.literal('checkpoint/context') }),
  v.object({ type: v.literal('checkpoint/submit'), code: SixDigitCode, method: v.picklist(SUBMIT_METHODS) }),
  v.object({ type: v.literal('checkpoint/close') }),
  v.object({ type: v.literal('checkpoint/seen'), facts: PageFactsSchema }),
  v.object({ type: v.literal('options/open') }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;
export type BackgroundRequestType = BackgroundRequest['type'];

/** The registration as the UI may see it: never the PIN or secret. */
export interface RegistrationSummary {
  readonly name: string;
  readonly phone: string;
  readonly lmsOrigin: string;
  readonly instituteName: string;
  readonly issuer: string;
  readonly period: number;
  readonly digits: number;
  readonly registeredAt: number;
  readonly hasSecret: boolean;
}

export interface StatusView {
  readonly registration: RegistrationSummary | null;
  readonly counters: FailureCounters;
  readonly pinAttemptsLeft: number;
  readonly codeAttemptsLeft: number;
}

export interface WebOtpCode {
  readonly code: string;
  /** Unix ms when the code's 60-second step ends (by the background's clock). */
  readonly expiresAt: number;
  /** The background's clock when it answered, so the page's countdown does not depend on its own. */
  readonly issuedAt: number;
  readonly period: number;
}

export interface CheckpointContext {
  readonly facts: PageFacts;
  readonly status: StatusView;
  readonly identity: IdentityComparison;
  /** The registration belongs to this page's LMS origin. */
  readonly originMatches: boolean;
  readonly supportPhone: string;
}

export interface SubmitOutcome {
  readonly result: FormResult;
  readonly status: StatusView;
}

/** What each background request answers with. */
export interface BackgroundResponses {
  'status/get': StatusView;
  'registration/save': StatusView;
  'registration/delete': StatusView;
  'enrollment/find': { readonly keyUri: string; readonly origin: string } | null;
  'webOtp/code': WebOtpCode;
  'checkpoint/context': CheckpointContext;
  'checkpoint/submit': SubmitOutcome;
  'checkpoint/close': null;
  'checkpoint/seen': null;
  'options/open': null;
}

export interface ContentResponses {
  'page/facts': PageFacts | null;
  'page/fill': FormResult;
  'page/enrollmentKey': string | null;
  'overlay/close': null;
}

export function parseBackgroundRequest(message: unknown): BackgroundRequest | null {
  const result = v.safeParse(BackgroundRequestSchema, message);
  return result.success ? result.output : null;
}
