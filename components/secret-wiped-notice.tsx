import { useI18n } from './i18n';

/**
 * The 5th wrong PIN destroyed the stored key: says so, with the way back (the LMS's page that
 * issues a new key) when the institute names one.
 */
export function SecretWipedNotice({
  enrollmentUrl,
  testId,
  alert = false,
}: {
  enrollmentUrl: string | null | undefined;
  testId: string;
  /** Announced at once (the popup opens onto it); a settled part of the options page is not. */
  alert?: boolean;
}) {
  const { t } = useI18n();
  return (
    <p className="warning" data-testid={testId} {...(alert ? { role: 'alert' } : {})}>
      {t('error_secretWiped')}{' '}
      {enrollmentUrl && (
        <a href={enrollmentUrl} target="_blank" rel="noreferrer">
          {t('reissueLink')}
        </a>
      )}
    </p>
  );
}
