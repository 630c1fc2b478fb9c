import { browser } from 'wxt/browser';
import { handleRequest, toProtocolError } from '@/lib/background/handlers';
import { purgeExpiredHistory } from '@/lib/db/history';
import { openCompanionDb } from '@/lib/db/schema';
import { askContentScript } from '@/lib/messaging/client';
import { ProtocolFailure, parseBackgroundRequest, type Reply } from '@/lib/messaging/protocol';
import { classifySender, isAllowed } from '@/lib/messaging/senders';
import { parseHttpDate } from '@/lib/otp/clock';
import { BUNDLED_LMS_MATCHES, BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';

/**
 * Wiring only: every request is validated, its sender classified and checked, then answered by
 * the handler map in lib/background. No state lives here: the worker may be stopped at any moment.
 */
export default defineBackground(() => {
  const db = openCompanionDb();
  const deps = {
    db,
    now: () => Date.now(),
    profiles: BUNDLED_PROFILES,
    askContent: askContentScript,
    listLmsTabs: async () => {
      const tabs = await browser.tabs.query({ url: [...BUNDLED_LMS_MATCHES] });
      return tabs
        .filter((tab): tab is typeof tab & { id: number; url: string } => tab.id !== undefined && !!tab.url)
        .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
    },
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    sampleServerClock: async (origin: string) => {
      // A bodiless request for the `Date` header: no cookies, no cache, nothing about the trainee.
      const sentAt = Date.now();
      const response = await fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store', credentials: 'omit' });
      const receivedAt = Date.now();
      const serverTime = parseHttpDate(response.headers.get('date'));
      return serverTime === null ? null : { sentAt, receivedAt, serverTime, resolutionMs: 1000 };
    },
  };
  const senderContext = {
    extensionId: browser.runtime.id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    isConfiguredOrigin: (origin: string) => profileForOrigin(BUNDLED_PROFILES, origin) !== null,
  };

  // Old history entries expire; a browser start is a cheap moment to drop them.
  browser.runtime.onStartup.addListener(
    () => void purgeExpiredHistory(db, Date.now()).catch(() => undefined),
  );

  browser.runtime.onMessage.addListener((message, sender): Promise<Reply<unknown>> | undefined => {
    const request = parseBackgroundRequest(message);
    const trusted = classifySender(sender, senderContext);
    if (!request || !trusted) {
      // Not ours or malformed: answer nothing rather than reveal what the background understands.
      return undefined;
    }
    if (!isAllowed(request.type, trusted)) {
      return Promise.resolve({ ok: false, error: { code: 'untrustedSender' } });
    }
    return handleRequest(request, trusted, deps).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (error: unknown): Reply<unknown> => {
        if (!(error instanceof ProtocolFailure)) {
          // The request type and the error's name only: request contents (PINs, codes) are never logged.
          console.error('[checkpoint-companion] request failed', request.type, (error as Error)?.name);
        }
        return { ok: false, error: toProtocolError(error) };
      },
    );
  });
});
