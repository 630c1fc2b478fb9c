import { describe, expect, it } from 'vitest';
import { attemptResult, checkpointStanding, webOtpUsable } from '@/entrypoints/overlay/checkpoint-standing';
import type { FormResult } from '@/lib/checkpoints/detect';
import type { CheckpointContext, RegistrationSummary } from '@/lib/messaging/protocol';

/** Only what the standing reads; the rest of a context does not enter into it. */
function context(patch: Partial<CheckpointContext> = {}, hasSecret = true): CheckpointContext {
  const registration = { hasSecret } as RegistrationSummary;
  return {
    mode: 'webOtp',
    device: null,
    originMatches: true,
    status: { registration } as CheckpointContext['status'],
    ...patch,
  } as CheckpointContext;
}
const result = (outcome: FormResult['outcome']): FormResult => ({ outcome, attemptsLeft: 3, message: '' });

describe('webOtpUsable', () => {
  it('needs a web-OTP LMS, a registration for this origin and its key', () => {
    expect(webOtpUsable(context())).toBe(true);
    expect(webOtpUsable(context({ mode: 'hrdMotp' }))).toBe(false);
    expect(webOtpUsable(context({ originMatches: false }))).toBe(false);
    expect(webOtpUsable(context({}, false))).toBe(false);
    expect(webOtpUsable(context({ status: { registration: null } as CheckpointContext['status'] }))).toBe(
      false,
    );
  });
});

describe('checkpointStanding', () => {
  it('a fresh checkpoint: nothing locked, passed or down, no fallbacks up front', () => {
    expect(checkpointStanding(context(), 5, null, null)).toEqual({
      locked: false,
      done: false,
      serviceDown: false,
      showFallbacks: false,
    });
  });

  it('locked by the count, by the result or by the device, with the fallbacks up front', () => {
    for (const standing of [
      checkpointStanding(context(), 0, null, null),
      checkpointStanding(context(), 3, result('locked'), null),
      checkpointStanding(context({ device: 'locked' }), 3, null, null),
    ]) {
      expect(standing).toMatchObject({ locked: true, showFallbacks: true });
    }
  });

  it('a verifier that is down counts only until something was tried', () => {
    expect(checkpointStanding(context({ device: 'serviceDown' }), 5, null, null)).toMatchObject({
      serviceDown: true,
      showFallbacks: true,
    });
    expect(checkpointStanding(context({ device: 'serviceDown' }), 4, result('failure'), null)).toMatchObject({
      serviceDown: false,
      showFallbacks: false,
    });
  });

  it('the fallbacks come up front when the verifier or the page cannot answer', () => {
    expect(checkpointStanding(context(), 5, result('unavailable'), null).showFallbacks).toBe(true);
    expect(checkpointStanding(context(), 5, result('unknown'), null).showFallbacks).toBe(true);
    expect(checkpointStanding(context(), 5, null, { code: 'pageDidNotAnswer' }).showFallbacks).toBe(true);
    expect(checkpointStanding(context(), 5, null, { code: 'overlayCovered' }).showFallbacks).toBe(false);
  });

  it('passed on success', () => {
    expect(checkpointStanding(context(), 5, result('success'), null).done).toBe(true);
    expect(checkpointStanding(context(), 5, result('successAgain'), null).done).toBe(false);
  });
});

describe('attemptResult', () => {
  it('shows a settled attempt as a form result', () => {
    expect(
      attemptResult({ outcome: 'failure', codeAttemptsLeft: 2, message: '불일치' } as Parameters<
        typeof attemptResult
      >[0]),
    ).toEqual({ outcome: 'failure', attemptsLeft: 2, message: '불일치' });
  });
});
