import type { Ref } from 'react';
import { useI18n } from '@/components/i18n';
import { SecretWipedNotice } from '@/components/secret-wiped-notice';
import { StateBadge } from '@/components/state-badge';
import { formatDateTime } from '@/lib/i18n/dates';
import type { StatusView } from '@/lib/messaging/protocol';
import { formatMobileNumber } from '@/lib/registration/validate';

type Registration = NonNullable<StatusView['registration']>;

/** The stored registration, its state, and the two ways on: register again, or delete it. */
export function RegistrationStatus({
  status,
  registration,
  headingRef,
  onReRegister,
  onDelete,
}: {
  status: StatusView;
  registration: Registration;
  headingRef: Ref<HTMLHeadingElement>;
  onReRegister: () => void;
  onDelete: () => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card stack" aria-labelledby="registration-heading" data-testid="registration-status">
      <h2 id="registration-heading" ref={headingRef} tabIndex={-1}>
        {t('statusHeading')}
      </h2>
      <RegistrationDetails registration={registration} />
      <StateBadge status={status} />
      {registration.mode === 'webOtp' && !registration.hasSecret && (
        <SecretWipedNotice enrollmentUrl={registration.enrollmentUrl} testId="secret-wiped" />
      )}
      <p className="hint">{t('reRegisterNote')}</p>
      <div className="row">
        <button type="button" className="primary" data-testid="re-register" onClick={onReRegister}>
          {t('reRegister')}
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          {t('deleteRegistration')}
        </button>
      </div>
    </section>
  );
}

function RegistrationDetails({ registration }: { registration: Registration }) {
  const { t, language } = useI18n();
  return (
    <dl className="compare">
      <dt>{t('nameLabel')}</dt>
      <dd>{registration.name ?? t('traineeNotGiven')}</dd>
      <dt>{t('phoneLabel')}</dt>
      <dd>{registration.phone === null ? t('traineeNotGiven') : formatMobileNumber(registration.phone)}</dd>
      <dt>{t('instituteLabel')}</dt>
      <dd>{registration.instituteName}</dd>
      <dt>{t('lmsOriginLabel')}</dt>
      <dd>{registration.lmsOrigin}</dd>
      <dt>{t('step_key')}</dt>
      <dd data-testid="registration-key">
        {registration.mode === 'hrdMotp'
          ? t('summaryMotp')
          : t('summaryKey', {
              issuer: registration.issuer ?? '',
              digits: registration.digits ?? '',
              period: registration.period ?? '',
            })}
      </dd>
      <dt>{t('registeredAt')}</dt>
      <dd>{formatDateTime(registration.registeredAt, language)}</dd>
    </dl>
  );
}
