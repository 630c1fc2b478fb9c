/**
 * Replies and errors of the message protocol. Kept free of schemas so that every context,
 * the content script included, can import them without bundling validation code it does not run.
 */
import type { RegistrationFieldError } from '../registration/validate';

/** Errors a request can end with; each has a translated message in the UI. */
export const ERROR_CODES = [
  'invalidRequest',
  'untrustedSender',
  'notRegistered',
  'registrationInvalid',
  'profileInvalid',
  'profileLocked',
  'siteNotGranted',
  'wrongPin',
  'codeAlreadyUsed',
  'wrongMode',
  'secretWiped',
  'codesLocked',
  'originMismatch',
  'noCheckpoint',
  'pageDidNotAnswer',
  /** The page covers the overlay or makes it transparent: nothing was filled or counted. */
  'overlayCovered',
  'storageFailed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  readonly code: ErrorCode;
  /** For wrongPin: PIN attempts left. */
  readonly attemptsLeft?: number;
  /** For profileInvalid: the dotted path of the wrong field and what is wrong with it. */
  readonly field?: string;
  /** For profileInvalid: what is wrong with the field; for overlayCovered: the exposure verdict. */
  readonly detail?: string;
  /** For codeAlreadyUsed: seconds until the next code. */
  readonly retryInSeconds?: number;
  /** For registrationInvalid: every field that is wrong. */
  readonly fields?: readonly RegistrationFieldError[];
}

export type Reply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ProtocolError };

/** Thrown by handlers to answer with a protocol error. */
export class ProtocolFailure extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.code);
    this.name = 'ProtocolFailure';
  }
}
