import { generateSync } from 'otplib';
import type { TotpKey } from './types';

/** The TOTP time step that contains `nowMs` (Unix milliseconds). */
export function timeStepAt(nowMs: number, period: number): number {
  return Math.floor(nowMs / 1000 / period);
}

/** Milliseconds until the step containing `nowMs` ends. */
export function millisecondsLeftInStep(nowMs: number, period: number): number {
  const periodMs = period * 1000;
  return periodMs - (((nowMs % periodMs) + periodMs) % periodMs);
}

/** The code of one time step. */
export function totpCodeForStep(key: TotpKey, step: number): string {
  return generateSync({
    strategy: 'hotp',
    secret: key.secret,
    counter: step,
    digits: key.digits,
    algorithm: toOtplibAlgorithm(key.algorithm),
  });
}

/** A code with the window it is valid in. */
export interface TimedCode {
  readonly code: string;
  readonly step: number;
  /** Unix ms at which this code's step ends. */
  readonly expiresAt: number;
}

/** The code for the step containing `nowMs` (Unix milliseconds; otplib's seconds are handled here). */
export function totpCodeAt(key: TotpKey, nowMs: number): TimedCode {
  const step = timeStepAt(nowMs, key.period);
  return {
    code: totpCodeForStep(key, step),
    step,
    expiresAt: (step + 1) * key.period * 1000,
  };
}

export interface TotpVerifyOptions {
  /** How many steps before the current one still count, for codes typed late. */
  readonly acceptPreviousSteps: number;
  /** The last step a code was accepted for; that step and older are refused (replay). */
  readonly lastAcceptedStep: number | null;
}

export type TotpVerifyResult =
  | { readonly valid: true; readonly step: number }
  | { readonly valid: false; readonly reason: 'mismatch' | 'replayed' };

/**
 * Checks a normalised code against the key at `nowMs`. Constant-time comparison is unnecessary
 * here because the candidate set is tiny and attempts are counted and locked by the caller.
 */
export function verifyTotp(
  key: TotpKey,
  code: string,
  nowMs: number,
  options: TotpVerifyOptions,
): TotpVerifyResult {
  const current = timeStepAt(nowMs, key.period);
  for (let step = current; step >= current - options.acceptPreviousSteps; step -= 1) {
    if (totpCodeForStep(key, step) !== code) continue;
    if (options.lastAcceptedStep !== null && step <= options.lastAcceptedStep) {
      return { valid: false, reason: 'replayed' };
    }
    return { valid: true, step };
  }
  return { valid: false, reason: 'mismatch' };
}

function toOtplibAlgorithm(algorithm: TotpKey['algorithm']): 'sha1' | 'sha256' | 'sha512' {
  return algorithm === 'SHA1' ? 'sha1' : algorithm === 'SHA256' ? 'sha256' : 'sha512';
}
