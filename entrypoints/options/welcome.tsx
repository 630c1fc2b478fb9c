import { useEffect, useRef } from 'react';
import { useI18n } from '@/components/i18n';

/**
 * The first-run welcome (the options page opened with `?welcome=1` at install): which of the two
 * ways applies, what the extension does and never does, and for HRD's mOTP the one step there is.
 * It asks for nothing.
 */
export function Welcome({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card stack welcome" aria-labelledby="welcome-heading" data-testid="welcome">
      <h2 id="welcome-heading" ref={heading} tabIndex={-1}>
        {t('welcomeHeading')}
      </h2>
      <p>{t('welcomeIntro')}</p>
      <div className="stack">
        <h3>{t('welcomeHrdHeading')}</h3>
        <p data-testid="welcome-hrd">{t('welcomeHrdSteps')}</p>
        <h3>{t('welcomeWebOtpHeading')}</h3>
        <p>{t('welcomeWebOtpSteps')}</p>
      </div>
      <div className="stack">
        <h3>{t('welcomeDoesHeading')}</h3>
        <ul>
          <li>{t('welcomeDoes1')}</li>
          <li>{t('welcomeDoes2')}</li>
          <li>{t('welcomeDoes3')}</li>
        </ul>
        <h3>{t('welcomeNeverHeading')}</h3>
        <ul data-testid="welcome-never">
          <li>{t('welcomeNever1')}</li>
          <li>{t('welcomeNever2')}</li>
          <li>{t('welcomeNever3')}</li>
        </ul>
      </div>
      <button type="button" className="primary" onClick={onDone} data-testid="welcome-done">
        {t('welcomeDone')}
      </button>
    </section>
  );
}
