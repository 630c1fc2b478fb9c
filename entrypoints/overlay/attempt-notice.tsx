import { useEffect, useState } from 'react';
import { applyBranding } from '@/components/branding';
import { FallbackLinks } from '@/components/help';
import { useI18n } from '@/components/i18n';
import { askBackground } from '@/lib/messaging/client';
import type { AttemptNotice } from '@/lib/messaging/protocol';
import { onCheckpointChanged } from './checkpoint-changed';
import { attemptResult } from './checkpoint-standing';
import { OverlayHeader } from './overlay-header';
import { ResultMessage } from './result-message';

/**
 * The outcome of an attempt made on another page (a popup that closed, a frame that sent the top
 * page on, a page that reloaded): shown once, on the page it led to.
 */
export function AttemptNoticeApp() {
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
    return onCheckpointChanged(() => void load());
  }, []);
  if (notice === undefined) return <main className="overlay" aria-busy="true" />;
  if (notice === null) {
    return (
      <main className="overlay stack" data-testid="attempt-notice">
        <OverlayHeader title={t('appName')} />
        <p className="muted">{t('noticeNothing')}</p>
      </main>
    );
  }
  const showFallbacks = ['locked', 'unavailable', 'unknown'].includes(notice.attempt.outcome);
  return (
    <main className="overlay stack" data-testid="attempt-notice">
      <OverlayHeader title={t(`kind_${notice.kind}`)} institute={notice.instituteName} />
      <div role="status" aria-live="polite" data-testid="overlay-result">
        <ResultMessage result={attemptResult(notice.attempt)} />
      </div>
      {notice.attempt.outcome !== 'success' && notice.attempt.outcome !== 'pending' && (
        <p data-testid="attempts-left">{t('codeAttemptsLeft', { count: notice.attempt.codeAttemptsLeft })}</p>
      )}
      {showFallbacks && <FallbackLinks fallbacks={notice.fallbacks} emphasised />}
    </main>
  );
}
