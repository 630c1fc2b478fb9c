import { useI18n } from './i18n';

/**
 * Waiting for the next code window after this one's code was submitted: a live countdown, said
 * as a status (not an error — the PIN was right), after which the code comes by itself.
 */
export function NextCodeWait({ seconds }: { seconds: number }) {
  const { t } = useI18n();
  return (
    <div className="stack">
      <p className="notice" role="status" data-testid="next-code-wait">
        {t('nextCodeWait')}
      </p>
      {/* The number alone changes each second; only the sentence above is announced. */}
      <p className="countdown" aria-hidden="true" data-testid="next-code-seconds">
        {t('nextCodeSeconds', { seconds })}
      </p>
    </div>
  );
}
