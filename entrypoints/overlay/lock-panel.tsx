import { useI18n } from '@/components/i18n';
import { askBackground } from '@/lib/messaging/client';

/** Five wrong codes: no more tries here, and how to get going again. */
export function LockedPanel() {
  const { t } = useI18n();
  return (
    <section className="error-box stack" role="alert" data-testid="locked">
      <p>{t('error_codesLocked')}</p>
      <p className="hint">{t('lockedRecovery')}</p>
    </section>
  );
}

/** Passed, in a frame the LMS does not reload by itself: the trainee reloads it from here. */
export function AfterPassPanel() {
  const { t } = useI18n();
  return (
    <section className="stack" data-testid="after-pass">
      <p>{t('afterPassInFrame')}</p>
      <button
        type="button"
        className="primary"
        data-testid="continue-after-pass"
        onClick={() => void askBackground({ type: 'checkpoint/reload' }).catch(() => undefined)}
      >
        {t('continueAfterPass')}
      </button>
    </section>
  );
}
