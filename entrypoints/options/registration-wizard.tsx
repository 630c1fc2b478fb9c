import { type FormEvent, useEffect, useRef, useState } from 'react';
import { describeError, describeFieldError, protocolErrorFromRejection } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { askBackground } from '@/lib/messaging/client';
import type { ProtocolError, StatusView } from '@/lib/messaging/protocol';
import { parseKeyUri } from '@/lib/otp/key-uri';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';
import {
  CONSENT_VERSION,
  formatMobileNumber,
  normalizeMobileNumber,
  type RegistrationFieldError,
  type RegistrationInput,
  toHttpOrigin,
  validateRegistration,
} from '@/lib/registration/validate';

export const STEPS = ['consent', 'identity', 'pin', 'key', 'summary'] as const;
type Step = (typeof STEPS)[number];

/** Which fields each step asks for; the same validator checks each step and the whole. */
const STEP_FIELDS: Record<Step, readonly RegistrationFieldError['field'][]> = {
  consent: ['consent'],
  identity: ['name', 'phone'],
  pin: ['pin'],
  key: ['keyUri', 'lmsOrigin'],
  summary: [],
};

const isConfiguredOrigin = (origin: string) => profileForOrigin(BUNDLED_PROFILES, origin) !== null;

/**
 * Consent, name, mobile number, PIN twice, key URI, summary. Every step is checked by the same
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
  const [step, setStep] = useState<Step>('consent');
  const [consent, setConsent] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [pin, setPin] = useState('');
  const [pinConfirmation, setPinConfirmation] = useState('');
  const [keyUri, setKeyUri] = useState('');
  const [lmsOrigin, setLmsOrigin] = useState('');
  const [errors, setErrors] = useState<readonly RegistrationFieldError[]>([]);
  const [keyNotice, setKeyNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<ProtocolError | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const index = STEPS.indexOf(step);
  useEffect(() => {
    // Move focus to the new step's heading so screen readers announce where the trainee is.
    if (index > 0) headingRef.current?.focus();
  }, [index]);

  const input: RegistrationInput = {
    consentVersion: consent ? CONSENT_VERSION : 0,
    name,
    phone,
    pin,
    pinConfirmation,
    keyUri,
    lmsOrigin,
  };

  const errorsFor = (fields: readonly RegistrationFieldError['field'][]) => {
    const result = validateRegistration(input, isConfiguredOrigin);
    return result.ok ? [] : result.error.filter((error) => fields.includes(error.field));
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    const stepErrors = errorsFor(STEP_FIELDS[step]);
    setErrors(stepErrors);
    if (stepErrors.length > 0) return;
    const following = STEPS[index + 1];
    if (following) setStep(following);
    else void register();
  };

  const register = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const status = await askBackground({ type: 'registration/save', registration: input });
      setPin('');
      setPinConfirmation('');
      onRegistered(status);
    } catch (error) {
      const problem = protocolErrorFromRejection(error);
      const fields = problem.fields ?? [];
      if (fields.length > 0) {
        setErrors(fields);
        const firstStep = STEPS.find((candidate) =>
          fields.some((f) => STEP_FIELDS[candidate].includes(f.field)),
        );
        if (firstStep) setStep(firstStep);
      } else {
        setFailure(problem);
      }
    } finally {
      setBusy(false);
    }
  };

  const findKey = async () => {
    setKeyNotice(null);
    try {
      const found = await askBackground({ type: 'enrollment/find' });
      if (found) {
        setKeyUri(found.keyUri);
        setLmsOrigin(found.origin);
        setKeyNotice(t('keyFound', { origin: found.origin }));
      } else {
        setKeyNotice(t('keyNotFound'));
      }
    } catch (error) {
      setFailure(protocolErrorFromRejection(error));
    }
  };

  const fieldError = (field: RegistrationFieldError['field']) => {
    const error = errors.find((candidate) => candidate.field === field);
    return error ? describeFieldError(t, error) : null;
  };
  const describedBy = (field: RegistrationFieldError['field'], hint?: string) =>
    fieldError(field) ? `${field}-error` : hint;

  const parsedKey = parseKeyUri(keyUri);
  const stepName = t(`step_${step}`);

  return (
    <section className="card stack wizard" aria-labelledby="wizard-heading">
      <h2 id="wizard-heading" tabIndex={-1}>
        {t('wizardHeading')}
      </h2>
      <ol className="wizard__steps">
        {STEPS.map((candidate) => (
          <li key={candidate} aria-current={candidate === step ? 'step' : undefined}>
            {t(`step_${candidate}`)}
          </li>
        ))}
      </ol>
      <form className="stack" onSubmit={next} noValidate data-testid={`wizard-step-${step}`}>
        <h3 ref={headingRef} tabIndex={-1}>
          {t('stepProgress', { current: index + 1, total: STEPS.length, name: stepName })}
        </h3>

        {step === 'consent' && (
          <>
            <p>{t('consentIntro')}</p>
            <ul className="consent">
              <li>{t('consentWhat')}</li>
              <li>{t('consentWhy')}</li>
              <li>{t('consentWhere')}</li>
              <li>{t('consentHowLong')}</li>
              <li>{t('consentDelete')}</li>
            </ul>
            <label className="check">
              <input
                type="checkbox"
                checked={consent}
                data-testid="consent"
                onChange={(event) => setConsent(event.target.checked)}
                aria-describedby={describedBy('consent')}
              />{' '}
              {t('consentAgree')}
            </label>
            <FieldError id="consent-error" message={fieldError('consent')} />
          </>
        )}

        {step === 'identity' && (
          <>
            <label htmlFor="name">{t('nameLabel')}</label>
            <input
              id="name"
              type="text"
              autoComplete="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={fieldError('name') ? true : undefined}
              aria-describedby={describedBy('name')}
            />
            <FieldError id="name-error" message={fieldError('name')} />
            <label htmlFor="phone">{t('phoneLabel')}</label>
            <input
              id="phone"
              type="tel"
              autoComplete="tel"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
              onBlur={() => {
                const normalized = normalizeMobileNumber(phone);
                if (normalized) setPhone(formatMobileNumber(normalized));
              }}
              aria-invalid={fieldError('phone') ? true : undefined}
              aria-describedby={describedBy('phone', 'phone-hint')}
            />
            <p className="hint" id="phone-hint">
              {t('phoneHint')}
            </p>
            <FieldError id="phone-error" message={fieldError('phone')} />
          </>
        )}

        {step === 'pin' && (
          <>
            <p className="hint" id="pin-hint">
              {t('pinHint')}
            </p>
            <label htmlFor="pin">{t('pinNewLabel')}</label>
            <input
              id="pin"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={8}
              value={pin}
              onChange={(event) => setPin(event.target.value)}
              aria-invalid={fieldError('pin') ? true : undefined}
              aria-describedby={describedBy('pin', 'pin-hint')}
            />
            <label htmlFor="pin-confirmation">{t('pinConfirmLabel')}</label>
            <input
              id="pin-confirmation"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={8}
              value={pinConfirmation}
              onChange={(event) => setPinConfirmation(event.target.value)}
              aria-invalid={fieldError('pin') ? true : undefined}
              aria-describedby={describedBy('pin')}
            />
            <FieldError id="pin-error" message={fieldError('pin')} />
          </>
        )}

        {step === 'key' && (
          <>
            <p className="hint" id="key-hint">
              {t('keyUriHint')}
            </p>
            <button type="button" onClick={() => void findKey()} data-testid="find-key">
              {t('findKeyButton')}
            </button>
            {keyNotice && (
              <p role="status" data-testid="key-notice">
                {keyNotice}
              </p>
            )}
            <label htmlFor="key-uri">{t('keyUriLabel')}</label>
            <textarea
              id="key-uri"
              spellCheck={false}
              autoComplete="off"
              value={keyUri}
              onChange={(event) => setKeyUri(event.target.value)}
              aria-invalid={fieldError('keyUri') ? true : undefined}
              aria-describedby={describedBy('keyUri', 'key-hint')}
            />
            <FieldError id="keyUri-error" message={fieldError('keyUri')} />
            <label htmlFor="lms-origin">{t('lmsOriginLabel')}</label>
            <input
              id="lms-origin"
              type="url"
              value={lmsOrigin}
              placeholder="https://"
              onChange={(event) => setLmsOrigin(event.target.value)}
              onBlur={() => {
                const origin = toHttpOrigin(lmsOrigin);
                if (origin) setLmsOrigin(origin);
              }}
              aria-invalid={fieldError('lmsOrigin') ? true : undefined}
              aria-describedby={describedBy('lmsOrigin')}
            />
            <FieldError id="lmsOrigin-error" message={fieldError('lmsOrigin')} />
          </>
        )}

        {step === 'summary' && (
          <>
            <p>{t('summaryIntro')}</p>
            <dl className="compare" data-testid="wizard-summary">
              <dt>{t('nameLabel')}</dt>
              <dd>{name.trim()}</dd>
              <dt>{t('phoneLabel')}</dt>
              <dd>{formatMobileNumber(normalizeMobileNumber(phone) ?? phone)}</dd>
              <dt>{t('lmsOriginLabel')}</dt>
              <dd>{toHttpOrigin(lmsOrigin)}</dd>
              <dt>{t('step_key')}</dt>
              <dd>
                {parsedKey.ok &&
                  t('summaryKey', {
                    issuer: parsedKey.value.issuer,
                    digits: parsedKey.value.digits,
                    period: parsedKey.value.period,
                  })}
              </dd>
            </dl>
            {canCancel && <p className="hint">{t('reRegisterNote')}</p>}
          </>
        )}

        {failure && (
          <p className="error-box" role="alert">
            {describeError(t, failure)}
          </p>
        )}
        <div className="row wizard__nav">
          {index > 0 && (
            <button type="button" onClick={() => setStep(STEPS[index - 1] ?? 'consent')}>
              {t('back')}
            </button>
          )}
          {canCancel && (
            <button type="button" onClick={onCancel}>
              {t('cancel')}
            </button>
          )}
          <button type="submit" className="primary" disabled={busy} data-testid="wizard-next">
            {step === 'summary' ? t('register') : t('next')}
          </button>
        </div>
      </form>
    </section>
  );
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" id={id} role="alert">
      {message}
    </p>
  );
}
