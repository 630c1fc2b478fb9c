import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { CodeForm } from '@/components/code-form';
import { describeError, toProtocolError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { PinForm } from '@/components/pin-form';
import { TraineeCompare } from '@/components/trainee-compare';
import { type IssuedCode, WebOtpCode } from '@/components/web-otp-code';
import type { FormResult } from '@/lib/checkpoints/detect';
import type { MessageKey } from '@/lib/i18n/translate';
import { askBackground } from '@/lib/messaging/client';
import type { CheckpointContext, ProtocolError, SubmitMethod } from '@/lib/messaging/protocol';

/** Attempts left at or below which the overlay warns before the trainee tries. */
const WARN_AT_ATTEMPTS = 2;

/**
 * The checkpoint overlay: an extension page framed in the LMS page. Everything the trainee types
 * here stays in the extension's origin; the background relays the code to the page's own form.
 */
export function OverlayApp() {
  const { t } = useI18n();
  const [context, setContext] = useState<CheckpointContext | null>(null);
  const [loadError, setLoadError] = useState<ProtocolError | null>(null);
  const [method, setMethod] = useState<SubmitMethod>('webOtp');
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [pinError, setPinError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FormResult | null>(null);
  const [submitError, setSubmitError] = useState<ProtocolError | null>(null);
  const readyAtRef = useRef<number | null>(null);

  useEffect(() => {
    askBackground({ type: 'checkpoint/context' }).then(
      (loaded) => {
        setContext(loaded);
        const webOtpReady = loaded.status.registration?.hasSecret === true && loaded.originMatches;
        setMethod(webOtpReady ? 'webOtp' : 'app');
      },
      (error: unknown) => setLoadError(toProtocolError(error)),
    );
  }, []);

  const requestCode = async (pin: string) => {
    setBusy(true);
    setPinError(null);
    try {
      const code = await askBackground({ type: 'webOtp/code', pin });
      setIssued({ ...code, receivedAt: performance.now() });
    } catch (error) {
      const problem = toProtocolError(error);
      setPinError(describeError(t, problem));
      if (problem.code === 'secretWiped') refreshStatus();
    } finally {
      setBusy(false);
    }
  };

  const refreshStatus = () => {
    askBackground({ type: 'status/get' }).then(
      (status) => setContext((current) => (current ? { ...current, status } : current)),
      () => undefined,
    );
  };

  const submit = async (code: string, how: SubmitMethod) => {
    setBusy(true);
    setSubmitError(null);
    setResult(null);
    try {
      const outcome = await askBackground({ type: 'checkpoint/submit', code, method: how });
      setResult(outcome.result);
      setContext((current) => (current ? { ...current, status: outcome.status } : current));
    } catch (error) {
      setSubmitError(toProtocolError(error));
    } finally {
      // A web-OTP code is submitted once; the next try asks for the PIN again.
      setIssued(null);
      setBusy(false);
    }
  };

  const expire = useCallback(() => setIssued(null), []);
  const close = () => void askBackground({ type: 'checkpoint/close' }).catch(() => undefined);

  if (loadError) {
    return (
      <main className="overlay stack">
        <OverlayHeader title={t('overlayHeading')} onClose={close} closeLabel={t('close')} />
        <p className="error-box" role="alert">
          {describeError(t, loadError)}
        </p>
      </main>
    );
  }
  if (!context) return <main className="overlay" aria-busy="true" />;

  const { facts, status } = context;
  // When the overlay became usable, on the shared high-resolution clock (read by `npm run bench`).
  const readyAt = readyAtRef.current ?? performance.timeOrigin + performance.now();
  readyAtRef.current = readyAt;
  const registration = status.registration;
  const webOtpAvailable = registration?.hasSecret === true && context.originMatches;
  const locked = status.counters.codesLocked;
  const attemptsLeft = status.codeAttemptsLeft;
  const done = result?.outcome === 'success';

  return (
    <main className="overlay stack" data-ready-at={readyAt.toFixed(1)}>
      <OverlayHeader title={t(`kind_${facts.kind}` as MessageKey)} onClose={close} closeLabel={t('close')} />
      <p>{t(`reason_${facts.kind}` as MessageKey)}</p>
      {facts.courseTitle && (
        <p className="muted">
          {t('courseLabel')}: <strong data-testid="course-title">{facts.courseTitle}</strong>
        </p>
      )}
      {registration && !context.originMatches && (
        <p className="warning" role="alert">
          {t('originMismatchNotice', { origin: registration.lmsOrigin })}
        </p>
      )}
      <TraineeCompare
        registered={registration}
        shown={{ name: facts.traineeName, phone: facts.traineePhone }}
        identity={context.identity}
      />

      {locked ? (
        <p className="error-box" role="alert" data-testid="locked">
          {t('error_codesLocked')}
        </p>
      ) : done ? null : (
        <section className="card stack" aria-labelledby="methods-heading">
          <h2 id="methods-heading">{t('methodsLabel')}</h2>
          <div className="tabs" role="tablist" aria-label={t('methodsLabel')}>
            {(['webOtp', 'app'] as const).map((candidate) => (
              <button
                key={candidate}
                type="button"
                role="tab"
                id={`tab-${candidate}`}
                aria-selected={method === candidate}
                aria-controls={`panel-${candidate}`}
                tabIndex={method === candidate ? 0 : -1}
                data-testid={`method-${candidate}`}
                onClick={() => setMethod(candidate)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                    const next = candidate === 'webOtp' ? 'app' : 'webOtp';
                    setMethod(next);
                    document.getElementById(`tab-${next}`)?.focus();
                  }
                }}
              >
                {t(candidate === 'webOtp' ? 'methodWebOtp' : 'methodApp')}
              </button>
            ))}
          </div>
          <p data-testid="attempts-left" className={attemptsLeft <= WARN_AT_ATTEMPTS ? 'warning' : 'muted'}>
            {attemptsLeft <= WARN_AT_ATTEMPTS
              ? t('lastAttemptsWarning', { count: attemptsLeft })
              : t('codeAttemptsLeft', { count: attemptsLeft })}
          </p>
          <div role="tabpanel" id={`panel-${method}`} aria-labelledby={`tab-${method}`}>
            {method === 'webOtp' ? (
              webOtpAvailable ? (
                issued ? (
                  <div className="stack">
                    <WebOtpCode issued={issued} onExpired={expire} />
                    <p className="hint">{t('validityNote')}</p>
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      data-testid="web-otp-submit"
                      onClick={() => void submit(issued.code, 'webOtp')}
                    >
                      {busy ? t('submitting') : t('submitCode')}
                    </button>
                  </div>
                ) : (
                  <div className="stack">
                    <PinForm
                      onSubmit={(pin) => void requestCode(pin)}
                      busy={busy}
                      error={pinError}
                      autoFocus
                    />
                    {registration?.hasSecret && (
                      <p className="hint">{t('pinAttemptsLeft', { count: status.pinAttemptsLeft })}</p>
                    )}
                  </div>
                )
              ) : (
                <div className="stack">
                  <p className="warning">
                    {registration && !registration.hasSecret
                      ? t('error_secretWiped')
                      : t('notRegisteredNotice')}
                  </p>
                  <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
                    {t('openOptions')}
                  </button>
                </div>
              )
            ) : (
              <CodeForm onSubmit={(code) => void submit(code, 'app')} busy={busy} autoFocus />
            )}
          </div>
        </section>
      )}

      <div role="status" aria-live="polite" data-testid="overlay-result">
        {result && <ResultMessage result={result} />}
        {submitError && <p className="error-box">{describeError(t, submitError)}</p>}
      </div>

      <footer className="stack hint">
        {context.supportPhone && <p>{t('helpLine', { phone: context.supportPhone })}</p>}
        <p>{t('fallbackNote')}</p>
        <p>{t('abroadNote')}</p>
      </footer>
    </main>
  );
}

function OverlayHeader({
  title,
  onClose,
  closeLabel,
}: {
  title: string;
  onClose: () => void;
  closeLabel: string;
}) {
  const { t } = useI18n();
  return (
    <header className="overlay__header">
      <div>
        <div className="muted overlay__brand">{t('appName')}</div>
        <h1>{title}</h1>
      </div>
      <button type="button" onClick={onClose} aria-label={closeLabel} className="overlay__close">
        ×
      </button>
    </header>
  );
}

function ResultMessage({ result }: { result: FormResult }) {
  const { t } = useI18n();
  if (result.outcome === 'success') {
    return (
      <p className="success-box" data-outcome="success">
        {t('resultSuccess')}
      </p>
    );
  }
  const headline =
    result.outcome === 'locked'
      ? t('error_codesLocked')
      : result.outcome === 'error'
        ? t('resultNotCounted')
        : t('resultFailure');
  return (
    <div className="error-box stack" data-outcome={result.outcome}>
      <p>{headline}</p>
      {result.attemptsLeft !== null && result.outcome === 'failure' && (
        <p>{t('codeAttemptsLeft', { count: result.attemptsLeft })}</p>
      )}
      <p className="hint">{t('pageSaid', { message: result.message })}</p>
    </div>
  );
}
