import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, protocolErrorFromRejection } from '@/components/errors';
import { saveLanguage, useI18n } from '@/components/i18n';
import { StateBadge } from '@/components/state-badge';
import { isLanguage, LANGUAGES } from '@/lib/i18n/translate';
import { askBackground } from '@/lib/messaging/client';
import type { ProtocolError, StatusView } from '@/lib/messaging/protocol';
import { formatMobileNumber } from '@/lib/registration/validate';
import { HistorySection } from './history-section';
import { ProfileSection } from './profile-section';
import { RegistrationWizard } from './registration-wizard';
import { Welcome } from './welcome';

/** Registration, its state, re-registration and language. */
export function OptionsApp() {
  const { t, language } = useI18n();
  const [status, setStatus] = useState<StatusView | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);
  const [wizardOpen, setWizardOpen] = useState(false);
  // Opened by the background at install: the first thing a new trainee reads.
  const [welcome, setWelcome] = useState(() => new URLSearchParams(location.search).has('welcome'));
  const [notice, setNotice] = useState<string | null>(null);
  // After the wizard (or a deletion) unmounts the focused control, focus lands on the heading
  // of what replaced it, so keyboard and screen-reader users are not dropped to the page's start.
  const [focusTarget, setFocusTarget] = useState<'status' | 'wizard' | null>(null);
  const statusHeadingRef = useRef<HTMLHeadingElement>(null);

  const refresh = useCallback(() => {
    askBackground({ type: 'status/get' }).then(
      (loaded) => {
        setStatus(loaded);
        setError(null);
      },
      (failure: unknown) => setError(protocolErrorFromRejection(failure)),
    );
  }, []);
  useEffect(refresh, [refresh]);

  const remove = async () => {
    if (!window.confirm(t('deleteConfirm'))) return;
    try {
      setStatus(await askBackground({ type: 'registration/delete' }));
      setNotice(t('deleted'));
      setFocusTarget('wizard');
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  useEffect(() => {
    if (focusTarget === 'status' && statusHeadingRef.current) {
      statusHeadingRef.current.focus();
      setFocusTarget(null);
    } else if (focusTarget === 'wizard') {
      document.getElementById('wizard-heading')?.focus();
      setFocusTarget(null);
    }
  });

  const registration = status?.registration ?? null;
  const showWizard = status !== null && (wizardOpen || registration === null);

  return (
    <main className="options stack">
      <header className="options__header">
        <h1>{t('optionsTitle')}</h1>
        <label className="options__language">
          {t('languageLabel')}{' '}
          <select
            value={language}
            data-testid="language-select"
            onChange={(event) => {
              if (isLanguage(event.target.value)) void saveLanguage(event.target.value);
            }}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(code === 'ko' ? 'languageKo' : 'languageEn')}
              </option>
            ))}
          </select>
        </label>
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
        <section
          className="card stack"
          aria-labelledby="registration-heading"
          data-testid="registration-status"
        >
          <h2 id="registration-heading" ref={statusHeadingRef} tabIndex={-1}>
            {t('statusHeading')}
          </h2>
          <dl className="compare">
            <dt>{t('nameLabel')}</dt>
            <dd>{registration.name}</dd>
            <dt>{t('phoneLabel')}</dt>
            <dd>{formatMobileNumber(registration.phone)}</dd>
            <dt>{t('instituteLabel')}</dt>
            <dd>{registration.instituteName}</dd>
            <dt>{t('lmsOriginLabel')}</dt>
            <dd>{registration.lmsOrigin}</dd>
            <dt>{t('step_key')}</dt>
            <dd>
              {t('summaryKey', {
                issuer: registration.issuer,
                digits: registration.digits,
                period: registration.period,
              })}
            </dd>
            <dt>{t('registeredAt')}</dt>
            <dd>
              {new Date(registration.registeredAt).toLocaleString(language === 'ko' ? 'ko-KR' : 'en-GB')}
            </dd>
          </dl>
          <StateBadge status={status} />
          {!registration.hasSecret && (
            <p className="warning" data-testid="secret-wiped">
              {t('error_secretWiped')}{' '}
              {registration.enrollmentUrl && (
                <a href={registration.enrollmentUrl} target="_blank" rel="noreferrer">
                  {t('reissueLink')}
                </a>
              )}
            </p>
          )}
          <p className="hint">{t('reRegisterNote')}</p>
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="re-register"
              onClick={() => {
                setNotice(null);
                setWizardOpen(true);
                setFocusTarget('wizard');
              }}
            >
              {t('reRegister')}
            </button>
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('deleteRegistration')}
            </button>
          </div>
        </section>
      )}

      {showWizard && (
        <RegistrationWizard
          canCancel={registration !== null}
          onCancel={() => setWizardOpen(false)}
          onRegistered={(next) => {
            setStatus(next);
            setWizardOpen(false);
            setNotice(t('registeredNotice'));
            setFocusTarget('status');
          }}
        />
      )}

      {status && <ProfileSection />}
      {status && <HistorySection refreshKey={status} />}
    </main>
  );
}
