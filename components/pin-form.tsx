import { type FormEvent, useId, useState } from 'react';
import { normalizePinInput } from '@/lib/otp/code-input';
import { useI18n } from './i18n';

/**
 * The 4-digit PIN, typed only here in an extension page. Full-width digits are accepted; anything
 * that is not four digits is refused before it can count as a wrong PIN.
 */
export function PinForm({
  onSubmit,
  busy,
  error,
  autoFocus = false,
}: {
  onSubmit: (pin: string) => void;
  busy: boolean;
  error: string | null;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [pin, setPin] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizePinInput(pin);
    if (!normalized.ok) {
      setLocalError(t('pinError'));
      return;
    }
    setLocalError(null);
    setPin('');
    onSubmit(normalized.value);
  };
  const shown = localError ?? error;
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-pin`}>{t('pinLabel')}</label>
      <div className="row">
        <input
          id={`${id}-pin`}
          data-testid="pin-input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={(event) => setPin(event.target.value)}
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? `${id}-pin-error` : undefined}
          // biome-ignore lint/a11y/noAutofocus: the overlay exists to take this PIN; focus saves a step
          autoFocus={autoFocus}
        />
        <button type="submit" className="primary" disabled={busy} data-testid="pin-submit">
          {t('pinSubmit')}
        </button>
      </div>
      {shown && (
        <p className="error" id={`${id}-pin-error`} role="alert">
          {shown}
        </p>
      )}
    </form>
  );
}
