import { type ClipboardEvent, useState } from 'react';
import { describeFieldError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { type ParsedKeyUri, parseKeyUri } from '@/lib/otp/key-uri';
import type { VerificationMode } from '@/lib/profiles/types';
import type { RegistrationChoice } from '@/lib/registration/choices';
import {
  formatMobileNumber,
  normalizeMobileNumber,
  type RegistrationFieldError,
  toHttpOrigin,
} from '@/lib/registration/validate';
import { ManualSecret, QrPictureChoice } from './key-step-parts';
import {
  offeredOrigins,
  type RegistrationField,
  type SetWizardField,
  type WizardFields,
  wizardSummary,
} from './wizard-steps';

/** What every step form reads and writes. */
export interface StepProps {
  readonly fields: WizardFields;
  readonly setField: SetWizardField;
  readonly errors: readonly RegistrationFieldError[];
}

/** A field's error sentence, and the `aria-describedby` that points at it (or at the hint). */
function useFieldErrors(errors: readonly RegistrationFieldError[]) {
  const { t } = useI18n();
  const message = (field: RegistrationField) => {
    const error = errors.find((candidate) => candidate.field === field);
    return error ? describeFieldError(t, error) : null;
  };
  const describedBy = (field: RegistrationField, hint?: string) => (message(field) ? `${field}-error` : hint);
  const invalid = (field: RegistrationField) => (message(field) ? true : undefined);
  return { message, describedBy, invalid };
}

export function ConsentStep({ fields, setField, errors }: StepProps) {
  const { t } = useI18n();
  const { message, describedBy } = useFieldErrors(errors);
  return (
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
          checked={fields.consent}
          data-testid="consent"
          onChange={(event) => setField('consent', event.target.checked)}
          aria-describedby={describedBy('consent')}
        />{' '}
        {t('consentAgree')}
      </label>
      <FieldError id="consent-error" message={message('consent')} />
    </>
  );
}

export function IdentityStep({
  fields,
  setField,
  errors,
  choices,
  mode,
}: StepProps & { choices: readonly RegistrationChoice[]; mode: VerificationMode }) {
  const { t } = useI18n();
  const { message, describedBy, invalid } = useFieldErrors(errors);
  return (
    <>
      <LmsChoice fields={fields} setField={setField} errors={errors} choices={choices} />
      {mode === 'hrdMotp' && (
        <p className="notice" data-testid="motp-identity-hint">
          {t('motpIdentityHint')}
        </p>
      )}
      <label htmlFor="name">{t('nameLabel')}</label>
      <input
        id="name"
        type="text"
        autoComplete="name"
        value={fields.name}
        onChange={(event) => setField('name', event.target.value)}
        aria-invalid={invalid('name')}
        aria-describedby={describedBy('name')}
      />
      <FieldError id="name-error" message={message('name')} />
      <label htmlFor="phone">{t('phoneLabel')}</label>
      <input
        id="phone"
        type="tel"
        autoComplete="tel"
        value={fields.phone}
        onChange={(event) => setField('phone', event.target.value)}
        onBlur={() => {
          const normalized = normalizeMobileNumber(fields.phone);
          if (normalized) setField('phone', formatMobileNumber(normalized));
        }}
        aria-invalid={invalid('phone')}
        aria-describedby={describedBy('phone', 'phone-hint')}
      />
      <p className="hint" id="phone-hint">
        {t('phoneHint')}
      </p>
      <FieldError id="phone-error" message={message('phone')} />
    </>
  );
}

/** The active profiles' LMS addresses to pick from, or one typed that a profile must name. */
function LmsChoice({
  fields,
  setField,
  errors,
  choices,
}: StepProps & { choices: readonly RegistrationChoice[] }) {
  const { t } = useI18n();
  const { message, describedBy, invalid } = useFieldErrors(errors);
  const offered = offeredOrigins(choices);
  // What the trainee types stays theirs: an address that equals an offered one on the way (the
  // offered `http://lms.kr` inside `http://lms.kr:8443`) must not turn into a ticked choice and
  // empty the box under the fingers. A choice ticked clears the box.
  const [typed, setTyped] = useState(() =>
    offered.some((choice) => choice.origin === fields.lmsOrigin) ? '' : fields.lmsOrigin,
  );
  return (
    <fieldset className="stack" data-testid="lms-choices">
      <legend>{t('lmsChoiceLegend')}</legend>
      <p className="hint" id="lms-choice-hint">
        {t('lmsChoiceHint')}
      </p>
      {offered.map((choice) => (
        <label className="check" key={choice.origin}>
          <input
            type="radio"
            name="lms-choice"
            value={choice.origin ?? ''}
            checked={typed === '' && fields.lmsOrigin === choice.origin}
            data-testid="lms-choice"
            onChange={() => {
              setTyped('');
              setField('lmsOrigin', choice.origin ?? '');
            }}
          />{' '}
          {choice.instituteName} · {choice.origin} ·{' '}
          {choice.mode === 'hrdMotp' ? t('modeHrdMotp') : t('modeWebOtp')}
        </label>
      ))}
      <label htmlFor="lms-origin-typed">{t('lmsOtherLabel')}</label>
      <input
        id="lms-origin-typed"
        type="url"
        value={typed}
        placeholder="https://"
        onChange={(event) => {
          setTyped(event.target.value);
          setField('lmsOrigin', event.target.value);
        }}
        onBlur={() => {
          const origin = typed === '' ? null : toHttpOrigin(typed);
          if (!origin) return;
          setTyped(origin);
          setField('lmsOrigin', origin);
        }}
        aria-invalid={invalid('lmsOrigin')}
        aria-describedby={describedBy('lmsOrigin', 'lms-choice-hint')}
      />
      <FieldError id="lmsOrigin-error" message={message('lmsOrigin')} />
    </fieldset>
  );
}

export function PinStep({ fields, setField, errors }: StepProps) {
  const { t } = useI18n();
  const { message, describedBy, invalid } = useFieldErrors(errors);
  return (
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
        value={fields.pin}
        onChange={(event) => setField('pin', event.target.value)}
        aria-invalid={invalid('pin')}
        aria-describedby={describedBy('pin', 'pin-hint')}
      />
      <label htmlFor="pin-confirmation">{t('pinConfirmLabel')}</label>
      <input
        id="pin-confirmation"
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        maxLength={8}
        value={fields.pinConfirmation}
        onChange={(event) => setField('pinConfirmation', event.target.value)}
        aria-invalid={invalid('pin')}
        aria-describedby={describedBy('pin')}
      />
      <FieldError id="pin-error" message={message('pin')} />
    </>
  );
}

export function KeyStep({
  fields,
  setField,
  errors,
  keyNotice,
  onFindKey,
  onPicture,
}: StepProps & { keyNotice: string | null; onFindKey: () => void; onPicture: (picture: Blob) => void }) {
  const { t } = useI18n();
  const { message, describedBy, invalid } = useFieldErrors(errors);
  // A screenshot pasted into the key's box is read as a picture of the QR code.
  const pastePicture = (event: ClipboardEvent<HTMLInputElement>) => {
    const picture = [...event.clipboardData.files].find((file) => file.type.startsWith('image/'));
    if (!picture) return;
    event.preventDefault();
    onPicture(picture);
  };
  const parsedKey = parseKeyUri(fields.keyUri);
  return (
    <>
      <p className="hint" id="key-hint">
        {t('keyUriHint')}
      </p>
      <button type="button" onClick={onFindKey} data-testid="find-key">
        {t('findKeyButton')}
      </button>
      {keyNotice && (
        <p role="status" data-testid="key-notice">
          {keyNotice}
        </p>
      )}
      <label htmlFor="key-uri">{t('keyUriLabel')}</label>
      {/* Masked like a password: the key is the secret every code is made from, and a screen
          shared with a classmate or a helper must not show it. */}
      <input
        id="key-uri"
        type="password"
        spellCheck={false}
        autoComplete="off"
        value={fields.keyUri}
        onChange={(event) => setField('keyUri', event.target.value)}
        onPaste={pastePicture}
        aria-invalid={invalid('keyUri')}
        aria-describedby={describedBy('keyUri', 'key-hint key-qr-hint')}
      />
      {parsedKey.ok && (
        <p className="hint" data-testid="key-recognised">
          {t('keyRecognised', keySummary(parsedKey.value))}
        </p>
      )}
      <FieldError id="keyUri-error" message={message('keyUri')} />
      <QrPictureChoice onPicture={onPicture} />
      <ManualSecret fields={fields} setField={setField} />
      <label htmlFor="lms-origin">{t('lmsOriginLabel')}</label>
      <input
        id="lms-origin"
        type="url"
        value={fields.lmsOrigin}
        placeholder="https://"
        onChange={(event) => setField('lmsOrigin', event.target.value)}
        onBlur={() => {
          const origin = toHttpOrigin(fields.lmsOrigin);
          if (origin) setField('lmsOrigin', origin);
        }}
        aria-invalid={invalid('lmsOrigin')}
        aria-describedby={describedBy('lmsOrigin')}
      />
      <FieldError id="lmsOrigin-error" message={message('lmsOrigin')} />
    </>
  );
}

/** A screenshot or saved picture of the issue page's QR code, for pages that show no text key. */
export function SummaryStep({
  fields,
  mode,
  canCancel,
}: {
  fields: WizardFields;
  mode: VerificationMode;
  canCancel: boolean;
}) {
  const { t } = useI18n();
  const summary = wizardSummary(fields);
  const parsedKey = parseKeyUri(fields.keyUri);
  return (
    <>
      <p>{t('summaryIntro')}</p>
      <dl className="compare" data-testid="wizard-summary">
        <dt>{t('nameLabel')}</dt>
        <dd>{summary.name ?? t('traineeNotGiven')}</dd>
        <dt>{t('phoneLabel')}</dt>
        <dd>{summary.phone ?? t('traineeNotGiven')}</dd>
        <dt>{t('lmsOriginLabel')}</dt>
        <dd>{summary.lmsOrigin}</dd>
        <dt>{t('step_key')}</dt>
        <dd>
          {mode === 'hrdMotp' && t('summaryMotp')}
          {mode === 'webOtp' && parsedKey.ok && t('summaryKey', keySummary(parsedKey.value))}
        </dd>
      </dl>
      {canCancel && <p className="hint">{t('reRegisterNote')}</p>}
    </>
  );
}

/** What the summary says of a key: who issued it, its digits and its code's validity — never the secret. */
function keySummary(key: ParsedKeyUri) {
  return { issuer: key.issuer, digits: key.digits, period: key.period };
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" id={id} role="alert">
      {message}
    </p>
  );
}
