import { type ReactNode, useEffect, useRef, useState } from 'react';
import { applyBranding } from '@/components/branding';
import { ClockNotice } from '@/components/clock-notice';
import { CodeForm } from '@/components/code-form';
import { describeError, toProtocolError } from '@/components/errors';
import { FallbackLinks, SupportContactsList } from '@/components/help';
import { HrdClock } from '@/components/hrd-clock';
import { useI18n } from '@/components/i18n';
import { PinForm } from '@/components/pin-form';
import { TraineeCompare } from '@/components/trainee-compare';
import { useSubmitExposure } from '@/components/use-submit-exposure';
import { useWebOtp } from '@/components/use-web-otp';
import { WebOtpCode } from '@/components/web-otp-code';
import { browser } from '@/lib/browser';
import type { FormResult } from '@/lib/checkpoints/detect';
import type { DueDecision } from '@/lib/checkpoints/policy';
import { askBackground } from '@/lib/messaging/client';
import {
  type AttemptNotice,
  type AttemptView,
  CHECKPOINT_CHANGED,
  type CheckpointContext,
  type ProtocolError,
  type SubmitMethod,
} from '@/lib/messaging/protocol';

/** Attempts left at or below which the overlay warns before the trainee tries. */
const WARN_AT_ATTEMPTS = 2;

/**
 * The checkpoint overlay: an extension page framed in the LMS page. Everything the trainee types
 * here stays in the extension's origin; the background relays the code to the page's own form.
 * It never retries by itself: every submit is the trainee's.
 */
export function OverlayApp() {
  if (new URLSearchParams(location.search).has('notice')) return <AttemptNoticeApp />;
  return <CheckpointOverlay />;
}

