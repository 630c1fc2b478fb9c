import { useI18n } from '@/components/i18n';
import { askBackground } from '@/lib/messaging/client';

/** The overlay's title with the institute's and the extension's name, and its close button. */
export function OverlayHeader({ title, institute }: { title: string; institute?: string }) {
  const { t } = useI18n();
  const close = () => void askBackground({ type: 'checkpoint/close' }).catch(() => undefined);
  return (
    <header className="overlay__header">
      <div>
        <div className="muted overlay__brand" data-testid="overlay-institute">
          {institute ? `${institute} · ${t('appName')}` : t('appName')}
        </div>
        <h1>{title}</h1>
      </div>
      <button type="button" onClick={close} aria-label={t('close')} className="overlay__close">
        <span aria-hidden="true">×</span>
      </button>
    </header>
  );
}
