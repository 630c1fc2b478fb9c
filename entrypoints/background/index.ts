import { type BackgroundDeps, handleRequest, toProtocolError } from '@/lib/background/handlers';
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
import { type ClockSample, parseHttpDate } from '@/lib/otp/clock';
import { profileForOrigin } from '@/lib/profiles/origins';
import { type BrowserProfileSettings, createProfileSettings } from '@/lib/profiles/settings';
import type { ResolvedProfiles } from '@/lib/profiles/sources';

/**
 * Wiring only: every request is validated, its sender classified and checked, then answered by
 * the handler map in lib/background. No state lives here: the worker may be stopped at any moment.
 */
export default defineBackground(() => {
  const db = openCompanionDb();
  const profileSettings = createProfileSettings(browser);
  const currentProfiles = cachedProfiles(profileSettings);
  profileSettings.watchPolicy();
  const baseDeps: Omit<BackgroundDeps, 'profiles'> = {
    db,
    now: () => Date.now(),
    askContent: askContentScript,
    pickUpEnrollment: async (tabId: number) => {
      const [frame] = await browser.scripting.executeScript({
        target: { tabId },
        files: ['content-scripts/enrollment.js'],
      });
      return frame?.result ?? null;
    },
    reloadTab: (tabId: number) => browser.tabs.reload(tabId),
    // Open overlays read their context again; no page listening is fine.
    notifyPages: () => void browser.runtime.sendMessage(CHECKPOINT_CHANGED).catch(() => undefined),
    profileSettings,
    listLmsTabs: () => listLmsTabs(currentProfiles),
    sampleServerClock,
  };
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;

  // First run: a short welcome in the options page (which of the two ways applies, what the
  // extension will and will never do). Updates and browser starts open nothing.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install')
      void browser.tabs
        .create({ url: browser.runtime.getURL('/options.html?welcome=1') })
        .catch(() => undefined);
  });

  // Old history entries expire; a browser start is a cheap moment to drop them. Tab records do
  // not outlive the session whose tab ids they name.
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
      (error: unknown) => failureReply(request, error),
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

/**
 * The resolved profiles, derived from storage and cached only until storage changes; a restarted
 * worker simply resolves them again.
 */
function cachedProfiles(profileSettings: BrowserProfileSettings): () => Promise<ResolvedProfiles> {
  let profilesCache: Promise<ResolvedProfiles> | null = null;
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'local' || area === 'managed') profilesCache = null;
  });
  return () => {
    profilesCache ??= profileSettings.loadProfiles().catch((error: unknown) => {
      profilesCache = null;
      throw error;
    });
    return profilesCache;
  };
}

/** Tabs open on a configured LMS origin, most recently used first. */
async function listLmsTabs(currentProfiles: () => Promise<ResolvedProfiles>) {
  const { profiles } = await currentProfiles();
  const tabs = await browser.tabs.query({ url: [...new Set(profiles.flatMap((p) => p.origins))] });
  return tabs
    .filter((tab): tab is typeof tab & { id: number; url: string } => tab.id !== undefined && !!tab.url)
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
}

/** A bodiless request for the `Date` header: no cookies, no cache, nothing about the trainee. */
async function sampleServerClock(origin: string): Promise<ClockSample | null> {
  const sentAt = Date.now();
  const response = await fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store', credentials: 'omit' });
  const receivedAt = Date.now();
  const serverTime = parseHttpDate(response.headers.get('date'));
  return serverTime === null ? null : { sentAt, receivedAt, serverTime, resolutionMs: 1000 };
}

function failureReply(request: BackgroundRequest, error: unknown): Reply<unknown> {
  if (!(error instanceof ProtocolFailure)) {
    // The request type and the error's name only: request contents (PINs, codes) are never logged.
    console.error('[checkpoint-companion] request failed', request.type, (error as Error)?.name);
  }
  return { ok: false, error: toProtocolError(error) };
}
