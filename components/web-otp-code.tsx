import { useEffect, useRef, useState } from 'react';
import { useI18n } from './i18n';
import { useCountdown } from './use-countdown';

export interface IssuedCode {
  readonly code: string;
  readonly expiresAt: number;
  readonly issuedAt: number;
  readonly period: number;
  /** `performance.now()` when the answer arrived. */
  readonly receivedAt: number;
}

/** Moments worth announcing to screen readers; every second would drown everything else. */
const ANNOUNCE_AT = new Set([30, 10, 0]);

/**
 * A web-OTP code with its 60-second window: the digits, a bar, and the seconds left. The visible
 * countdown is hidden from assistive technology; a polite live region announces only a few moments.
 */
export function WebOtpCode({
  issued,
  onExpired,
  autoFocus = false,
}: {
  issued: IssuedCode;
  onExpired: () => void;
  /** Take focus when shown (it replaces the PIN field that had it). */
  autoFocus?: boolean;
}) {
  const outputRef = useRef<HTMLOutputElement>(null);
  useEffect(() => {
    if (autoFocus) outputRef.current?.focus();
  }, [autoFocus]);
  const { t } = useI18n();
  const secondsLeft = useCountdown(issued);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (ANNOUNCE_AT.has(secondsLeft)) {
      setAnnouncement(secondsLeft === 0 ? t('codeExpired') : t('secondsLeft', { seconds: secondsLeft }));
    }
    if (secondsLeft === 0) onExpired();
  }, [secondsLeft, t, onExpired]);
  const grouped = `${issued.code.slice(0, 3)} ${issued.code.slice(3)}`;
  return (
    <div className="otp-code">
      <div className="otp-code__label" id="web-otp-code-label">
        {t('webOtpCodeLabel')}
      </div>
      <output
        className="otp-code__digits"
        aria-labelledby="web-otp-code-label"
        data-testid="web-otp-code"
        ref={outputRef}
        tabIndex={autoFocus ? -1 : undefined}
      >
        {grouped}
      </output>
      <div className="otp-code__bar" aria-hidden="true">
        <div className="otp-code__fill" style={{ width: `${(secondsLeft / issued.period) * 100}%` }} />
      </div>
      <div className="otp-code__seconds" aria-hidden="true" data-testid="web-otp-seconds">
        {t('secondsLeft', { seconds: secondsLeft })}
      </div>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
