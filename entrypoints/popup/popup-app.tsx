import { useEffect } from 'react';
import { describeError } from '@/components/errors';
import { SupportContactsList } from '@/components/help';
import { useI18n } from '@/components/i18n';
import { useWebOtp } from '@/components/use-web-otp';
import { browser } from '@/lib/browser';
import { PopupRegistration } from './popup-registration';
import { SiteSection } from './site-section';
import { usePopupStatus } from './use-popup-status';

/** Status at a glance, and the current web-OTP code after the PIN. */
export function PopupApp() {
  const { t } = useI18n();
  const { status, loadError, institute, setInstitute, refresh } = usePopupStatus();

  const webOtp = useWebOtp(() => refresh());
  const { issued } = webOtp;
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
        <PopupRegistration status={status} registration={status.registration} webOtp={webOtp} />
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
