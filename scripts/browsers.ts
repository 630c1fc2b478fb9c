import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../wxt.config';

/**
 * Launches real Chromium or Firefox ESR with the built extension loaded, and finds its pages.
 * Browser paths are Debian's (`apt-get install chromium firefox-esr`); override with
 * CHROMIUM_PATH / FIREFOX_PATH.
 */

export const BROWSER_NAMES = ['chromium', 'firefox'] as const;
export type BrowserName = (typeof BROWSER_NAMES)[number];

export const ROOT = path.resolve(import.meta.dirname, '..');
/** A fixed moz-extension UUID, so Firefox extension pages have a known address. */
const FIREFOX_EXTENSION_UUID = '3f1c2b9a-7d64-4e25-9c3e-5a0b8e2d4f17';

export interface ExtensionBrowser {
  readonly name: BrowserName;
  readonly browser: Browser;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  readonly extensionOrigin: string;
  openExtensionPage(pagePath: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export function extensionBuildDir(name: BrowserName): string {
  return path.join(ROOT, '.output', name === 'chromium' ? 'chrome-mv3' : 'firefox-mv3');
}

export interface LaunchOptions {
  readonly headless?: boolean;
  /** Another browser binary than the default (e.g. a copy of Firefox with its own distribution/ folder). */
  readonly executablePath?: string;
  /** The built extension to load; the project's .output build by default. */
  readonly extensionDir?: string;
  /** Extra Firefox preferences (e.g. a shorter background idle timeout for the bench). */
  readonly firefoxPrefs?: Readonly<Record<string, unknown>>;
  /**
   * Leave open the welcome the extension opens at install (options.html?welcome=1). By default it
   * is closed once it appears, as a trainee would: an active tab opened later than the test's own
   * would take its focus (clicks and keys in a background tab go nowhere).
   */
  readonly keepWelcome?: boolean;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=ko-KR',
];

/**
 * Chromium or Firefox ESR as every test and the bench launch it, with the extension in
 * `extensionDir` loaded, or with none (extensions still enabled, so that only the extension
 * differs between browsers the bench compares).
 */
export async function launchBrowser(
  name: BrowserName,
  {
    headless = true,
    executablePath,
    extensionDir,
    firefoxPrefs = {},
    keepWelcome = false,
  }: LaunchOptions = {},
): Promise<Browser> {
  if (name === 'chromium') {
    const chromium = await puppeteer.launch({
      executablePath: executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      headless,
      pipe: true,
      enableExtensions: extensionDir ? [extensionDir] : true,
      args: CHROMIUM_ARGS,
    });
    if (extensionDir && !keepWelcome) await closeWelcome(chromium);
    return chromium;
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: executablePath ?? process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      'intl.locale.requested': 'ko-KR',
      ...firefoxPrefs,
    },
  });
  if (extensionDir) {
    await browser.installExtension(extensionDir);
    if (!keepWelcome) await closeWelcome(browser);
  }
  return browser;
}

/** The page the extension opens at install. */
const WELCOME_PATH = '/options.html?welcome=1';

/**
 * Waits for the install-time welcome and closes it. Firefox reports extension pages as
 * about:blank to puppeteer, so each page is asked where it is.
 */
async function closeWelcome(browser: Browser, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      const href = page.url().startsWith('about:')
        ? await page.evaluate(() => location.href).catch(() => '')
        : page.url();
      if (href.endsWith(WELCOME_PATH)) {
        await page.close();
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // None came (a slow machine, or a build without it): nothing to close. tests/e2e/hrd-any-site
  // asserts that it opens.
}

export async function launchWithExtension(
  name: BrowserName,
  options: LaunchOptions = {},
): Promise<ExtensionBrowser> {
  const browser = await launchBrowser(name, {
    ...options,
    extensionDir: options.extensionDir ?? extensionBuildDir(name),
  });
  let extensionOrigin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  if (name === 'chromium') {
    const worker = await browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().endsWith('/background.js'),
      { timeout: 15_000 },
    );
    // Node's URL gives non-special schemes an opaque origin ('null'): cut the origin by hand.
    extensionOrigin = worker.url().replace(/^(chrome-extension:\/\/[^/]+).*$/, '$1');
  }
  return {
    name,
    browser,
    extensionOrigin,
    async openExtensionPage(pagePath, viewport = { width: 900, height: 900 }) {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      // Firefox never fires `load` for moz-extension pages opened over BiDi; network idle works.
      await page.goto(`${extensionOrigin}/${pagePath}`, {
        waitUntil: name === 'firefox' ? 'networkidle0' : 'load',
      });
      return page;
    },
    close: () => browser.close(),
  };
}

/**
 * Opens `url` in a new tab and returns it with the extension's id for that tab, told apart from
 * the tabs before it: without host access neither browser tells an extension a tab's URL.
 */
export async function openTabWithId(
  ext: ExtensionBrowser,
  url: string,
  newPage: () => Promise<Page> = () => ext.browser.newPage(),
): Promise<{ page: Page; tabId: number }> {
  const probe = await ext.openExtensionPage('popup.html');
  const tabIds = () =>
    probe.evaluate(async () => {
      const scope = globalThis as unknown as {
        browser?: { tabs: { query(filter: object): Promise<{ id?: number }[]> } };
        chrome?: { tabs: { query(filter: object): Promise<{ id?: number }[]> } };
      };
      const api = scope.browser ?? scope.chrome;
      return ((await api?.tabs.query({})) ?? []).map((tab) => tab.id ?? -1);
    });
  const before = new Set(await tabIds());
  const page = await newPage();
  await page.goto(url);
  const tabId = (await tabIds()).find((id) => !before.has(id));
  await probe.close();
  if (tabId === undefined) throw new Error('no new tab');
  return { page, tabId };
}

/**
 * "이 사이트에서 사용" for the site of `tabId`, the way a trainee does it in the popup (opened as a
 * page: the popup asks for the site, looks, then enables it). Needs the browser to grant without
 * its prompt (Firefox: `extensions.webextOptionalPermissionPrompts: false`).
 */
export async function enableSiteFromPopup(
  ext: ExtensionBrowser,
  tabId: number,
  origin: string,
): Promise<void> {
  const popup = await ext.openExtensionPage(`popup.html?tab=${tabId}&origin=${encodeURIComponent(origin)}`, {
    width: 360,
    height: 560,
  });
  await popup.waitForSelector('[data-testid=site-enable]');
  // A click goes only to the tab in front; a tab the browser opened meanwhile may be there.
  await popup.bringToFront();
  await popup.click('[data-testid=site-enable]');
  await popup.waitForSelector('[data-testid=site-disable]');
  await popup.close();
}
