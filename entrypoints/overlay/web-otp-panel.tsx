import type { Ref } from 'react';
import { useI18n } from '@/components/i18n';
import { NextCodeWait } from '@/components/next-code-wait';
import { PinForm } from '@/components/pin-form';
import type { useWebOtp } from '@/components/use-web-otp';
import { WebOtpCode } from '@/components/web-otp-code';
import { browser } from '@/lib/browser';
import type { CheckpointContext } from '@/lib/messaging/protocol';

/** PIN → code → submit, for a page whose registration can issue web-OTP codes. */
export function WebOtpPanel({
  webOtp,
  pinAttemptsLeft,
  busy,
  submitRef,
  onSubmit,
  autoFocus,
}: {
  webOtp: ReturnType<typeof useWebOtp>;
  pinAttemptsLeft: number;
  busy: boolean;
  /** The submit button, watched for being covered. */
  submitRef: Ref<HTMLButtonElement>;
  onSubmit: (code: string, step: number) => void;
  /** Focus the PIN field when shown (not while the page shows another trainee). */
  autoFocus: boolean;
}) {
  const { t } = useI18n();
  const { issued, pinError, waitingSeconds, requestCode, forget } = webOtp;
  if (waitingSeconds !== null) return <NextCodeWait seconds={waitingSeconds} />;
  if (!issued) {
    return (
      <div className="stack">
        <PinForm
          onSubmit={(pin) => void requestCode(pin)}
          busy={busy}
          error={pinError}
          autoFocus={autoFocus}
        />
        <p className="hint" data-testid="pin-attempts-left">
          {t('pinAttemptsLeft', { count: pinAttemptsLeft })}
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <WebOtpCode issued={issued} onExpired={forget} />
      <p className="hint">{t('validityNote')}</p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        data-testid="web-otp-submit"
        ref={submitRef}
        // biome-ignore lint/a11y/noAutofocus: replaces the PIN field that held focus
        autoFocus
        onClick={() => onSubmit(issued.code, issued.step)}
      >
        {busy ? t('submitting') : t('submitCode')}
      </button>
    </div>
  );
}

/** No web-OTP codes on this page: not registered here, or the key was wiped. */
export function WebOtpUnavailable({ context }: { context: CheckpointContext }) {
  const { t } = useI18n();
  const registration = context.status.registration;
  const wiped = registration !== null && !registration.hasSecret;
  return (
    <div className="stack">
      <p className="warning">{wiped ? t('error_secretWiped') : t('notRegisteredNotice')}</p>
      {wiped && registration.enrollmentUrl && (
        <a href={registration.enrollmentUrl} target="_blank" rel="noreferrer" data-testid="reissue-link">
          {t('reissueLink')}
        </a>
      )}
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </div>
  );
}
