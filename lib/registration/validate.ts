import { normalizeCodeInput } from '../otp/code-input';
import { type KeyUriError, type ParsedKeyUri, parseKeyUri } from '../otp/key-uri';
import { err, ok, type Result } from '../otp/types';
import type { VerificationMode } from '../profiles/types';
import { toHttpOrigin } from './http-origin';

export { toHttpOrigin };

/** Bump when the consent text changes, so a stored consent records which text was agreed to. */
export const CONSENT_VERSION = 1;

/** What the options wizard sends. Everything is re-validated by the background. */
export interface RegistrationInput {
  readonly consentVersion: number;
  readonly name: string;
  readonly phone: string;
  readonly pin: string;
  readonly pinConfirmation: string;
  readonly keyUri: string;
  readonly lmsOrigin: string;
}

/** A web-OTP trainee: who, a PIN and the institute's key. */
export interface ValidWebOtpRegistration {
  readonly mode: 'webOtp';
  readonly consentVersion: number;
  readonly name: string;
  /** Digits only, e.g. 01012345678: the form the LMS pages show. */
  readonly phone: string;
  readonly pin: string;
  readonly key: ParsedKeyUri;
  readonly lmsOrigin: string;
}

/**
 * An HRD mOTP trainee: the codes come from HRD's app, so no key and no PIN; the name and number
 * are optional and serve only the trainee check and the history.
 */
export interface ValidMotpRegistration {
  readonly mode: 'hrdMotp';
  readonly consentVersion: number;
  readonly name: string | null;
  readonly phone: string | null;
  readonly lmsOrigin: string;
}

export type ValidRegistration = ValidWebOtpRegistration | ValidMotpRegistration;

/** The verification mode of the active profile that names an origin, or null when none does. */
export type ModeOfOrigin = (origin: string) => VerificationMode | null;

export type RegistrationFieldError =
  | { readonly field: 'consent'; readonly reason: 'missing' }
  | { readonly field: 'name'; readonly reason: 'empty' | 'tooLong' | 'invalidCharacters' }
  | { readonly field: 'phone'; readonly reason: 'invalid' }
  | { readonly field: 'pin'; readonly reason: 'notFourDigits' | 'mismatch' }
  | { readonly field: 'keyUri'; readonly reason: KeyUriError }
  | { readonly field: 'lmsOrigin'; readonly reason: 'invalid' | 'notConfigured' };

/**
 * Normalises a Korean mobile number: full-width digits, spaces, hyphens and dots are folded,
 * +82 becomes 0. Accepts 010 (11 digits) and the legacy 011/016/017/018/019 (10–11 digits).
 */
export function normalizeMobileNumber(raw: string): string | null {
  let digits = raw
    .replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\u3000\-‐‑–—－.()]/g, '');
  if (digits.startsWith('+82')) digits = `0${digits.slice(3).replace(/^0/, '')}`;
  if (/^010\d{8}$/.test(digits)) return digits;
  if (/^01[16789]\d{7,8}$/.test(digits)) return digits;
  return null;
}

/** 010-1234-5678 for display. */
export function formatMobileNumber(digits: string): string {
  if (digits.length === 11) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  if (digits.length === 10) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  return digits;
}

export function normalizeTraineeName(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Validates a whole registration at once and reports every wrong field, so the wizard can point
 * at each. Nothing is stored unless all of it is valid. The LMS origin's profile decides what is
 * asked: web OTP needs the name, number, PIN and key; HRD's mOTP only an optional name and number.
 */
export function validateRegistration(
  input: RegistrationInput,
  modeOf: ModeOfOrigin,
): Result<ValidRegistration, RegistrationFieldError[]> {
  const errors: RegistrationFieldError[] = [];
  if (input.consentVersion !== CONSENT_VERSION) errors.push({ field: 'consent', reason: 'missing' });

  const lmsOrigin = toHttpOrigin(input.lmsOrigin);
  const mode = lmsOrigin === null ? null : modeOf(lmsOrigin);
  const originError: RegistrationFieldError | null =
    lmsOrigin === null
      ? { field: 'lmsOrigin', reason: 'invalid' }
      : mode === null
        ? { field: 'lmsOrigin', reason: 'notConfigured' }
        : null;
  const optional = mode === 'hrdMotp';

  const name = normalizeTraineeName(input.name);
  const nameError = checkName(name, optional);
  if (nameError) errors.push(nameError);

  const phone = normalizeMobileNumber(input.phone);
  if (phone === null && !(optional && input.phone.trim() === ''))
    errors.push({ field: 'phone', reason: 'invalid' });

  if (mode === 'hrdMotp') {
    if (originError) errors.push(originError);
    if (errors.length > 0 || lmsOrigin === null) return err(errors);
    const { consentVersion } = input;
    return ok({ mode, consentVersion, name: name || null, phone, lmsOrigin });
  }

  const pin = normalizeCodeInput(input.pin, 4);
  const confirmation = normalizeCodeInput(input.pinConfirmation, 4);
  if (!pin.ok) errors.push({ field: 'pin', reason: 'notFourDigits' });
  else if (!confirmation.ok || confirmation.value !== pin.value)
    errors.push({ field: 'pin', reason: 'mismatch' });

  const key = parseKeyUri(input.keyUri);
  if (!key.ok) errors.push({ field: 'keyUri', reason: key.error });
  if (originError) errors.push(originError);

  if (errors.length > 0 || phone === null || !pin.ok || !key.ok || lmsOrigin === null) {
    return err(errors);
  }
  return ok({
    mode: 'webOtp',
    consentVersion: input.consentVersion,
    name,
    phone,
    pin: pin.value,
    key: key.value,
    lmsOrigin,
  });
}

function checkName(name: string, optional: boolean): RegistrationFieldError | null {
  if (name.length === 0) return optional ? null : { field: 'name', reason: 'empty' };
  if (name.length > 40) return { field: 'name', reason: 'tooLong' };
  if (!/^[\p{L}\p{M} .·'-]+$/u.test(name)) return { field: 'name', reason: 'invalidCharacters' };
  return null;
}
