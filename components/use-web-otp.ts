import { useCallback, useState } from 'react';
import type { ProtocolError, WebOtpCode } from '@/lib/messaging/protocol';
import { describeError } from './errors';
import { useI18n } from './i18n';
import { useBackground } from './use-background';
import type { IssuedCode } from './web-otp-code';

export type IssuedWebOtpCode = IssuedCode & Pick<WebOtpCode, 'step' | 'clockOffsetMs'>;

/**
 * PIN → code, as the popup and the overlay both ask for it: the code with its window (timed on
 * this page's monotonic clock), the PIN's error in the trainee's language, and a busy flag.
 */
export function useWebOtp(onProblem?: (problem: ProtocolError) => void) {
  const { t } = useI18n();
  const [issued, setIssued] = useState<IssuedWebOtpCode | null>(null);
  const background = useBackground();

  const requestCode = async (pin: string) => {
    const reply = await background.ask({ type: 'webOtp/code', pin });
    if (reply.ok) setIssued({ ...reply.value, receivedAt: performance.now() });
    else onProblem?.(reply.error);
  };
  /** The code's window ended, or it was submitted: the next try asks for the PIN again. */
  const forget = useCallback(() => setIssued(null), []);
  const pinError = background.error && describeError(t, background.error);
  return { issued, pinError, busy: background.busy, requestCode, forget };
}
