import { normalizeCodeInput } from '../otp/code-input';
import { type KeyUriError, type ParsedKeyUri, parseKeyUri } from '../otp/key-uri';
import { err, ok, type Result } from '../otp/types';
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

export interface ValidRegistration {
  readonly consentVersion: number;
  readonly name: string;
  /** Digits only, e.g. 01012345678: the form the LMS pages show. */
  readonly phone: string;
  readonly pin: string;
  readonly key: ParsedKeyUri;
  readonly lmsOrigin: string;
}

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
 * at each. Nothing is stored unless all of it is valid.
 */
export function validateRegistration(
  input: RegistrationInput,
  isConfiguredOrigin: (origin: string) => boolean,
): Result<ValidRegistration, RegistrationFieldError[]> {
  const errors: RegistrationFieldError[] = [];
  if (input.consentVersion !== CONSENT_VERSION) errors.push({ field: 'consent', reason: 'missing' });

  const name = normalizeTraineeName(input.name);
  if (name.length === 0) errors.push({ field: 'name', reason: 'empty' });
  else if (name.length > 40) errors.push({ field: 'name', reason: 'tooLong' });
  else if (!/^[\p{L}\p{M} .·'-]+$/u.test(name)) errors.push({ field: 'name', reason: 'invalidCharacters' });

  const phone = normalizeMobileNumber(input.phone);
  if (phone === null) errors.push({ field: 'phone', reason: 'invalid' });

  const pin = normalizeCodeInput(input.pin, 4);
  const confirmation = normalizeCodeInput(input.pinConfirmation, 4);
  if (!pin.ok) errors.push({ field: 'pin', reason: 'notFourDigits' });
  else if (!confirmation.ok || confirmation.value !== pin.value)
    errors.push({ field: 'pin', reason: 'mismatch' });

  const key = parseKeyUri(input.keyUri);
  if (!key.ok) errors.push({ field: 'keyUri', reason: key.error });

  const lmsOrigin = toHttpOrigin(input.lmsOrigin);
  if (lmsOrigin === null) errors.push({ field: 'lmsOrigin', reason: 'invalid' });
  else if (!isConfiguredOrigin(lmsOrigin)) errors.push({ field: 'lmsOrigin', reason: 'notConfigured' });

  if (errors.length > 0 || phone === null || !pin.ok || !key.ok || lmsOrigin === null) {
    return err(errors);
  }
  return ok({ consentVersion: input.consentVersion, name, phone, pin: pin.value, key: key.value, lmsOrigin });
}
