import { launchExtension } from './launch';
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

export async function measureFirefoxCold(extensionDir: string, samples: number): Promise<number[]> {
  const ext = await launchExtension('firefox', extensionDir, {
    'extensions.background.idle.timeout': IDLE_TIMEOUT_MS,
  });
  try {
    const page = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
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
    await ext.close();
  }
}
