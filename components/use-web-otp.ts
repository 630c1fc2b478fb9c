import { useCallback, useState } from 'react';
import { askBackground } from '@/lib/messaging/client';
import type { ProtocolError, WebOtpCode } from '@/lib/messaging/protocol';
import { describeError, toProtocolError } from './errors';
import { useI18n } from './i18n';
import type { IssuedCode } from './web-otp-code';

export type IssuedWebOtpCode = IssuedCode & Pick<WebOtpCode, 'step' | 'clockOffsetMs'>;

/**
 * PIN → code, as the popup and the overlay both ask for it: the code with its window (timed on
 * this page's monotonic clock), the PIN's error in the trainee's language, and a busy flag.
 */
export function useWebOtp(onProblem?: (problem: ProtocolError) => void) {
  const { t } = useI18n();
  const [issued, setIssued] = useState<IssuedWebOtpCode | null>(null);
  const [pinError, setPinError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const requestCode = async (pin: string) => {
    setBusy(true);
    setPinError(null);
    try {
      const code = await askBackground({ type: 'webOtp/code', pin });
      setIssued({ ...code, receivedAt: performance.now() });
    } catch (error) {
      const problem = toProtocolError(error);
      setPinError(describeError(t, problem));
      onProblem?.(problem);
    } finally {
      setBusy(false);
    }
  };
  /** The code's window ended, or it was submitted: the next try asks for the PIN again. */
  const forget = useCallback(() => setIssued(null), []);
  return { issued, pinError, busy, requestCode, forget };
}
