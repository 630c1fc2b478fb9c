import puppeteer, { type Browser } from 'puppeteer-core';
import type { BrowserName } from '../browsers';

/**
 * The same browser build as `launchWithExtension` (scripts/browsers.ts), with the same flags and
 * extensions enabled, but without our extension: with no extension at all (the baseline of the
 * page-overhead comparison), or with the one in `extensionDir` (the control). Keep the flags in
 * step with scripts/browsers.ts.
 */
export async function launchPlain(name: BrowserName, extensionDir?: string): Promise<Browser> {
  if (name === 'chromium') {
    return puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      headless: true,
      pipe: true,
      // Extensions enabled either way: the only difference is the extension loaded.
      enableExtensions: extensionDir ? [extensionDir] : true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--lang=ko-KR',
      ],
    });
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'intl.locale.requested': 'ko-KR' },
  });
  if (extensionDir) await browser.installExtension(extensionDir);
  return browser;
}
