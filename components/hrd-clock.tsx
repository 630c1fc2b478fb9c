import { useEffect, useState } from 'react';
import { formatTime } from '@/lib/i18n/dates';
import { codeWindowSecondsLeft } from '@/lib/otp/clock';
import { useI18n } from './i18n';

/**
 * The phone clock check on HRD checkpoints: the time HRD keeps (HRD's own time stamp from the
 * page's latest request to HRD, else the LMS's clock; either as an offset to the device's) and the current 60-second code window with its seconds left, ticking, so a
 * trainee abroad can compare with the phone. After a first wrong code it is shown as the thing to
 * check before the next try.
 */
export function HrdClock({ offsetMs, prompt }: { offsetMs: number | null; prompt: boolean }) {
  const { t, language } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const hrdNow = now + (offsetMs ?? 0);
  const secondsLeft = codeWindowSecondsLeft(hrdNow);
  // The trainee's own time zone: the phone beside them shows the same; only the clock must be right.
  const time = formatTime(hrdNow, language, { seconds: true });
  return (
    <section
      className={prompt ? 'warning stack' : 'notice stack'}
      aria-labelledby="hrd-clock-heading"
      data-testid="hrd-clock"
      data-prompt={prompt ? 'true' : undefined}
    >
      <h2 id="hrd-clock-heading" className="hrd-clock__heading">
        {prompt ? t('hrdClockPrompt') : t('hrdClockHeading')}
      </h2>
      <p>
        <span data-testid="hrd-clock-time">{time}</span>
        {' · '}
        <span data-testid="hrd-clock-window">{t('hrdClockWindow', { seconds: secondsLeft })}</span>
      </p>
      <p className="hint">{t('hrdClockHint')}</p>
    </section>
  );
}
