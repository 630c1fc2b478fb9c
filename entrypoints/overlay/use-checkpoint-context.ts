import { useCallback, useEffect, useRef, useState } from 'react';
import { applyBranding } from '@/components/branding';
import { useBackground } from '@/components/use-background';
import { MAX_ATTEMPTS } from '@/lib/attempts/transitions';
import type { FormResult } from '@/lib/checkpoints/detect';
import { askBackground } from '@/lib/messaging/client';
import type { CheckpointContext, SubmitMethod } from '@/lib/messaging/protocol';
import { onCheckpointChanged } from './checkpoint-changed';
import { attemptResult, webOtpUsable } from './checkpoint-standing';

/** The attempt as the overlay shows it: its result, whether it is out, and the attempts left. */
export function useShownAttempt() {
  const [result, setResult] = useState<FormResult | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [attemptsLeft, setAttemptsLeft] = useState(MAX_ATTEMPTS);
  /** Counts answered submits, so an observer can tell a new answer from the previous one. */
  const [answered, setAnswered] = useState(0);
  const markAnswered = useCallback(() => setAnswered((count) => count + 1), []);
  return {
    result,
    setResult,
    submitting,
    setSubmitting,
    attemptsLeft,
    setAttemptsLeft,
    answered,
    markAnswered,
  };
}

export type ShownAttempt = ReturnType<typeof useShownAttempt>;

/**
 * The checkpoint's context from the background, read again whenever the background says an
 * answer came in (and every second while one is awaited). Each attempt the authority settled is
 * shown once, as the attempt's result. Only the first read's failure is shown (`loadError`); a
 * later failed re-read keeps what is shown.
 */
export function useCheckpointContext({
  result,
  setResult,
  setSubmitting,
  setAttemptsLeft,
  markAnswered,
}: ShownAttempt) {
  const [context, setContext] = useState<CheckpointContext | null>(null);
  const [method, setMethod] = useState<SubmitMethod>('webOtp');
  const [clockOffsetMs, setClockOffsetMs] = useState<number | null>(null);
  const { ask, error: loadError, setError: setLoadError } = useBackground();
  /** The attempt last shown, so a re-read context shows each settled attempt once. */
  const shownAttemptRef = useRef<string | null>(null);
  const loadRef = useRef<(() => Promise<void>) | null>(null);

  useEffect(() => {
    let first = true;
    const show = (loaded: CheckpointContext) => {
      setContext(loaded);
      applyBranding(loaded.branding);
      setAttemptsLeft(loaded.codeAttemptsLeft);
      setClockOffsetMs(loaded.clockOffsetMs);
      if (first) setMethod(webOtpUsable(loaded) ? 'webOtp' : 'app');
      first = false;
      // HRD's answer (through the page observer) settles what this overlay, or the page
      // itself, submitted — possibly before a reload that replaced the previous overlay.
      const attempt = loaded.attempt;
      const id = attempt && `${attempt.submittedAt}|${attempt.outcome}`;
      if (attempt && id !== shownAttemptRef.current) {
        shownAttemptRef.current = id;
        setResult(attemptResult(attempt));
        if (attempt.outcome !== 'pending') {
          setSubmitting(false);
          markAnswered();
        }
      }
    };
    const load = async () => {
      const reply = await ask({ type: 'checkpoint/context' }, { quiet: true });
      if (reply.ok) show(reply.value);
      else if (first) setLoadError(reply.error);
    };
    loadRef.current = load;
    void load();
    return onCheckpointChanged(() => void load());
  }, [ask, setLoadError, setResult, setSubmitting, setAttemptsLeft, markAnswered]);

  // While HRD's answer is awaited the context is also read again every second: a framed extension
  // page does not always receive the background's broadcast (Firefox), and a worker that was
  // stopped mid-answer sends none. It stops as soon as the attempt is settled. Where the trainee
  // types on the page, any moment may bring an attempt the overlay did not send: read it always.
  const pending = result?.outcome === 'pending';
  const typedOnPage = context?.facts.typeOnPage === true;
  useEffect(() => {
    if (!pending && !typedOnPage) return;
    const timer = setInterval(() => void loadRef.current?.(), 1000);
    return () => clearInterval(timer);
  }, [pending, typedOnPage]);

  // Stable, so that effects which re-read the status after an answer run once per answer.
  const refreshStatus = useCallback(() => {
    askBackground({ type: 'status/get' }).then(
      (status) => setContext((current) => (current ? { ...current, status } : current)),
      () => undefined,
    );
  }, []);

  return {
    context,
    setContext,
    loadError,
    method,
    setMethod,
    clockOffsetMs,
    setClockOffsetMs,
    refreshStatus,
  };
}
