import type { IdentityComparison } from '@/lib/registration/identity';
import { formatMobileNumber } from '@/lib/registration/validate';
import { useI18n } from './i18n';

/**
 * The registered trainee beside the one the page shows, as the manual asks the trainee to check.
 * A mismatch is said by the caller, above this, where it stops the trainee before the PIN.
 */
export function TraineeCompare({
  registered,
  shown,
  identity,
}: {
  registered: { name: string; phone: string } | null;
  shown: { name: string | null; phone: string | null };
  identity: IdentityComparison;
}) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="trainee-heading">
      <h2 id="trainee-heading">{t('traineeHeading')}</h2>
      <dl className="compare">
        <dt>{t('traineeRegistered')}</dt>
        <dd data-testid="trainee-registered">
          {registered
            ? `${registered.name} · ${formatMobileNumber(registered.phone)}`
            : t('traineeNotRegistered')}
        </dd>
        <dt>{t('traineeOnPage')}</dt>
        <dd data-testid="trainee-shown">
          {[shown.name, shown.phone].filter(Boolean).join(' · ') || t('traineeUnknown')}
        </dd>
      </dl>
      {identity === 'match' && <p className="ok">{t('identityMatch')}</p>}
    </section>
  );
}
