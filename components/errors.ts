import { type ProtocolError, ProtocolFailure } from '@/lib/messaging/protocol';
import type { CodeInputError } from '@/lib/otp/code-input';
import type { RegistrationFieldError } from '@/lib/registration/validate';
import type { Translate } from './i18n';

/** The trainee-facing sentence for a protocol error, in the chosen language. */
export function describeError(t: Translate, error: ProtocolError): string {
  return t(`error_${error.code}`, {
    count: error.attemptsLeft ?? 0,
    seconds: error.retryInSeconds ?? 0,
    field: error.field ?? '',
    detail: error.detail ?? '',
  });
}

/**
 * The protocol error behind a rejected `askBackground`: the background's own error when it
 * answered with one, `internal` for anything else (no answer, a broken reply).
 */
export function protocolErrorFromRejection(error: unknown): ProtocolError {
  return error instanceof ProtocolFailure ? error.error : { code: 'internal' };
}

/**
 * The message key of each field error, one per field and its own reasons: a template over the
 * union as a whole would pair every field with every reason, most of which have no message.
 */
export type FieldErrorKey<E extends RegistrationFieldError = RegistrationFieldError> = E extends E
  ? `fieldError_${E['field']}_${E['reason']}`
  : never;

export function describeFieldError(t: Translate, error: RegistrationFieldError): string {
  // The one assertion: it narrows the template to the pairs that exist, which `t` then checks.
  return t(`fieldError_${error.field}_${error.reason}` as FieldErrorKey);
}

export function describeCodeInputError(t: Translate, error: CodeInputError): string {
  return t(`codeError_${error}`);
}
