import { useEffect, useState } from 'react';

/**
 * Seconds left until `expiresAt`, measured on the background's clock: the background said it was
 * `issuedAt` when the answer arrived at `receivedAt` (this page's `performance.now()`), so a page
 * clock that differs does not move the countdown.
 */
export function useCountdown(window: { expiresAt: number; issuedAt: number; receivedAt: number } | null): number {
  const compute = () =>
    window ? Math.max(0, Math.ceil((window.expiresAt - window.issuedAt - (performance.now() - window.receivedAt)) / 1000)) : 0;
  const [secondsLeft, setSecondsLeft] = useState(compute);
  useEffect(() => {
    setSecondsLeft(compute());
    if (!window) return;
    const timer = setInterval(() => setSecondsLeft(compute()), 250);
    return () => clearInterval(timer);
    // compute reads only `window`.
    // biome-ignore lint/correctness/useExhaustiveDependencies: compute is derived from window
  }, [window]);
  return secondsLeft;
}
