import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '@/components/i18n';
import { askBackground } from '@/lib/messaging/client';
import type { OverlayLayoutState } from './use-overlay-layout';

/**
 * Keeps a keyboard user's place when the view changes under them: the new view's button takes the
 * focus if the overlay had it (never from the page, whose fields the trainee may be typing in).
 */
function useFocusIfOverlayFocused() {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (document.hasFocus()) ref.current?.focus();
  }, []);
  return ref;
}

/** How long the confirmation after a pass stays before the overlay goes away. */
export const PASS_CONFIRMATION_MS = 3000;

/**
 * The overlay docked as a bar: the kind of checkpoint, the attempts left and 펼치기 — where the
 * page's own form leaves no room for the panel, or the trainee collapsed it. After a pass it is
 * the short confirmation, and then the overlay goes away.
 */
export function OverlayBar({
  title,
  attempts,
  passed,
  layout,
  children,
}: {
  title: string;
  attempts: string | null;
  passed: boolean;
  layout: OverlayLayoutState;
  /** After a pass: the result as the panel words it. */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const expandRef = useFocusIfOverlayFocused();
  useEffect(() => {
    if (!passed) return;
    const timer = setTimeout(
      () => void askBackground({ type: 'checkpoint/close' }).catch(() => undefined),
      PASS_CONFIRMATION_MS,
    );
    return () => clearTimeout(timer);
  }, [passed]);
  if (passed)
    return (
      <main className="overlay-bar" data-view="bar" aria-label={t('overlayBarLabel')}>
        {children}
        <p className="muted overlay-bar__text" data-testid="overlay-passed">
          {t('overlayPassedClosing')}
        </p>
      </main>
    );
  return (
    <main className="overlay-bar" data-view="bar" aria-label={t('overlayBarLabel')}>
      <p className="overlay-bar__text">
        <strong>{title}</strong>
        {attempts && (
          <span data-testid="bar-attempts" className="overlay-bar__attempts">
            {attempts}
          </span>
        )}
      </p>
      <button
        type="button"
        className="primary"
        data-testid="overlay-expand"
        onClick={layout.expand}
        ref={expandRef}
      >
        {t('overlayExpand')}
      </button>
    </main>
  );
}

/** After 닫기: one small button that brings the overlay back, for as long as the checkpoint is shown. */
export function OverlayHandle({ layout }: { layout: OverlayLayoutState }) {
  const { t } = useI18n();
  const reopenRef = useFocusIfOverlayFocused();
  return (
    <main className="overlay-handle" data-view="handle">
      <button
        type="button"
        className="primary"
        data-testid="overlay-reopen"
        onClick={layout.reopen}
        ref={reopenRef}
      >
        {t('overlayReopen')}
      </button>
    </main>
  );
}
