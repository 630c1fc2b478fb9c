import puppeteer from 'puppeteer-core';
import { GECKO_ID } from '../../wxt.config';
import { extensionBuildDir } from '../browsers';
import { delay } from './lms';
import { timeRequests } from './round-trip';

/**
 * Firefox runs the background as an event page, which WebDriver BiDi can neither see nor stop.
 * Firefox suspends it by itself once idle (`extensions.background.idle.timeout`, 30 s by
 * default): this separate, short-lived Firefox sets that to 1 s, waits until the background page
 * is gone from `extension.getViews()` and then times one `status/get`, which starts it again.
 * Its own instance, because a 1 s idle timeout would cold-start the background in the middle
 * of the other measurements.
 */

const IDLE_TIMEOUT_MS = 1000;
/** Any fixed UUID: the bench's own moz-extension address for this instance. */
const UUID = '6a1e2f3b-0c4d-4e5f-8a9b-1c2d3e4f5a6b';

export async function measureFirefoxCold(samples: number): Promise<number[]> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      'extensions.background.idle.timeout': IDLE_TIMEOUT_MS,
      'intl.locale.requested': 'ko-KR',
    },
  });
  try {
    await browser.installExtension(extensionBuildDir('firefox'));
    const page = await browser.newPage();
    await page.goto(`moz-extension://${UUID}/popup.html`, { waitUntil: 'networkidle0' });
    const backgroundRunning = () =>
      page.evaluate(() => {
        const api = (globalThis as { browser?: { extension: { getViews(): Window[] } } }).browser;
        return (api?.extension.getViews() ?? []).some((view) =>
          view.location.pathname.includes('background'),
        );
      });
    await timeRequests(page, { type: 'status/get' }, 2);
    const durations: number[] = [];
    for (let i = 0; i < samples; i++) {
      const deadline = Date.now() + IDLE_TIMEOUT_MS * 5;
      while (await backgroundRunning()) {
        if (Date.now() > deadline) throw new Error('the Firefox background page was not suspended');
        await delay(50);
      }
      durations.push(...(await timeRequests(page, { type: 'status/get' }, 1)));
    }
    return durations;
  } finally {
    await browser.close();
  }
}
