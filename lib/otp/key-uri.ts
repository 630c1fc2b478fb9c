import { decodeBase32, encodeBase32 } from './base32';
import { err, OTP_ALGORITHMS, type OtpAlgorithm, ok, type Result, type TotpKey } from './types';

/** RFC 4226 §4 asks for at least 128 bits of secret. */
export const MIN_SECRET_BYTES = 16;
export const SUPPORTED_DIGITS = [6] as const;
/** Steps the training rules and common verifiers use. */
export const SUPPORTED_PERIODS = [30, 60] as const;

/** A parsed `otpauth://totp/...` key URI. */
export interface ParsedKeyUri extends TotpKey {
  readonly issuer: string;
  readonly accountName: string;
}

/** Why a key URI was refused; each maps to a message the trainee can act on. */
export const KEY_URI_ERRORS = [
  'empty',
  'notOtpauth',
  'notTotp',
  'malformedLabel',
  'missingSecret',
  'secretNotBase32',
  'secretTooShort',
  'unsupportedAlgorithm',
  'unsupportedDigits',
  'unsupportedPeriod',
] as const;
export type KeyUriError = (typeof KEY_URI_ERRORS)[number];

/**
 * Parses and validates a key URI strictly. Anything the training rules do not allow
 * (not TOTP, short secret, odd digits or step) is refused here, so nothing half-valid is stored.
 */
export function parseKeyUri(input: string): Result<ParsedKeyUri, KeyUriError> {
  const text = input.trim();
  if (text.length === 0) return err('empty');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err('notOtpauth');
  }
  if (url.protocol !== 'otpauth:') return err('notOtpauth');
  // `new URL` puts the type in `host` for special-less schemes in some engines and in `pathname`
  // in others; read it from the raw text so both agree.
  const type = /^otpauth:\/\/([^/?#]*)/i.exec(text)?.[1]?.toLowerCase();
  if (type !== 'totp') return err('notTotp');

  const params = url.searchParams;
  const secretText = params.get('secret');
  if (!secretText) return err('missingSecret');
  const decoded = decodeSecret(secretText);
  if (!decoded.ok) return decoded;
  const secret = decoded.value;

  const algorithmText = (params.get('algorithm') ?? 'SHA1').toUpperCase();
  if (!isAlgorithm(algorithmText)) return err('unsupportedAlgorithm');

  const digits = parseIntegerParam(params.get('digits'), 6);
  if (!SUPPORTED_DIGITS.some((d) => d === digits)) return err('unsupportedDigits');

  // The training rules' 60-second step unless the key URI names another (docs/rules.md).
  const period = parseIntegerParam(params.get('period'), 60);
  if (!SUPPORTED_PERIODS.some((p) => p === period)) return err('unsupportedPeriod');

  let label: string;
  try {
    label = decodeURIComponent(/^otpauth:\/\/[^/]*\/([^?#]*)/i.exec(text)?.[1] ?? '');
  } catch {
    return err('malformedLabel');
  }
  const colon = label.indexOf(':');
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : '';
  const accountName = (colon >= 0 ? label.slice(colon + 1) : label).trim();
  const issuer = params.get('issuer')?.trim() || labelIssuer;

  return ok({ secret, algorithm: algorithmText, digits, period, issuer, accountName });
}

/** Builds a key URI (used by the demo LMS to issue keys and by tests). */
/** A key's secret as written (Base32), long enough to be one: the key URI's, or one typed by hand. */
export function decodeSecret(
  secretText: string,
): Result<Uint8Array, Extract<KeyUriError, 'secretNotBase32' | 'secretTooShort'>> {
  let secret: Uint8Array;
  try {
    secret = decodeBase32(secretText);
  } catch {
    return err('secretNotBase32');
  }
  return secret.length < MIN_SECRET_BYTES ? err('secretTooShort') : ok(secret);
}

export function formatKeyUri(key: ParsedKeyUri): string {
  const label = key.issuer
    ? `${encodeURIComponent(key.issuer)}:${encodeURIComponent(key.accountName)}`
    : encodeURIComponent(key.accountName);
  const params = new URLSearchParams({
    secret: encodeBase32(key.secret),
    issuer: key.issuer,
    algorithm: key.algorithm,
    digits: String(key.digits),
    period: String(key.period),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

function isAlgorithm(value: string): value is OtpAlgorithm {
  return (OTP_ALGORITHMS as readonly string[]).includes(value);
}

/** NaN for anything but a plain decimal integer, so "6.5" or "6x" is refused rather than rounded. */
function parseIntegerParam(value: string | null, fallback: number): number {
  if (value === null) return fallback;
  return /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
}
