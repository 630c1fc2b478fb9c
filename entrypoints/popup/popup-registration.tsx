import { useI18n } from '@/components/i18n';
import { NextCodeWait } from '@/components/next-code-wait';
import { PinForm } from '@/components/pin-form';
import { SecretWipedNotice } from '@/components/secret-wiped-notice';
import { StateBadge } from '@/components/state-badge';
import { registeredTraineeText } from '@/components/trainee-compare';
import type { useWebOtp } from '@/components/use-web-otp';
import { WebOtpCode } from '@/components/web-otp-code';
import type { StatusView } from '@/lib/messaging/protocol';

/**
 * The trainee registered: who, which institute, the state and attempts left, and the web-OTP
 * code after the PIN (or, when the secret was wiped, where to have the key issued again).
 */
export function PopupRegistration({
  status,
  registration,
  webOtp,
}: {
  status: StatusView;
  registration: NonNullable<StatusView['registration']>;
  webOtp: ReturnType<typeof useWebOtp>;
}) {
  const { t } = useI18n();
  const { issued, pinError, busy, waitingSeconds, requestCode, forget: expire } = webOtp;
  return (
    <section className="stack" aria-label={t('statusHeading')}>
      <p data-testid="popup-registered">
        <strong>{registeredTraineeText(t, registration)}</strong>
      </p>
      <p className="muted">{registration.instituteName}</p>
      <StateBadge status={status} />
      <p className="muted" data-testid="popup-attempts">
        {t('popupCodeAttempts', { count: status.codeAttemptsLeft })}
        {registration.mode === 'webOtp' && <> · {t('pinAttemptsLeft', { count: status.pinAttemptsLeft })}</>}
      </p>
      {registration.hasSecret &&
        !status.counters.codesLocked &&
        (waitingSeconds !== null ? (
          <NextCodeWait seconds={waitingSeconds} />
        ) : issued ? (
          <WebOtpCode issued={issued} onExpired={expire} autoFocus />
        ) : (
          <PinForm onSubmit={(pin) => void requestCode(pin)} busy={busy} error={pinError} autoFocus />
        ))}
      {registration.mode === 'webOtp' && !registration.hasSecret && (
        <SecretWipedNotice enrollmentUrl={registration.enrollmentUrl} testId="popup-wiped" alert />
      )}
    </section>
  );
}
