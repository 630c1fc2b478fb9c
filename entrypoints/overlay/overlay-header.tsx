import { useI18n } from '@/components/i18n';
import { askBackground } from '@/lib/messaging/client';
import type { OverlayLayoutState } from './use-overlay-layout';

/**
 * The overlay's title with the institute's and the extension's name, and the trainee's controls:
 * collapse to the bar, move to the other side, close to a small handle (a notice or an error
 * without a checkpoint closes for good).
 */
export function OverlayHeader({
  title,
  institute,
  layout,
}: {
  title: string;
  institute?: string;
  layout?: OverlayLayoutState;
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
      {!layout && (
        // A notice or a load error: nothing to come back to.
        <button
          type="button"
          onClick={() => void askBackground({ type: 'checkpoint/close' }).catch(() => undefined)}
          aria-label={t('close')}
          className="overlay__close"
        >
          <span aria-hidden="true">×</span>
        </button>
      )}
      {layout && (
        <div className="overlay__controls">
          <button type="button" data-testid="overlay-collapse" onClick={layout.collapse}>
            {t('overlayCollapse')}
          </button>
          <button
            type="button"
            data-testid="overlay-move"
            onClick={layout.move}
            aria-label={t('overlayMoveLabel')}
          >
            {t('overlayMove')}
          </button>
          <button
            type="button"
            data-testid="overlay-close"
            onClick={layout.close}
            aria-label={t('overlayCloseLabel')}
            className="overlay__close"
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </header>
  );
}
