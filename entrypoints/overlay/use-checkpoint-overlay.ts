import { useEffect } from 'react';
import { useSubmitExposure } from '@/components/use-submit-exposure';
import { useWebOtp } from '@/components/use-web-otp';
import { useCheckpointContext, useShownAttempt } from './use-checkpoint-context';
import { useCheckpointSubmit } from './use-checkpoint-submit';

/** Everything the checkpoint overlay shows and does: the context, the attempt, the two methods. */
export function useCheckpointOverlay() {
  const attempt = useShownAttempt();
  const loaded = useCheckpointContext(attempt);
  // The PIN's attempts line reads the status: re-read it after every answer that moves a count,
  // so that it never says 5 under an alert that says 4.
  const webOtp = useWebOtp((problem) => {
    if (['wrongPin', 'secretWiped', 'codesLocked'].includes(problem.code)) loaded.refreshStatus();
  });
  const exposure = useSubmitExposure();
  const { setClockOffsetMs } = loaded;
  const { issued } = webOtp;
  const { refreshStatus } = loaded;
  useEffect(() => {
    if (!issued) return;
    setClockOffsetMs(issued.clockOffsetMs);
    // A right PIN set the PIN's count back to 5.
    refreshStatus();
  }, [issued, setClockOffsetMs, refreshStatus]);
  const { submit, submitError } = useCheckpointSubmit({
    attempt,
    setContext: loaded.setContext,
    exposure,
    forget: webOtp.forget,
  });
  return {
    ...attempt,
    ...loaded,
    webOtp,
    exposure,
    submit,
    submitError,
    busy: webOtp.busy || attempt.submitting,
  };
}

export type CheckpointOverlayState = ReturnType<typeof useCheckpointOverlay>;
