/** Hash algorithms an `otpauth://` key may name. */
export const OTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type OtpAlgorithm = (typeof OTP_ALGORITHMS)[number];

/** Everything needed to compute TOTP codes for one enrolled key. */
export interface TotpKey {
  /** Raw shared secret bytes (decoded from Base32). */
  readonly secret: Uint8Array;
  readonly algorithm: OtpAlgorithm;
  readonly digits: number;
  /** Step length in seconds. The training rules use 60. */
  readonly period: number;
}

/** The parameters of a key without the secret: safe to keep in plain storage and to show. */
export type TotpParameters = Omit<TotpKey, 'secret'>;

export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
