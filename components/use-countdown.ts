import { useEffect, useState } from 'react';

export interface CodeWindow {
  readonly expiresAt: number;
  readonly issuedAt: number;
  /** `performance.now()` when the answer arrived. */
  readonly receivedAt: number;
}

/**
 * Seconds left until `expiresAt`, measured on the background's clock: the background said it was
 * `issuedAt` when the answer arrived at `receivedAt`, so a page clock that differs does not move
 * the countdown.
 */
export function secondsLeftIn(window: CodeWindow | null, nowPerformance: number): number {
  if (!window) return 0;
  return Math.max(
    0,
    Math.ceil((window.expiresAt - window.issuedAt - (nowPerformance - window.receivedAt)) / 1000),
  );
}

export function useCountdown(window: CodeWindow | null): number {
  const [secondsLeft, setSecondsLeft] = useState(() => secondsLeftIn(window, performance.now()));
  useEffect(() => {
    const tick = () => setSecondsLeft(secondsLeftIn(window, performance.now()));
    tick();
    if (!window) return;
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [window]);
  return secondsLeft;
}
