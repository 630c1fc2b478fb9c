import type { IdentityComparison } from '@/lib/registration/identity';
import { formatMobileNumber } from '@/lib/registration/validate';
import { type Translate, useI18n } from './i18n';

/** The registered trainee in one line; an mOTP trainee may have left out the name or number. */
export function registeredTraineeText(
  t: Translate,
  registered: { readonly name: string | null; readonly phone: string | null },
): string {
  const name = registered.name ?? t('traineeNotGiven');
  const phone = registered.phone === null ? t('traineeNotGiven') : formatMobileNumber(registered.phone);
  return registered.name === null && registered.phone === null ? t('traineeNotGiven') : `${name} · ${phone}`;
}

/**
 * The registered trainee beside the one the page shows, as the manual asks the trainee to check.
 * A mismatch is said by the caller, above this, where it stops the trainee before the PIN.
 */
export function TraineeCompare({
  registered,
  shown,
  identity,
}: {
  registered: { readonly name: string | null; readonly phone: string | null } | null;
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
          {registered ? registeredTraineeText(t, registered) : t('traineeNotRegistered')}
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
