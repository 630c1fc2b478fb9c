import { useCallback, useEffect, useState } from 'react';
import { applyBranding } from '@/components/branding';
import { describeError, protocolErrorFromRejection } from '@/components/errors';
import { SupportContactsList } from '@/components/help';
import { useI18n } from '@/components/i18n';
import { PinForm } from '@/components/pin-form';
import { StateBadge } from '@/components/state-badge';
import { useWebOtp } from '@/components/use-web-otp';
import { WebOtpCode } from '@/components/web-otp-code';
import { browser } from '@/lib/browser';
import { askBackground } from '@/lib/messaging/client';
import type { ProfileSettingsView, ProtocolError, StatusView } from '@/lib/messaging/protocol';
import { formatMobileNumber } from '@/lib/registration/validate';
import { SiteSection } from './site-section';

/** Status at a glance, and the current web-OTP code after the PIN. */
export function PopupApp() {
  const { t } = useI18n();
  const [status, setStatus] = useState<StatusView | null>(null);
  const [loadError, setLoadError] = useState<ProtocolError | null>(null);

  const [institute, setInstitute] = useState<ProfileSettingsView | null>(null);
  const refresh = useCallback(() => {
    askBackground({ type: 'status/get' }).then(setStatus, (error: unknown) =>
      setLoadError(protocolErrorFromRejection(error)),
    );
  }, []);
  useEffect(() => {
    askBackground({ type: 'profile/get' }).then(
      (settings) => {
        setInstitute(settings);
        applyBranding(settings.branding);
      },
      () => undefined,
    );
  }, []);
  useEffect(refresh, [refresh]);

  const { issued, pinError, busy, requestCode, forget: expire } = useWebOtp(() => refresh());
  // A right PIN resets the wrong-PIN count: show the fresh state beside the code.
  useEffect(() => {
    if (issued) refresh();
  }, [issued, refresh]);
  const openOptions = () => void browser.runtime.openOptionsPage().then(() => window.close());

  return (
    <main className="popup stack">
      <header className="popup__header">
        <h1>{t('appName')}</h1>
        <button type="button" onClick={openOptions} data-testid="open-options">
          {t('openSettings')}
        </button>
      </header>
      {institute && <SiteSection settings={institute} onChanged={setInstitute} />}
      {loadError && (
        <p className="error-box" role="alert">
          {describeError(t, loadError)}
        </p>
      )}
      {status && !status.registration && (
        <section className="stack">
          <p data-testid="popup-not-registered">{t('popupNotRegistered')}</p>
          <button type="button" className="primary" onClick={openOptions}>
            {t('popupRegister')}
          </button>
        </section>
      )}
      {status?.registration && (
        <section className="stack" aria-label={t('statusHeading')}>
          <p data-testid="popup-registered">
            <strong>{status.registration.name}</strong> · {formatMobileNumber(status.registration.phone)}
          </p>
          <p className="muted">{status.registration.instituteName}</p>
          <StateBadge status={status} />
          <p className="muted" data-testid="popup-attempts">
            {t('popupCodeAttempts', { count: status.codeAttemptsLeft })} ·{' '}
            {t('pinAttemptsLeft', { count: status.pinAttemptsLeft })}
          </p>
          {status.registration.hasSecret &&
            !status.counters.codesLocked &&
            (issued ? (
              <WebOtpCode issued={issued} onExpired={expire} autoFocus />
            ) : (
              <PinForm onSubmit={(pin) => void requestCode(pin)} busy={busy} error={pinError} autoFocus />
            ))}
          {!status.registration.hasSecret && (
            <p className="warning" role="alert" data-testid="popup-wiped">
              {t('error_secretWiped')}{' '}
              {status.registration.enrollmentUrl && (
                <a href={status.registration.enrollmentUrl} target="_blank" rel="noreferrer">
                  {t('reissueLink')}
                </a>
              )}
            </p>
          )}
        </section>
      )}
      {institute && (
        <footer className="stack hint" data-testid="popup-help">
          <p>
            <strong>{institute.instituteName}</strong>
          </p>
          <SupportContactsList
            support={institute.support}
            lmsOrigin={status?.registration?.lmsOrigin ?? null}
          />
        </footer>
      )}
    </main>
  );
}
