import { NOTABLE_SKEW_MS } from '@/lib/otp/clock';
import { useI18n } from './i18n';

/** Says how far the device clock is off, when it matters; codes are corrected either way. */
export function ClockNotice({ offsetMs }: { offsetMs: number | null }) {
  const { t } = useI18n();
  if (offsetMs === null || Math.abs(offsetMs) < NOTABLE_SKEW_MS) return null;
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  // offset = server − device: a positive offset means the device is behind.
  return (
    <p className="notice" data-testid="clock-notice">
      {offsetMs > 0 ? t('clockBehind', { seconds }) : t('clockAhead', { seconds })} {t('clockCorrected')}
    </p>
  );
}
