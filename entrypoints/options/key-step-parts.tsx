import { useState } from 'react';
import { describeFieldError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { keyUriFromSecret } from '@/lib/registration/manual-key';
import { toHttpOrigin } from '@/lib/registration/validate';
import type { StepProps } from './wizard-step-views';

/** The key step's ways for an issue page that shows no key URI: its QR picture, or the secret typed. */

export function QrPictureChoice({ onPicture }: { onPicture: (picture: Blob) => void }) {
  const { t } = useI18n();
  return (
    <>
      <p className="hint" id="key-qr-hint">
        {t('qrPictureHint')}
      </p>
      <label htmlFor="key-qr-file">{t('qrPictureLabel')}</label>
      <input
        id="key-qr-file"
        type="file"
        accept="image/*"
        data-testid="key-qr-file"
        aria-describedby="key-qr-hint"
        onChange={(event) => {
          const picture = event.target.files?.[0];
          if (picture) onPicture(picture);
          // The same file chosen again is read again.
          event.target.value = '';
        }}
      />
    </>
  );
}

/**
 * The last resort: the secret the issue page prints, typed by hand, made into a key URI (SHA-1,
 * 6 digits, 60 seconds) that fills the key field and is checked like a pasted one.
 */
export function ManualSecret({ fields, setField }: Pick<StepProps, 'fields' | 'setField'>) {
  const { t } = useI18n();
  const [secret, setSecret] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const apply = () => {
    const made = keyUriFromSecret(secret, {
      // The host alone: a colon would end the label's issuer part early.
      issuer: new URL(toHttpOrigin(fields.lmsOrigin) ?? 'http://lms').hostname,
      accountName: fields.name.trim(),
    });
    if (made.ok) setField('keyUri', made.value);
    setOutcome(
      made.ok ? t('manualSecretApplied') : describeFieldError(t, { field: 'keyUri', reason: made.error }),
    );
  };
  return (
    <>
      <label htmlFor="key-secret">{t('manualSecretLabel')}</label>
      <p className="hint" id="key-secret-hint">
        {t('manualSecretHint')}
      </p>
      <div className="row">
        <input
          id="key-secret"
          // Never shown in plain text: it is the key itself.
          type="password"
          spellCheck={false}
          autoComplete="off"
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
          aria-describedby="key-secret-hint"
          data-testid="key-secret"
        />
        <button type="button" onClick={apply} data-testid="key-secret-apply">
          {t('manualSecretApply')}
        </button>
      </div>
      {outcome && (
        <p role="status" data-testid="key-secret-outcome">
          {outcome}
        </p>
      )}
    </>
  );
}
