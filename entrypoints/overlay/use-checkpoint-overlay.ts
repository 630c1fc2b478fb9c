import { useEffect } from 'react';
import { useSubmitExposure } from '@/components/use-submit-exposure';
import { useWebOtp } from '@/components/use-web-otp';
import { useCheckpointContext, useShownAttempt } from './use-checkpoint-context';
import { useCheckpointSubmit } from './use-checkpoint-submit';

/** Everything the checkpoint overlay shows and does: the context, the attempt, the two methods. */
export function useCheckpointOverlay() {
  const attempt = useShownAttempt();
  const loaded = useCheckpointContext(attempt);
  const webOtp = useWebOtp((problem) => {
    if (problem.code === 'secretWiped' || problem.code === 'codesLocked') loaded.refreshStatus();
  });
  const exposure = useSubmitExposure();
  const { setClockOffsetMs } = loaded;
  const { issued } = webOtp;
  useEffect(() => {
    if (issued) setClockOffsetMs(issued.clockOffsetMs);
  }, [issued, setClockOffsetMs]);
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
