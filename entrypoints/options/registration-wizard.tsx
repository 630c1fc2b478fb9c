import { useEffect, useRef } from 'react';
import { describeError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import type { StatusView } from '@/lib/messaging/protocol';
import { useRegistrationWizard } from './use-registration-wizard';
import { ConsentStep, IdentityStep, KeyStep, PinStep, SummaryStep } from './wizard-step-views';
import { MODE_STEPS, stepBefore } from './wizard-steps';

/**
 * Consent, the LMS with name and mobile number, PIN twice, key URI, summary; for HRD's mOTP
 * (codes from HRD's app) only consent, the LMS with an optional name and number, and summary. Every step is checked by the same
 * pure validator the background runs again before storing anything; nothing is stored half-way.
 */
export function RegistrationWizard({
  canCancel,
  onCancel,
  onRegistered,
}: {
  canCancel: boolean;
  onCancel: () => void;
  onRegistered: (status: StatusView) => void;
}) {
  const { t } = useI18n();
  const wizard = useRegistrationWizard(onRegistered);
  const { step, failure, mode } = wizard;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const steps = MODE_STEPS[mode];

  const index = steps.indexOf(step);
  useEffect(() => {
    // Move focus to the new step's heading so screen readers announce where the trainee is.
    if (index > 0) headingRef.current?.focus();
  }, [index]);

  const stepName = t(`step_${step}`);
  const stepProps = { fields: wizard.fields, setField: wizard.setField, errors: wizard.errors };

  return (
    <section className="card stack wizard" aria-labelledby="wizard-heading">
      <h2 id="wizard-heading" tabIndex={-1}>
        {t('wizardHeading')}
      </h2>
      <ol className="wizard__steps">
        {steps.map((candidate) => (
          <li key={candidate} aria-current={candidate === step ? 'step' : undefined}>
            {t(`step_${candidate}`)}
          </li>
        ))}
      </ol>
      <form className="stack" onSubmit={wizard.next} noValidate data-testid={`wizard-step-${step}`}>
        <h3 ref={headingRef} tabIndex={-1}>
          {t('stepProgress', { current: index + 1, total: steps.length, name: stepName })}
        </h3>
        {step === 'consent' && <ConsentStep {...stepProps} />}
        {step === 'identity' && <IdentityStep {...stepProps} choices={wizard.choices} mode={mode} />}
        {step === 'pin' && <PinStep {...stepProps} />}
        {step === 'key' && (
          <KeyStep
            {...stepProps}
            keyNotice={wizard.keyNotice}
            onFindKey={() => void wizard.findKey()}
            onPicture={(picture) => void wizard.readPicture(picture)}
          />
        )}
        {step === 'summary' && <SummaryStep fields={wizard.fields} mode={mode} canCancel={canCancel} />}
        {failure && (
          <p className="error-box" role="alert">
            {describeError(t, failure)}
          </p>
        )}
        <div className="row wizard__nav">
          {index > 0 && (
            <button type="button" onClick={() => wizard.setStep(stepBefore(step, mode))}>
              {t('back')}
            </button>
          )}
          {canCancel && (
            <button type="button" onClick={onCancel}>
              {t('cancel')}
            </button>
          )}
          <button type="submit" className="primary" disabled={wizard.busy} data-testid="wizard-next">
            {step === 'summary' ? t('register') : t('next')}
          </button>
        </div>
      </form>
    </section>
  );
}
