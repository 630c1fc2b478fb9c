/**
 * The last resort of the key step: the secret typed by hand, as issue pages print it under their
 * QR code ("JBSW Y3DP …"), when neither the key URI nor the QR code can be used. Made into the
 * key URI the rest of the registration reads, with the training rules' TOTP parameters (SHA-1,
 * 6 digits, 60 seconds), so it is checked and stored exactly as a pasted one.
 */
import { decodeSecret, formatKeyUri, type KeyUriError } from '../otp/key-uri';
import { err, ok, type Result } from '../otp/types';

export function keyUriFromSecret(
  secretText: string,
  label: { readonly issuer: string; readonly accountName: string },
): Result<string, Extract<KeyUriError, 'empty' | 'secretNotBase32' | 'secretTooShort'>> {
  if (secretText.trim() === '') return err('empty');
  const secret = decodeSecret(secretText);
  if (!secret.ok) return secret;
  return ok(formatKeyUri({ secret: secret.value, algorithm: 'SHA1', digits: 6, period: 60, ...label }));
}
