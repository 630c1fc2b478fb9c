import { type FormEvent, type Ref, useId, useState } from 'react';
import { normalizeCodeInput } from '@/lib/otp/code-input';
import { describeCodeInputError } from './errors';
import { useI18n } from './i18n';

/**
 * The 6-digit code from the mOTP app. Pasted spaces, hyphens and full-width digits are folded;
 * anything else is refused here, before it can cost an attempt at the verifier.
 */
export function CodeForm({
  onSubmit,
  busy,
  autoFocus = false,
  submitRef,
}: {
  onSubmit: (code: string) => void;
  busy: boolean;
  autoFocus?: boolean;
  /** The submit button, for a caller that watches whether it is covered. */
  submitRef?: Ref<HTMLButtonElement>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizeCodeInput(code);
    if (!normalized.ok) {
      setError(describeCodeInputError(t, normalized.error));
      return;
    }
    setError(null);
    setCode('');
    onSubmit(normalized.value);
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-code`}>{t('codeLabel')}</label>
      <p className="hint" id={`${id}-code-hint`}>
        {t('codeHint')}
      </p>
      <div className="row">
        <input
          id={`${id}-code`}
          data-testid="code-input"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={20}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-code-error` : `${id}-code-hint`}
          // biome-ignore lint/a11y/noAutofocus: the trainee chose this method a moment ago
          autoFocus={autoFocus}
        />
        <button type="submit" className="primary" disabled={busy} data-testid="code-submit" ref={submitRef}>
          {t('submitCode')}
        </button>
      </div>
      {error && (
        <p className="error" id={`${id}-code-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
