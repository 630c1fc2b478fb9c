import { useI18n } from '@/components/i18n';
import type { FormResult } from '@/lib/checkpoints/detect';

/** An attempt's result in words: passed, awaited, or what went wrong and how many tries are left. */
export function ResultMessage({ result }: { result: FormResult }) {
  const { t } = useI18n();
  if (result.outcome === 'success') {
    return (
      <p className="success-box" data-outcome="success">
        {t('resultSuccess')}
      </p>
    );
  }
  if (result.outcome === 'successAgain') {
    return (
      <p className="success-box" data-outcome="successAgain">
        {t('resultSuccessAgain')}
      </p>
    );
  }
  if (result.outcome === 'pending') {
    return (
      <p className="notice" data-outcome="pending">
        {t('resultPending')}
      </p>
    );
  }
  const headline = {
    locked: t('error_codesLocked'),
    notCounted: t('resultNotCounted'),
    unavailable: t('resultUnavailable'),
    failure: t('resultFailure'),
    unknown: t('resultUnknown'),
    notRegistered: t('motpNotRegistered'),
  }[result.outcome];
  return (
    <div className="error-box stack" data-outcome={result.outcome}>
      <p>{headline}</p>
      {result.attemptsLeft !== null && (result.outcome === 'failure' || result.outcome === 'unknown') && (
        <p data-testid="result-attempts-left">{t('codeAttemptsLeft', { count: result.attemptsLeft })}</p>
      )}
      {result.message && <p className="hint">{t('pageSaid', { message: result.message })}</p>}
    </div>
  );
}
