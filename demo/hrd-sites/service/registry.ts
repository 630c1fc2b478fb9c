/**
 * HRD's stand-in keeps one mOTP registration per phone number: the seed the phone app holds and
 * the consecutive-error count. Verification is the demo verifier's (window of the current and
 * previous step, replay refused and counted, lock at the 5th error); this module only keeps one
 * such state per phone, in memory.
 */
import { randomBytes } from 'node:crypto';
import { totpCodeAt } from '../../../lib/otp/totp';
import {
  createVerifierState,
  DEMO_SECRET_BYTES,
  issueSecret,
  keyOf,
  resetAfterIdentityVerification,
  type VerifierState,
  verifyCheckpointCode,
} from '../../server/verifier';

/** What HRD's check of one code came to. */
export type AccreditResult =
  | { readonly kind: 'accepted' }
  /** Wrong (or replayed) code; `errors` counts this one. `locked` when it was the 5th. */
  | { readonly kind: 'mismatch'; readonly errors: number; readonly locked: boolean }
  /** Already locked: not even looked at; the count stays where it is. */
  | { readonly kind: 'locked'; readonly errors: number }
  | { readonly kind: 'notRegistered' }
  /** Not six digits: refused as input, not counted. */
  | { readonly kind: 'malformed'; readonly errors: number };

/** A phone's registration as `chkOtpDeviceStatus` reports it. */
export type DeviceStatus =
  | { readonly registered: false }
  | { readonly registered: true; readonly errors: number; readonly locked: boolean };

export interface OtpRegistry {
  /** Registers a phone (the app's first start) unless it is; the seed is random. */
  register(tel: string): void;
  isRegistered(tel: string): boolean;
  /** The phone app's code now, with the end of its step; registers the phone on first use. */
  currentCode(tel: string): { readonly code: string; readonly expiresAt: number };
  accredit(tel: string, code: string): AccreditResult;
  status(tel: string): DeviceStatus;
  /** Clears the error count and the lock (after the institute's identity verification). False if unknown. */
  reset(tel: string): boolean;
  /** Tests: every registered phone back to no errors and no replay marker. Seeds stay. */
  clearCounts(): void;
}

/** `010-1234-5678` and `01012345678` name the same phone. */
export function normalizeTel(tel: string): string {
  return tel.replace(/\D/g, '');
}

export function createOtpRegistry(options: {
  readonly now: () => number;
  /** Phones registered at start (the demo trainee). */
  readonly preRegistered: readonly string[];
}): OtpRegistry {
  const phones = new Map<string, VerifierState>();

  const register = (tel: string): VerifierState => {
    const key = normalizeTel(tel);
    const known = phones.get(key);
    if (known) return known;
    const state = issueSecret(createVerifierState(), randomBytes(DEMO_SECRET_BYTES));
    phones.set(key, state);
    return state;
  };
  for (const tel of options.preRegistered) register(tel);

  return {
    register(tel) {
      register(tel);
    },
    isRegistered: (tel) => phones.has(normalizeTel(tel)),
    currentCode(tel) {
      const state = register(tel);
      if (state.secretBase32 === null) throw new Error('registered phone without a seed');
      const { code, expiresAt } = totpCodeAt(keyOf(state.secretBase32), options.now());
      return { code, expiresAt };
    },
    accredit(tel, code) {
      const key = normalizeTel(tel);
      const state = phones.get(key);
      if (!state) return { kind: 'notRegistered' };
      const { state: next, answer } = verifyCheckpointCode(state, code, options.now());
      phones.set(key, next);
      switch (answer.reason) {
        case 'accepted':
          return { kind: 'accepted' };
        case 'mismatch':
        case 'replayed':
          return { kind: 'mismatch', errors: next.failures, locked: answer.locked };
        case 'locked':
          return { kind: 'locked', errors: next.failures };
        case 'malformed':
          return { kind: 'malformed', errors: next.failures };
        case 'notEnrolled':
          return { kind: 'notRegistered' };
      }
    },
    status(tel) {
      const state = phones.get(normalizeTel(tel));
      return state
        ? { registered: true, errors: state.failures, locked: state.locked }
        : { registered: false };
    },
    reset(tel) {
      const key = normalizeTel(tel);
      const state = phones.get(key);
      if (!state) return false;
      phones.set(key, resetAfterIdentityVerification(state));
      return true;
    },
    clearCounts() {
      for (const [key, state] of phones) {
        phones.set(key, { ...resetAfterIdentityVerification(state), lastAcceptedStep: null });
      }
    },
  };
}
