import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProtocolError, WebOtpCode } from '@/lib/messaging/protocol';
import { describeError } from './errors';
import { useI18n } from './i18n';
import { useBackground } from './use-background';
import { useCountdown } from './use-countdown';
import type { IssuedCode } from './web-otp-code';

export type IssuedWebOtpCode = IssuedCode & Pick<WebOtpCode, 'step' | 'clockOffsetMs'>;

/**
 * Past the background's end of the window: its clock and this page's differ by the message's
 * travel, and asking a moment early would only be refused again.
 */
const NEXT_WINDOW_MARGIN_MS = 300;

/**
 * PIN → code, as the popup and the overlay both ask for it: the code with its window (timed on
 * this page's monotonic clock), the PIN's error in the trainee's language, and a busy flag.
 *
 * The code of a window already submitted is refused (the verifier would count it). That is not
 * the trainee's mistake — the PIN was right — so it is no PIN error: the hook counts down to the
 * next window (`waitingSeconds`) and asks again with the same PIN the moment it opens. The PIN is
 * held only for that wait, in this extension page's memory, and dropped when it is used or the
 * page goes.
 */
export function useWebOtp(onProblem?: (problem: ProtocolError) => void) {
  const { t } = useI18n();
  const [issued, setIssued] = useState<IssuedWebOtpCode | null>(null);
  const [nextWindow, setNextWindow] = useState<{ opensInMs: number; receivedAt: number } | null>(null);
  const heldPin = useRef<string | null>(null);
  // The latest handler, so that the timer waiting for the next window is not reset by a render.
  const problemHandler = useRef(onProblem);
  problemHandler.current = onProblem;
  const background = useBackground();

  const requestCode = useCallback(
    async (pin: string) => {
      heldPin.current = null;
      setNextWindow(null);
      const reply = await background.ask({ type: 'webOtp/code', pin });
      if (reply.ok) setIssued({ ...reply.value, receivedAt: performance.now() });
      else if (reply.error.code === 'codeAlreadyUsed') {
        heldPin.current = pin;
        setNextWindow({
          opensInMs: (reply.error.retryInSeconds ?? 0) * 1000,
          receivedAt: performance.now(),
        });
      } else problemHandler.current?.(reply.error);
    },
    [background.ask],
  );

  useEffect(() => {
    if (!nextWindow) return;
    const elapsed = performance.now() - nextWindow.receivedAt;
    const timer = setTimeout(
      () => {
        const pin = heldPin.current;
        if (pin) void requestCode(pin);
      },
      Math.max(0, nextWindow.opensInMs + NEXT_WINDOW_MARGIN_MS - elapsed),
    );
    return () => clearTimeout(timer);
  }, [nextWindow, requestCode]);
  // Gone with the page: a PIN held for the next window goes with it.
  useEffect(
    () => () => {
      heldPin.current = null;
    },
    [],
  );

  const waitWindow = useMemo(
    () => nextWindow && { issuedAt: 0, expiresAt: nextWindow.opensInMs, receivedAt: nextWindow.receivedAt },
    [nextWindow],
  );
  const secondsToNextWindow = useCountdown(waitWindow);
  /** The code's window ended, or it was submitted: the next try asks for the PIN again. */
  const forget = useCallback(() => setIssued(null), []);
  const pinError =
    background.error && background.error.code !== 'codeAlreadyUsed'
      ? describeError(t, background.error)
      : null;
  return {
    issued,
    pinError,
    busy: background.busy,
    /** Seconds until the next code window opens and the code is asked for again; null when not waiting. */
    waitingSeconds: nextWindow ? secondsToNextWindow : null,
    requestCode,
    forget,
  };
}
