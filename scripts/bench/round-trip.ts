import type { Page } from 'puppeteer-core';
import { PBKDF2_ITERATIONS } from '../../lib/crypto/pin-wrap';
import type { ExtensionBrowser } from '../browsers';
import { BENCH_PIN, delay, type RuntimeApi } from './lms';

/**
 * Background round trips from an extension page (the popup page opened in a tab: it may send both
 * `status/get` and `webOtp/code`, and sends nothing by itself after loading). Every sample is one
 * `runtime.sendMessage` awaited in the page, timed with the page's `performance.now()`.
 */

export interface RoundTrips {
  readonly statusWarm: number[];
  /** Empty where the background cannot be stopped from the bench (see `coldNote`). */
  readonly statusCold: number[];
  readonly coldNote: string;
  readonly webOtpWarm: number[];
  /** PBKDF2-SHA-256 with the extension's iteration count, derived alone in the same extension page: the floor of `webOtp/code`. */
  readonly pbkdf2Alone: number[];
}

/** Sends `count` requests one after another in the page and returns each one's duration. */
export function timeRequests(page: Page, message: unknown, count: number): Promise<number[]> {
  return page.evaluate(
    async (request, n: number) => {
      const scope = globalThis as { browser?: RuntimeApi; chrome?: RuntimeApi };
      const api = (scope.browser ?? scope.chrome) as RuntimeApi;
      const durations: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        const reply = (await api.runtime.sendMessage(request)) as
          | { ok?: boolean; error?: unknown }
          | undefined;
        durations.push(performance.now() - start);
        if (!reply?.ok) throw new Error(`request failed: ${JSON.stringify(reply)}`);
      }
      return durations;
    },
    message as never,
    count,
  );
}

/**
 * The PIN check's key derivation on its own, with the parameters of lib/crypto/pin-wrap, and a
 * fresh salt each time: Firefox's NSS caches the result for a repeated password and salt.
 */
function timePbkdf2(page: Page, count: number): Promise<number[]> {
  return page.evaluate(
    async (n: number, iterations: number) => {
      const durations: number[] = [];
      for (let i = 0; i < n; i++) {
        const salt = crypto.getRandomValues(new Uint8Array(16));
        const start = performance.now();
        const material = await crypto.subtle.importKey(
          'raw',
          new TextEncoder().encode('4821'),
          'PBKDF2',
          false,
          ['deriveKey'],
        );
        await crypto.subtle.deriveKey(
          { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
          material,
          { name: 'AES-GCM', length: 256 },
          false,
          ['decrypt'],
        );
        durations.push(performance.now() - start);
      }
      return durations;
    },
    count,
    PBKDF2_ITERATIONS,
  );
}

function serviceWorkerRunning(ext: ExtensionBrowser): boolean {
  return ext.browser
    .targets()
    .some((target) => target.type() === 'service_worker' && target.url().startsWith(ext.extensionOrigin));
}

/** Chromium: stops the extension's service worker over CDP and waits until its target is gone. */
export async function stopServiceWorker(ext: ExtensionBrowser, page: Page): Promise<void> {
  const session = await page.createCDPSession();
  try {
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
    const deadline = Date.now() + 3000;
    while (serviceWorkerRunning(ext)) {
      if (Date.now() > deadline) throw new Error('the service worker did not stop');
      await delay(10);
    }
  } finally {
    await session.detach();
  }
}

export async function measureRoundTrips(
  ext: ExtensionBrowser,
  counts: {
    warmup: number;
    warm: number;
    cold: number;
    webOtpWarmup: number;
    webOtp: number;
    pbkdf2: number;
  },
): Promise<RoundTrips> {
  const page = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
  try {
    await delay(300);
    const status = { type: 'status/get' };
    await timeRequests(page, status, counts.warmup);
    const statusWarm = await timeRequests(page, status, counts.warm);

    const statusCold: number[] = [];
    let coldNote = '';
    if (ext.name === 'chromium') {
      for (let i = 0; i < counts.cold; i++) {
        await stopServiceWorker(ext, page);
        // Let the stop settle, so the request starts the worker rather than racing its shutdown.
        await delay(150);
        statusCold.push(...(await timeRequests(page, status, 1)));
        await delay(50);
      }
      coldNote = 'service worker stopped over CDP (ServiceWorker.stopAllWorkers) before each request';
    } else {
      coldNote = 'measured in a separate Firefox (see firefox-cold.ts)';
    }

    const code = { type: 'webOtp/code', pin: BENCH_PIN };
    await timeRequests(page, code, counts.webOtpWarmup);
    const webOtpWarm = await timeRequests(page, code, counts.webOtp);
    await timePbkdf2(page, 1);
    const pbkdf2Alone = await timePbkdf2(page, counts.pbkdf2);
    return { statusWarm, statusCold, coldNote, webOtpWarm, pbkdf2Alone };
  } finally {
    await page.close();
  }
}
