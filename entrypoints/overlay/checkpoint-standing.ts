import type { FormResult } from '@/lib/checkpoints/detect';
import type { AttemptView, CheckpointContext, ProtocolError } from '@/lib/messaging/protocol';

/** Web OTP needs a registration for this page's origin with its key still there, and a web-OTP LMS. */
export function webOtpUsable(context: CheckpointContext): boolean {
  return (
    context.mode === 'webOtp' && context.status.registration?.hasSecret === true && context.originMatches
  );
}

/** An attempt the authority settled, in the shape the result line shows. */
export function attemptResult(attempt: AttemptView): FormResult {
  return { outcome: attempt.outcome, attemptsLeft: attempt.codeAttemptsLeft, message: attempt.message };
}

/** Where the trainee stands at this checkpoint, as the overlay shows it. */
export interface CheckpointStanding {
  /** No code can be tried: five wrong codes, here or before. */
  readonly locked: boolean;
  /** The checkpoint is passed. */
  readonly done: boolean;
  /** The verifier is down and nothing was tried yet. */
  readonly serviceDown: boolean;
  /** The institute's other ways to verify are the way on, so they are shown up front. */
  readonly showFallbacks: boolean;
}

export function checkpointStanding(
  context: CheckpointContext,
  attemptsLeft: number,
  result: FormResult | null,
  submitError: ProtocolError | null,
): CheckpointStanding {
  const locked = attemptsLeft <= 0 || result?.outcome === 'locked' || context.device === 'locked';
  const serviceDown = context.device === 'serviceDown' && !result;
  return {
    locked,
    done: result?.outcome === 'success',
    serviceDown,
    showFallbacks:
      locked ||
      serviceDown ||
      result?.outcome === 'unavailable' ||
      result?.outcome === 'unknown' ||
      submitError?.code === 'pageDidNotAnswer',
  };
}
