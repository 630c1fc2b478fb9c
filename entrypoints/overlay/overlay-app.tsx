import { useRef } from 'react';
import { CodeForm } from '@/components/code-form';
import { describeError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import type { CheckpointContext, SubmitMethod } from '@/lib/messaging/protocol';
import { AttemptNoticeApp } from './attempt-notice';
import { type CheckpointStanding, checkpointStanding, webOtpUsable } from './checkpoint-standing';
import { CodeMethods } from './code-methods';
import { AfterPassPanel, LockedPanel } from './lock-panel';
import { OverlayHeader } from './overlay-header';
import { OverlayHelp } from './overlay-help';
import { ResultMessage } from './result-message';
import { DeviceNotices, TraineeCheck } from './trainee-check';
import { type CheckpointOverlayState, useCheckpointOverlay } from './use-checkpoint-overlay';
import { WebOtpPanel, WebOtpUnavailable } from './web-otp-panel';

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
  const overlay = useCheckpointOverlay();
  const readyAtRef = useRef<number | null>(null);
  const { context, loadError, result, attemptsLeft, submitError } = overlay;

  if (loadError) {
    return (
      <main className="overlay stack">
        <OverlayHeader title={t('overlayHeading')} />
        <p className="error-box" role="alert">
          {describeError(t, loadError)}
        </p>
      </main>
    );
  }
  if (!context) return <main className="overlay" aria-busy="true" />;

  const standing = checkpointStanding(context, attemptsLeft, result, submitError);
  // When the overlay became usable, on the shared high-resolution clock (read by `npm run bench`).
  readyAtRef.current ??= performance.timeOrigin + performance.now();

  return (
    <main
      className="overlay stack"
      data-ready-at={readyAtRef.current.toFixed(1)}
      data-mode={context.mode}
      data-covered={overlay.exposure.covered ?? undefined}
    >
      <OverlayHeader title={t(`kind_${context.facts.kind}`)} institute={context.instituteName} />
      <TraineeCheck context={context} />
      <DeviceNotices
        context={context}
        clockOffsetMs={overlay.clockOffsetMs}
        result={result}
        attemptsLeft={attemptsLeft}
        standing={standing}
      />
      <AttemptPanel overlay={overlay} context={context} standing={standing} />
      <div role="status" aria-live="polite" data-testid="overlay-result" data-answered={overlay.answered}>
        {result && <ResultMessage result={result} />}
        {submitError && <p className="error-box">{describeError(t, submitError)}</p>}
      </div>
      <OverlayHelp context={context} showFallbacks={standing.showFallbacks} />
    </main>
  );
}

/** Locked, passed, or the ways to give a code. */
function AttemptPanel({
  overlay,
  context,
  standing,
}: {
  overlay: CheckpointOverlayState;
  context: CheckpointContext;
  standing: CheckpointStanding;
}) {
  if (standing.locked) return <LockedPanel />;
  if (standing.done) return context.checkpointInFrame ? <AfterPassPanel /> : null;
  const methods: readonly SubmitMethod[] = context.mode === 'hrdMotp' ? ['app'] : ['webOtp', 'app'];
  return (
    <CodeMethods
      methods={methods}
      method={overlay.method}
      onChoose={overlay.setMethod}
      attemptsLeft={overlay.attemptsLeft}
    >
      {context.facts.typeOnPage ? <TypeOnPageGuide /> : <MethodForm overlay={overlay} context={context} />}
    </CodeMethods>
  );
}

/**
 * The page's box has no input the extension can find (a security keypad, an unlabelled field):
 * nothing is filled from here. The trainee types on the page; HRD's answer is shown here as usual.
 */
function TypeOnPageGuide() {
  const { t } = useI18n();
  return (
    <div className="stack" data-testid="type-on-page">
      <p>{t('typeOnPageGuide')}</p>
      <p className="muted">{t('typeOnPageNote')}</p>
    </div>
  );
}

/** The chosen method's form: web OTP (when this page can have it) or the mOTP app's code. */
function MethodForm({ overlay, context }: { overlay: CheckpointOverlayState; context: CheckpointContext }) {
  const { busy, exposure, submit } = overlay;
  // The trainee reads a mismatch warning first; a focused field invites typing past it.
  const focusField = context.identity !== 'mismatch';
  if (overlay.method === 'webOtp' && context.mode !== 'hrdMotp') {
    if (!webOtpUsable(context)) return <WebOtpUnavailable context={context} />;
    return (
      <WebOtpPanel
        webOtp={overlay.webOtp}
        pinAttemptsLeft={context.status.pinAttemptsLeft}
        busy={busy}
        submitRef={exposure.watch}
        onSubmit={(code, step) => void submit(code, 'webOtp', step)}
        autoFocus={focusField}
      />
    );
  }
  return (
    <CodeForm
      onSubmit={(code) => void submit(code, 'app')}
      busy={busy}
      autoFocus={focusField}
      submitRef={exposure.watch}
    />
  );
}
