import puppeteer, { type Browser } from 'puppeteer-core';
import type { BrowserName } from '../browsers';

/**
 * The same browser build as `launchWithExtension` (scripts/browsers.ts), with the same flags and
 * extensions enabled, but without the extension: the baseline of the page-overhead comparison.
 * Keep the flags in step with scripts/browsers.ts.
 */
export async function launchPlain(name: BrowserName): Promise<Browser> {
  if (name === 'chromium') {
    return puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      headless: true,
      pipe: true,
      // Extensions enabled but none loaded: the only difference is ours.
      enableExtensions: true,
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
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'intl.locale.requested': 'ko-KR' },
  });
}
