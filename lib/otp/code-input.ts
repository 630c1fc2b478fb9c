import { err, ok, type Result } from './types';

export type CodeInputError = 'empty' | 'notDigits' | 'tooShort' | 'tooLong';

/**
 * Turns what a trainee typed or pasted into a plain ASCII code: full-width digits (１２３),
 * spaces of any kind and hyphens are accepted and removed; anything else is refused before it
 * can cost an attempt at the verifier.
 */
export function normalizeCodeInput(raw: string, digits = 6): Result<string, CodeInputError> {
  const folded = raw
    .replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\u00a0\u3000\-‐‑–—－]/g, '');
  if (folded.length === 0) return err('empty');
  if (!/^[0-9]+$/.test(folded)) return err('notDigits');
  if (folded.length < digits) return err('tooShort');
  if (folded.length > digits) return err('tooLong');
  return ok(folded);
}

/** Same folding for the 4-digit PIN, which is typed, never pasted from elsewhere, but may be full-width. */
export function normalizePinInput(raw: string): Result<string, CodeInputError> {
  return normalizeCodeInput(raw, 4);
}
