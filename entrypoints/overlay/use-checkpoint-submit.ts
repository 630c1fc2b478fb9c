import { type Dispatch, type SetStateAction, useRef } from 'react';
import { useBackground } from '@/components/use-background';
import type { useSubmitExposure } from '@/components/use-submit-exposure';
import type { CheckpointContext, SubmitMethod } from '@/lib/messaging/protocol';
import type { ShownAttempt } from './use-checkpoint-context';

/**
 * The trainee's submit of a code: refused here when the browser says the button is covered,
 * otherwise relayed through the background to the page's own form. It never retries by itself.
 */
export function useCheckpointSubmit({
  attempt,
  setContext,
  exposure,
  forget,
}: {
  attempt: ShownAttempt;
  setContext: Dispatch<SetStateAction<CheckpointContext | null>>;
  exposure: ReturnType<typeof useSubmitExposure>;
  /** Drops the web-OTP code shown, so the next try asks for the PIN again. */
  forget: () => void;
}) {
  const submission = useBackground();
  const { setResult, setSubmitting, setAttemptsLeft, markAnswered } = attempt;

  // Set before the browser's fresh word on the button is in, which takes a frame: the button is
  // not greyed out (busy) until then, since greyed out it would not count as shown as it is.
  const submitStarted = useRef(false);
  const submit = async (code: string, how: SubmitMethod, step?: number) => {
    if (submitStarted.current) return;
    submitStarted.current = true;
    try {
      await submitOnce(code, how, step);
    } finally {
      submitStarted.current = false;
    }
  };

  const submitOnce = async (code: string, how: SubmitMethod, step?: number) => {
    submission.setError(null);
    setResult(null);
    if (await exposure.coveredNow()) {
      // The browser itself says the button is covered or not shown as it is: nothing is sent.
      submission.setError({ code: 'overlayCovered' });
      markAnswered();
      return;
    }
    setSubmitting(true);
    const reply = await submission.ask({
      type: 'checkpoint/submit',
      code,
      method: how,
      step,
      at: exposure.points(),
    });
    if (!reply.ok) {
      // A web-OTP code is submitted once; the next try asks for the PIN again. A code refused
      // because the overlay was covered was not submitted (its step is unused): it stays.
      if (reply.error.code !== 'overlayCovered') forget();
      setSubmitting(false);
      markAnswered();
      return;
    }
    const outcome = reply.value;
    setAttemptsLeft(outcome.codeAttemptsLeft);
    setContext((current) => (current ? { ...current, status: outcome.status } : current));
    forget();
    if (outcome.result.outcome === 'pending') {
      // HRD's answer comes through the page observer; the context read then shows it.
      setResult((shown) => (shown?.outcome === 'pending' || !shown ? outcome.result : shown));
      return;
    }
    setResult(outcome.result);
    setSubmitting(false);
    markAnswered();
  };

  return { submit, submitError: submission.error };
}
