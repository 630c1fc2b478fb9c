import { handleRequest, toProtocolError } from '@/lib/background/handlers';
import { browser, type Runtime } from '@/lib/browser';
import { purgeExpiredHistory } from '@/lib/db/history';
import { openCompanionDb } from '@/lib/db/schema';
import { clearTabs } from '@/lib/db/tabs';
import { askContentScript } from '@/lib/messaging/client';
import {
  type BackgroundRequest,
  CHECKPOINT_CHANGED,
  ProtocolFailure,
  parseBackgroundRequest,
  type Reply,
} from '@/lib/messaging/protocol';
import { classifySender, isAllowed } from '@/lib/messaging/senders';
import { parseHttpDate } from '@/lib/otp/clock';
import { profileForOrigin } from '@/lib/profiles/origins';
import { createProfileSettings } from '@/lib/profiles/settings';
import type { ResolvedProfiles } from '@/lib/profiles/sources';

/**
 * Wiring only: every request is validated, its sender classified and checked, then answered by
 * the handler map in lib/background. No state lives here: the worker may be stopped at any moment.
 */
export default defineBackground(() => {
  const db = openCompanionDb();
  const profileSettings = createProfileSettings(browser);
  // The resolved profiles are derived from storage and cached only until storage changes; a
  // restarted worker simply resolves them again.
  let profilesCache: Promise<ResolvedProfiles> | null = null;
  const currentProfiles = () => {
    profilesCache ??= profileSettings.loadProfiles().catch((error: unknown) => {
      profilesCache = null;
      throw error;
    });
    return profilesCache;
  };
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'local' || area === 'managed') profilesCache = null;
  });
  profileSettings.watchPolicy();

  const baseDeps = {
    db,
    now: () => Date.now(),
    askContent: askContentScript,
    // Open overlays read their context again; no page listening is fine.
    reloadTab: (tabId: number) => browser.tabs.reload(tabId),
    notifyPages: () => void browser.runtime.sendMessage(CHECKPOINT_CHANGED).catch(() => undefined),
    profileSettings,
    listLmsTabs: async () => {
      const { profiles } = await currentProfiles();
      const tabs = await browser.tabs.query({ url: [...new Set(profiles.flatMap((p) => p.origins))] });
      return tabs
        .filter((tab): tab is typeof tab & { id: number; url: string } => tab.id !== undefined && !!tab.url)
        .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
    },
    sampleServerClock: async (origin: string) => {
      // A bodiless request for the `Date` header: no cookies, no cache, nothing about the trainee.
      const sentAt = Date.now();
      const response = await fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store', credentials: 'omit' });
      const receivedAt = Date.now();
      const serverTime = parseHttpDate(response.headers.get('date'));
      return serverTime === null ? null : { sentAt, receivedAt, serverTime, resolutionMs: 1000 };
    },
  };
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;

  // Old history entries expire; a browser start is a cheap moment to drop them. Tab records do
  // not outlive the session whose tab ids they name.
  // First run: a short welcome in the options page (which of the two ways applies, what the
  // extension will and will never do). Updates and browser starts open nothing.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install')
      void browser.tabs
        .create({ url: browser.runtime.getURL('/options.html?welcome=1') })
        .catch(() => undefined);
  });

  browser.runtime.onStartup.addListener(() => {
    void purgeExpiredHistory(db, Date.now()).catch(() => undefined);
    void clearTabs(db).catch(() => undefined);
  });

  const answer = async (
    request: BackgroundRequest,
    sender: Runtime.MessageSender,
  ): Promise<Reply<unknown>> => {
    const { profiles } = await currentProfiles();
    const trusted = classifySender(sender, {
      extensionId: browser.runtime.id,
      extensionOrigin,
      isConfiguredOrigin: (origin) => profileForOrigin(profiles, origin) !== null,
    });
    if (!trusted || !isAllowed(request.type, trusted))
      return { ok: false, error: { code: 'untrustedSender' } };
    return handleRequest(request, trusted, { ...baseDeps, profiles }).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (error: unknown): Reply<unknown> => {
        if (!(error instanceof ProtocolFailure)) {
          // The request type and the error's name only: request contents (PINs, codes) are never logged.
          console.error('[checkpoint-companion] request failed', request.type, (error as Error)?.name);
        }
        return { ok: false, error: toProtocolError(error) };
      },
    );
  };

  browser.runtime.onMessage.addListener(
    (message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> | undefined => {
      // Not ours or malformed: answer nothing rather than reveal what the background understands.
      if (sender.id !== browser.runtime.id) return undefined;
      const request = parseBackgroundRequest(message);
      return request ? answer(request, sender) : undefined;
    },
  );
});
