import { browser } from '@/lib/browser';
import { CHECKPOINT_CHANGED } from '@/lib/messaging/protocol';

/**
 * Calls `listener` whenever the background says an answer came in; only its messages (no tab)
 * are listened to. Returns the clean-up.
 */
export function onCheckpointChanged(listener: () => void): () => void {
  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== browser.runtime.id || sender.tab) return;
    if ((message as { type?: unknown } | null)?.type === CHECKPOINT_CHANGED.type) listener();
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => browser.runtime.onMessage.removeListener(onMessage);
}
