import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { GECKO_ID } from '../../wxt.config';
import { BROWSER_NAMES, type BrowserName, type ExtensionBrowser, extensionBuildDir } from '../browsers';

/**
 * Browsers for the bench, launched like scripts/browsers.ts does (keep the flags in step), but
 * from a snapshot of the build taken when the bench starts: a rebuild of .output/ while the
 * bench runs (another terminal, a watcher) must not change what is measured halfway through.
 */

/** The bench's own fixed moz-extension UUID (any fixed value works). */
const FIREFOX_EXTENSION_UUID = '9b3e6c1d-2f4a-4b8e-a7c5-0d1e2f3a4b5c';

export interface BuildSnapshot {
  readonly dirs: Record<BrowserName, string>;
  dispose(): void;
}

export function snapshotBuilds(): BuildSnapshot {
  const root = mkdtempSync(path.join(tmpdir(), 'cc-bench-build-'));
  const dirs = {} as Record<BrowserName, string>;
  for (const name of BROWSER_NAMES) {
    const source = extensionBuildDir(name);
    dirs[name] = path.join(root, path.basename(source));
    cpSync(source, dirs[name], { recursive: true });
  }
  return { dirs, dispose: () => rmSync(root, { recursive: true, force: true }) };
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
 * Chromium or Firefox ESR with the extension in `extensionDir` loaded, or with none (extensions
 * still enabled, so that only the extension differs between the browsers compared).
 */
export async function launchBrowser(
  name: BrowserName,
  extensionDir?: string,
  firefoxPrefs: Record<string, unknown> = {},
): Promise<Browser> {
  if (name === 'chromium') {
    return puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      headless: true,
      pipe: true,
      enableExtensions: extensionDir ? [extensionDir] : true,
      args: CHROMIUM_ARGS,
    });
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      'intl.locale.requested': 'ko-KR',
      ...firefoxPrefs,
    },
  });
  if (extensionDir) await browser.installExtension(extensionDir);
  return browser;
}

/** Like `launchWithExtension` of scripts/browsers.ts, from the given build directory. */
export async function launchExtension(
  name: BrowserName,
  extensionDir: string,
  firefoxPrefs: Record<string, unknown> = {},
): Promise<ExtensionBrowser> {
  const browser = await launchBrowser(name, extensionDir, firefoxPrefs);
  let extensionOrigin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  if (name === 'chromium') {
    const worker = await browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().endsWith('/background.js'),
      { timeout: 15_000 },
    );
    // Node's URL gives non-special schemes an opaque origin: cut the origin by hand.
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
