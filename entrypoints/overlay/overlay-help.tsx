import { FallbackLinks, SupportContactsList } from '@/components/help';
import { useI18n } from '@/components/i18n';
import type { CheckpointContext } from '@/lib/messaging/protocol';

/** The institute's other ways to verify (up front when they are the way on) and its support. */
export function OverlayHelp({
  context,
  showFallbacks,
}: {
  context: CheckpointContext;
  showFallbacks: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      {(showFallbacks || context.fallbacks.length > 0) && (
        <FallbackLinks fallbacks={context.fallbacks} emphasised={showFallbacks} />
      )}
      <footer className="stack hint">
        <SupportContactsList support={context.support} lmsOrigin={context.pageOrigin} />
        <p>{t('fallbackNote')}</p>
        <p>{t('abroadNote')}</p>
      </footer>
    </>
  );
}