function CheckpointOverlay() {
  const { t } = useI18n();
  const [context, setContext] = useState<CheckpointContext | null>(null);
  const [loadError, setLoadError] = useState<ProtocolError | null>(null);
  const [method, setMethod] = useState<SubmitMethod>('webOtp');
  const [clockOffsetMs, setClockOffsetMs] = useState<number | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<FormResult | null>(null);
  const [attemptsLeft, setAttemptsLeft] = useState(5);
  const [submitError, setSubmitError] = useState<ProtocolError | null>(null);
  /** Counts answered submits, so an observer can tell a new answer from the previous one. */
  const [answered, setAnswered] = useState(0);
  const readyAtRef = useRef<number | null>(null);
  /** The attempt last shown, so a re-read context shows each settled attempt once. */
  const shownAttemptRef = useRef<string | null>(null);
  const loadRef = useRef<(() => Promise<void>) | null>(null);

  useEffect(() => {
    let first = true;
    const load = () =>
      askBackground({ type: 'checkpoint/context' }).then(
        (loaded) => {
          setContext(loaded);
          applyBranding(loaded.branding);
          setAttemptsLeft(loaded.codeAttemptsLeft);
          setClockOffsetMs(loaded.clockOffsetMs);
          if (first) setMethod(webOtpUsable(loaded) ? 'webOtp' : 'app');
          first = false;
          // HRD's answer (through the page observer) settles what this overlay, or the page
          // itself, submitted — possibly before a reload that replaced the previous overlay.
          const attempt = loaded.attempt;
          const id = attempt && `${attempt.submittedAt}|${attempt.outcome}`;
          if (attempt && id !== shownAttemptRef.current) {
            shownAttemptRef.current = id;
            setResult(attemptResult(attempt));
            if (attempt.outcome !== 'pending') {
              setSubmitting(false);
              setAnswered((count) => count + 1);
            }
          }
        },
        (error: unknown) => {
          if (first) setLoadError(toProtocolError(error));
        },
      );
    loadRef.current = load;
    void load();
    // The background says when an answer came in; only its messages (no tab) are listened to.
    const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      if (sender.id !== browser.runtime.id || sender.tab) return;
      if ((message as { type?: unknown } | null)?.type === CHECKPOINT_CHANGED.type) void load();
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);

  // While HRD's answer is awaited the context is also read again every second: a framed extension
  // page does not always receive the background's broadcast (Firefox), and a worker that was
  // stopped mid-answer sends none. It stops as soon as the attempt is settled.
  const pending = result?.outcome === 'pending';
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void loadRef.current?.(), 1000);
    return () => clearInterval(timer);
  }, [pending]);

  const refreshStatus = () => {
    askBackground({ type: 'status/get' }).then(
      (status) => setContext((current) => (current ? { ...current, status } : current)),
      () => undefined,
    );
  };

  const {
    issued,
    pinError,
    busy: unlocking,
    requestCode,
    forget,
  } = useWebOtp((problem) => {
    if (problem.code === 'secretWiped' || problem.code === 'codesLocked') refreshStatus();
  });
  const busy = unlocking || submitting;
  const exposure = useSubmitExposure();
  useEffect(() => {
    if (issued) setClockOffsetMs(issued.clockOffsetMs);
  }, [issued]);

  // Set before the browser's fresh word on the button is in, which takes a frame: the button is
  // not greyed out (busy) until then, since greyed out it would not count as shown as it is.
  const submitStarted = useRef(false);
  const submit = async (code: string, how: SubmitMethod, step?: number) => {
    if (submitStarted.current) return;
    submitStarted.current = true;
    try {
      await submitOnce(code, how, step);
    } finally {
      submitStarted.current = false;
    }
  };

  const submitOnce = async (code: string, how: SubmitMethod, step?: number) => {
    setSubmitError(null);
    setResult(null);
    if (await exposure.coveredNow()) {
      // The browser itself says the button is covered or not shown as it is: nothing is sent.
      setSubmitError({ code: 'overlayCovered' });
      setAnswered((count) => count + 1);
      return;
    }
    setSubmitting(true);
    try {
      const outcome = await askBackground({
        type: 'checkpoint/submit',
        code,
        method: how,
        step,
        at: exposure.points(),
      });
      setAttemptsLeft(outcome.codeAttemptsLeft);
      setContext((current) => (current ? { ...current, status: outcome.status } : current));
      forget();
      if (outcome.result.outcome === 'pending') {
        // HRD's answer comes through the page observer; the context read then shows it.
        setResult((shown) => (shown?.outcome === 'pending' || !shown ? outcome.result : shown));
        return;
      }
      setResult(outcome.result);
      setSubmitting(false);
      setAnswered((count) => count + 1);
    } catch (error) {
      const problem = toProtocolError(error);
      setSubmitError(problem);
      // A web-OTP code is submitted once; the next try asks for the PIN again. A code refused
      // because the overlay was covered was not submitted (its step is unused): it stays.
      if (problem.code !== 'overlayCovered') forget();
      setSubmitting(false);
      setAnswered((count) => count + 1);
    }
  };

  const close = () => void askBackground({ type: 'checkpoint/close' }).catch(() => undefined);

  if (loadError) {
    return (
      <main className="overlay stack">
        <OverlayHeader title={t('overlayHeading')} onClose={close} />
        <p className="error-box" role="alert">
          {describeError(t, loadError)}
        </p>
      </main>
    );
  }
  if (!context) return <main className="overlay" aria-busy="true" />;

  const { facts, status } = context;
  const registration = status.registration;
  const hrd = context.mode === 'hrdMotp';
  const webOtpAvailable = webOtpUsable(context);
  const locked = attemptsLeft <= 0 || result?.outcome === 'locked' || context.device === 'locked';
  const done = result?.outcome === 'success';
  const serviceDown = context.device === 'serviceDown' && !result;
  const showFallbacks =
    locked ||
    serviceDown ||
    result?.outcome === 'unavailable' ||
    result?.outcome === 'unknown' ||
    submitError?.code === 'pageDidNotAnswer';
  // When the overlay became usable, on the shared high-resolution clock (read by `npm run bench`).
  readyAtRef.current ??= performance.timeOrigin + performance.now();
  const methods: readonly SubmitMethod[] = hrd ? ['app'] : ['webOtp', 'app'];

  return (
    <main
      className="overlay stack"
      data-ready-at={readyAtRef.current.toFixed(1)}
      data-mode={context.mode}
      data-covered={exposure.covered ?? undefined}
    >
      <OverlayHeader title={t(`kind_${facts.kind}`)} institute={context.instituteName} onClose={close} />
      <p data-testid="checkpoint-reason">{decisionText(t, context.decision, facts.session)}</p>
      {(facts.courseTitle || facts.session !== null) && (
        <p className="muted">
          {facts.courseTitle && (
            <>
              {t('courseLabel')}: <strong data-testid="course-title">{facts.courseTitle}</strong>
            </>
          )}
          {facts.session !== null && (
            <span data-testid="checkpoint-session"> · {t('sessionLabel', { session: facts.session })}</span>
          )}
        </p>
      )}
      {hrd && (
        <p className="notice" data-testid="hrd-notice">
          {t('hrdModeNotice')}
        </p>
      )}
      {registration && !hrd && !context.originMatches && (
        <p className="warning" role="alert" data-testid="origin-mismatch">
          {t('originMismatchNotice', { origin: registration.lmsOrigin })}
        </p>
      )}
      <TraineeCompare
        registered={registration}
        shown={{ name: facts.traineeName, phone: facts.traineePhone }}
        identity={context.identity}
      />
      {!hrd && <ClockNotice offsetMs={clockOffsetMs} />}
      {/* A first wrong code is most often a phone clock that is off: say so before the next try. */}
      {hrd && !locked && !done && (
        <HrdClock offsetMs={clockOffsetMs} prompt={result?.outcome === 'failure' && attemptsLeft === 4} />
      )}
      {hrd && context.device === 'notRegistered' && (
        <section className="warning stack" data-testid="motp-not-registered">
          <p>{t('motpNotRegistered')}</p>
          <ol>
            <li>{t('motpInstallStep1')}</li>
            <li>{t('motpInstallStep2')}</li>
            <li>{t('motpInstallStep3')}</li>
          </ol>
        </section>
      )}
      {serviceDown && (
        <p className="warning" role="alert" data-testid="service-down">
          {t('resultServiceDown')}
        </p>
      )}

      {locked ? (
        <section className="error-box stack" role="alert" data-testid="locked">
          <p>{t('error_codesLocked')}</p>
          <p className="hint">{t('lockedRecovery')}</p>
        </section>
      ) : done ? (
        context.checkpointInFrame && (
          <section className="stack" data-testid="after-pass">
            <p>{t('afterPassInFrame')}</p>
            <button
              type="button"
              className="primary"
              data-testid="continue-after-pass"
              onClick={() => void askBackground({ type: 'checkpoint/reload' }).catch(() => undefined)}
            >
              {t('continueAfterPass')}
            </button>
          </section>
        )
      ) : (
        <section className="card stack" aria-labelledby="methods-heading">
          <h2 id="methods-heading">{t('methodsLabel')}</h2>
          {methods.length > 1 && (
            <div className="tabs" role="tablist" aria-label={t('methodsLabel')}>
              {methods.map((candidate) => (
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
          )}
          <p data-testid="attempts-left" className={attemptsLeft <= WARN_AT_ATTEMPTS ? 'warning' : 'muted'}>
            {attemptsLeft <= WARN_AT_ATTEMPTS
              ? t('lastAttemptsWarning', { count: attemptsLeft })
              : t('codeAttemptsLeft', { count: attemptsLeft })}
          </p>
          <MethodPanel method={method} tabbed={methods.length > 1}>
            {method === 'webOtp' && !hrd ? (
              webOtpAvailable ? (
                issued ? (
                  <div className="stack">
                    <WebOtpCode issued={issued} onExpired={forget} />
                    <p className="hint">{t('validityNote')}</p>
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      data-testid="web-otp-submit"
                      ref={exposure.watch}
                      // biome-ignore lint/a11y/noAutofocus: replaces the PIN field that held focus
                      autoFocus
                      onClick={() => void submit(issued.code, 'webOtp', issued.step)}
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
                    <p className="hint">{t('pinAttemptsLeft', { count: status.pinAttemptsLeft })}</p>
                  </div>
                )
              ) : (
                <WebOtpUnavailable context={context} />
              )
            ) : (
              <CodeForm
                onSubmit={(code) => void submit(code, 'app')}
                busy={busy}
                autoFocus
                submitRef={exposure.watch}
              />
            )}
          </MethodPanel>
        </section>
      )}

      <div role="status" aria-live="polite" data-testid="overlay-result" data-answered={answered}>
        {result && <ResultMessage result={result} />}
        {submitError && <p className="error-box">{describeError(t, submitError)}</p>}
      </div>

      {(showFallbacks || context.fallbacks.length > 0) && (
        <FallbackLinks fallbacks={context.fallbacks} emphasised={showFallbacks} />
      )}
      <footer className="stack hint">
        <SupportContactsList support={context.support} lmsOrigin={context.pageOrigin} />
        <p>{t('fallbackNote')}</p>
        <p>{t('abroadNote')}</p>
      </footer>
    </main>
  );
}

/** An attempt the authority settled, in the shape the result line shows. */
function attemptResult(attempt: AttemptView): FormResult {
  return { outcome: attempt.outcome, attemptsLeft: attempt.codeAttemptsLeft, message: attempt.message };
}

/**
 * The outcome of an attempt made on another page (a popup that closed, a frame that sent the top
 * page on, a page that reloaded): shown once, on the page it led to.
 */
function AttemptNoticeApp() {
  const { t } = useI18n();
  const [notice, setNotice] = useState<AttemptNotice | null | undefined>(undefined);
  useEffect(() => {
    const load = () =>
      askBackground({ type: 'attempt/notice' }).then(
        (loaded) => {
          // Once shown, a notice stays until closed, even when its attempt stops being news.
          setNotice((shown) => loaded ?? shown ?? null);
          if (loaded) applyBranding(loaded.branding);
        },
        () => setNotice(null),
      );
    void load();
    const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      if (sender.id !== browser.runtime.id || sender.tab) return;
      if ((message as { type?: unknown } | null)?.type === CHECKPOINT_CHANGED.type) void load();
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);
  const close = () => void askBackground({ type: 'checkpoint/close' }).catch(() => undefined);
  if (notice === undefined) return <main className="overlay" aria-busy="true" />;
  if (notice === null) {
    return (
      <main className="overlay stack" data-testid="attempt-notice">
        <OverlayHeader title={t('appName')} onClose={close} />
        <p className="muted">{t('noticeNothing')}</p>
      </main>
    );
  }
  const showFallbacks = ['locked', 'unavailable', 'unknown'].includes(notice.attempt.outcome);
  return (
    <main className="overlay stack" data-testid="attempt-notice">
      <OverlayHeader title={t(`kind_${notice.kind}`)} institute={notice.instituteName} onClose={close} />
      <div role="status" aria-live="polite" data-testid="overlay-result">
        <ResultMessage result={attemptResult(notice.attempt)} />
      </div>
      {notice.attempt.outcome !== 'success' && notice.attempt.outcome !== 'pending' && (
        <p data-testid="attempts-left">{t('codeAttemptsLeft', { count: notice.attempt.codeAttemptsLeft })}</p>
      )}
      {showFallbacks && notice.fallbacks.length > 0 && (
        <FallbackLinks fallbacks={notice.fallbacks} emphasised />
      )}
    </main>
  );
}

/** Web OTP needs a registration for this page's origin with its key still there, and a web-OTP LMS. */
function webOtpUsable(context: CheckpointContext): boolean {
  return (
    context.mode === 'webOtp' && context.status.registration?.hasSecret === true && context.originMatches
  );
}

/** The chosen method's form: a tab panel when there is a choice of methods, a plain block when not. */
function MethodPanel({
  method,
  tabbed,
  children,
}: {
  method: SubmitMethod;
  tabbed: boolean;
  children: ReactNode;
}) {
  if (!tabbed) return <div id={`panel-${method}`}>{children}</div>;
  return (
    <div role="tabpanel" id={`panel-${method}`} aria-labelledby={`tab-${method}`}>
      {children}
    </div>
  );
}

function WebOtpUnavailable({ context }: { context: CheckpointContext }) {
  const { t } = useI18n();
  const registration = context.status.registration;
  const wiped = registration !== null && !registration.hasSecret;
  return (
    <div className="stack">
      <p className="warning">{wiped ? t('error_secretWiped') : t('notRegisteredNotice')}</p>
      {wiped && registration.enrollmentUrl && (
        <a href={registration.enrollmentUrl} target="_blank" rel="noreferrer" data-testid="reissue-link">
          {t('reissueLink')}
        </a>
      )}
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </div>
  );
}

function decisionText(
  t: ReturnType<typeof useI18n>['t'],
  decision: DueDecision,
  session: number | null,
): string {
  return t(`decision_${decision.reason}`, {
    session: session ?? '',
    last: decision.lastVerifiedSession ?? '',
    since: decision.sessionsSince ?? '',
  });
}

function OverlayHeader({
  title,
  institute,
  onClose,
}: {
  title: string;
  institute?: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <header className="overlay__header">
      <div>
        <div className="muted overlay__brand" data-testid="overlay-institute">
          {institute ? `${institute} · ${t('appName')}` : t('appName')}
        </div>
        <h1>{title}</h1>
      </div>
      <button type="button" onClick={onClose} aria-label={t('close')} className="overlay__close">
        <span aria-hidden="true">×</span>
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
  if (result.outcome === 'successAgain') {
    return (
      <p className="success-box" data-outcome="successAgain">
        {t('resultSuccessAgain')}
      </p>
    );
  }
  if (result.outcome === 'pending') {
    return (
      <p className="notice" data-outcome="pending">
        {t('resultPending')}
      </p>
    );
  }
  const headline = {
    locked: t('error_codesLocked'),
    notCounted: t('resultNotCounted'),
    unavailable: t('resultUnavailable'),
    failure: t('resultFailure'),
    unknown: t('resultUnknown'),
    notRegistered: t('motpNotRegistered'),
  }[result.outcome];
  return (
    <div className="error-box stack" data-outcome={result.outcome}>
      <p>{headline}</p>
      {result.attemptsLeft !== null && (result.outcome === 'failure' || result.outcome === 'unknown') && (
        <p data-testid="result-attempts-left">{t('codeAttemptsLeft', { count: result.attemptsLeft })}</p>
      )}
      {result.message && <p className="hint">{t('pageSaid', { message: result.message })}</p>}
    </div>
  );
}
