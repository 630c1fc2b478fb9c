import { useEffect, useRef } from 'react';
import { ClockNotice } from '@/components/clock-notice';
import { HrdClock } from '@/components/hrd-clock';
import { type Translate, useI18n } from '@/components/i18n';
import { TraineeCompare } from '@/components/trainee-compare';
import type { FormResult } from '@/lib/checkpoints/detect';
import type { DueDecision } from '@/lib/checkpoints/policy';
import type { CheckpointContext } from '@/lib/messaging/protocol';
import type { CheckpointStanding } from './checkpoint-standing';

/**
 * What the trainee checks before trying a code: why this checkpoint is due, the course and
 * session, the LMS's mode and origin, and the registered trainee beside the one the page shows.
 */
export function TraineeCheck({ context }: { context: CheckpointContext }) {
  const { t } = useI18n();
  const { facts, status } = context;
  const registration = status.registration;
  const hrd = context.mode === 'hrdMotp';
  return (
    <>
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
      {context.identity === 'mismatch' && <IdentityMismatch />}
      <TraineeCompare
        registered={registration}
        shown={{ name: facts.traineeName, phone: facts.traineePhone }}
        identity={context.identity}
      />
    </>
  );
}

/**
 * The page shows someone else: a warning block that takes focus (the PIN field does not), so the
 * trainee reads it before typing a PIN and a screen reader announces it first.
 */
function IdentityMismatch() {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section
      className="alert-block"
      role="alert"
      aria-labelledby="identity-mismatch-heading"
      data-testid="identity-mismatch"
    >
      <h2 id="identity-mismatch-heading" tabIndex={-1} ref={headingRef}>
        <span aria-hidden="true">⚠ </span>
        {t('identityMismatchHeading')}
      </h2>
      <p>{t('identityMismatch')}</p>
    </section>
  );
}

/** The device's side: its clock, an mOTP app not yet set up, a verifier that is down. */
export function DeviceNotices({
  context,
  clockOffsetMs,
  result,
  attemptsLeft,
  standing,
}: {
  context: CheckpointContext;
  clockOffsetMs: number | null;
  result: FormResult | null;
  attemptsLeft: number;
  standing: CheckpointStanding;
}) {
  const { t } = useI18n();
  const hrd = context.mode === 'hrdMotp';
  return (
    <>
      {!hrd && <ClockNotice offsetMs={clockOffsetMs} />}
      {/* A first wrong code is most often a phone clock that is off: say so before the next try. */}
      {hrd && !standing.locked && !standing.done && (
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
      {standing.serviceDown && (
        <p className="warning" role="alert" data-testid="service-down">
          {t('resultServiceDown')}
        </p>
      )}
    </>
  );
}

function decisionText(t: Translate, decision: DueDecision, session: number | null): string {
  return t(`decision_${decision.reason}`, {
    session: session ?? '',
    last: decision.lastVerifiedSession ?? '',
    since: decision.sessionsSince ?? '',
  });
}
