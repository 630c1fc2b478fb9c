import { toHttpOrigin } from '../registration/http-origin';
import type { BackgroundRequestType } from './protocol';

/** The parts of `runtime.MessageSender` the checks read. */
export interface SenderInfo {
  readonly id?: string;
  readonly url?: string;
  readonly frameId?: number;
  readonly tab?: { readonly id?: number; readonly url?: string; readonly openerTabId?: number };
}

/**
 * Is this the extension's own background? Its service worker (Chromium: `/background.js`) or the
 * page Firefox generates around the background script — not an extension page (the popup, the
 * options tab), which may also message a tab but must go through the background's checks.
 */
export function isBackgroundSender(sender: SenderInfo, extensionId: string): boolean {
  if (sender.id !== extensionId || sender.tab || !sender.url) return false;
  try {
    return /^\/(?:background\.js|_generated_background_page\.html)$/.test(new URL(sender.url).pathname);
  } catch {
    return false;
  }
}

export const EXTENSION_PAGES = ['popup', 'options', 'overlay'] as const;
export type ExtensionPage = (typeof EXTENSION_PAGES)[number];

export type TrustedSender =
  | {
      readonly kind: 'page';
      readonly page: ExtensionPage;
      readonly tabId: number | null;
      readonly tabUrl: string | null;
    }
  | {
      readonly kind: 'content';
      readonly tabId: number;
      /** 0 for the tab's top frame; Firefox's sub-frame ids are large numbers. */
      readonly frameId: number;
      /** The frame's own origin: fills go to it. */
      readonly origin: string;
      /**
       * The tab's address (its top frame's origin), what the trainee sees in the address bar:
       * counts are bound to it, so the LMS's lesson player in a frame of another host and the
       * LMS's own pages share one count, and a look-alike address has counts of its own.
       */
      readonly topOrigin: string;
      /** The tab that opened this one (a checkpoint popup's course page), when the browser says. */
      readonly openerTabId: number | null;
    };

export interface SenderContext {
  readonly extensionId: string;
  /** e.g. `chrome-extension://abc…` or `moz-extension://uuid`, without a trailing slash. */
  readonly extensionOrigin: string;
  readonly isConfiguredOrigin: (origin: string) => boolean;
}

/**
 * Decides who sent a message, trusting only the extension's own contexts: its pages (by URL under
 * the extension's origin) and its content script in any frame whose own origin is a configured LMS
 * origin (checkpoints live in popups and player iframes). Anything else — another extension, a web
 * page, a frame of an origin no profile names — is null.
 */
export function classifySender(sender: SenderInfo, context: SenderContext): TrustedSender | null {
  if (sender.id !== context.extensionId || !sender.url) return null;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return null;
  }
  if (url.origin === context.extensionOrigin || sender.url.startsWith(`${context.extensionOrigin}/`)) {
    const page = EXTENSION_PAGES.find((name) => url.pathname === `/${name}.html`);
    if (!page) return null;
    return { kind: 'page', page, tabId: sender.tab?.id ?? null, tabUrl: sender.tab?.url ?? null };
  }
  if (sender.tab?.id === undefined || !Number.isSafeInteger(sender.frameId) || (sender.frameId ?? -1) < 0)
    return null;
  if (!context.isConfiguredOrigin(url.origin)) return null;
  const frameId = sender.frameId ?? 0;
  return {
    kind: 'content',
    tabId: sender.tab.id,
    frameId,
    origin: url.origin,
    topOrigin: (frameId !== 0 && sender.tab.url && toHttpOrigin(sender.tab.url)) || url.origin,
    openerTabId: sender.tab.openerTabId ?? null,
  };
}

/** Which senders may send which request. */
const ALLOWED: Record<BackgroundRequestType, readonly (ExtensionPage | 'content')[]> = {
  'status/get': ['popup', 'options', 'overlay'],
  'registration/save': ['options'],
  'registration/delete': ['options'],
  'registration/choices': ['options'],
  'enrollment/find': ['options'],
  'webOtp/code': ['popup', 'overlay'],
  'checkpoint/context': ['overlay'],
  'checkpoint/submit': ['overlay'],
  'checkpoint/close': ['overlay'],
  'checkpoint/reload': ['overlay'],
  'checkpoint/seen': ['content'],
  'page/observed': ['content'],
  'page/arrived': ['content'],
  'page/profile': ['content'],
  'page/filled': ['content'],
  'attempt/notice': ['overlay'],
  'verifier/reset': ['content'],
  'history/page': ['options'],
  'history/export': ['options'],
  'history/delete': ['options'],
  'profile/get': ['options', 'popup', 'overlay'],
  'profile/import': ['options'],
  'profile/clearImported': ['options'],
  'profile/sync': ['options'],
  'site/enable': ['popup'],
  'site/disable': ['options', 'popup'],
};

export function isAllowed(type: BackgroundRequestType, sender: TrustedSender): boolean {
  const who = sender.kind === 'content' ? 'content' : sender.page;
  if (!ALLOWED[type].includes(who)) return false;
  // The overlay acts on the tab it is shown in; without one it has nothing to act on.
  return !(sender.kind === 'page' && sender.page === 'overlay' && sender.tabId === null);
}
