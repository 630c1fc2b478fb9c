import { useState } from 'react';
import { describeError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { HistorySection } from './history-section';
import { LanguageSelect } from './language-select';
import { ProfileSection } from './profile-section';
import { RegistrationStatus } from './registration-status';
import { RegistrationWizard } from './registration-wizard';
import { useOptionsStatus } from './use-options-status';
import { Welcome } from './welcome';

/** Registration, its state, re-registration and language. */
export function OptionsApp() {
  const { t } = useI18n();
  const { status, registration, showWizard, error, notice, statusHeadingRef, ...actions } =
    useOptionsStatus();
  // Opened by the background at install: the first thing a new trainee reads.
  const [welcome, setWelcome] = useState(() => new URLSearchParams(location.search).has('welcome'));

  return (
    <main className="options stack">
      <header className="options__header">
        <h1>{t('optionsTitle')}</h1>
        <LanguageSelect />
      </header>
      {error && (
        <p className="error-box" role="alert">
          {describeError(t, error)}
        </p>
      )}
      <div role="status" aria-live="polite">
        {notice && (
          <p className="success-box" data-testid="options-notice">
            {notice}
          </p>
        )}
      </div>

      {welcome && (
        <Welcome
          onDone={() => {
            setWelcome(false);
            history.replaceState(null, '', location.pathname);
          }}
        />
      )}

      {registration && !showWizard && status && (
        <RegistrationStatus
          status={status}
          registration={registration}
          headingRef={statusHeadingRef}
          onReRegister={actions.openWizard}
          onDelete={() => void actions.remove()}
        />
      )}

      {showWizard && (
        <RegistrationWizard
          canCancel={registration !== null}
          onCancel={actions.closeWizard}
          onRegistered={actions.registered}
        />
      )}

      {status && <ProfileSection />}
      {status && <HistorySection refreshKey={status} />}
    </main>
  );
}
