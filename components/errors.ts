import type { MessageKey } from '@/lib/i18n/translate';
import { type ErrorCode, type ProtocolError, ProtocolFailure } from '@/lib/messaging/protocol';
import type { CodeInputError } from '@/lib/otp/code-input';
import type { RegistrationFieldError } from '@/lib/registration/validate';
import type { Translate } from './i18n';

/** The trainee-facing sentence for a protocol error, in the chosen language. */
export function describeError(t: Translate, error: ProtocolError): string {
  const key = `error_${error.code}` satisfies `error_${ErrorCode}` as MessageKey;
  return t(key, {
    count: error.attemptsLeft ?? 0,
    seconds: error.retryInSeconds ?? 0,
    field: error.field ?? '',
    detail: error.detail ?? '',
  });
}

/** Unwraps anything thrown by `askBackground` into a protocol error. */
export function toProtocolError(error: unknown): ProtocolError {
  return error instanceof ProtocolFailure ? error.error : { code: 'internal' };
}

export function describeFieldError(t: Translate, error: RegistrationFieldError): string {
  return t(`fieldError_${error.field}_${error.reason}` as MessageKey);
}

export function describeCodeInputError(t: Translate, error: CodeInputError): string {
  return t(`codeError_${error}` as MessageKey);
}
