import type { Browser, CDPSession, Page } from 'puppeteer-core';
import type { ExtensionBrowser } from '../browsers';
import { CHECKPOINT_PATH, COURSE_PATH, delay, withTimeout } from './lms';
import { stopServiceWorker, timeRequests } from './round-trip';

/**
 * Heap figures over CDP (Chromium only: Firefox exposes no heap figures over WebDriver BiDi).
 * - the page's V8 heap after a forced GC (`Runtime.getHeapUsage`, used bytes), with and without
 *   the extension, alternating: the content script runs in an isolated world of the page's
 *   isolate, so the difference is what it keeps alive. The overlay is a cross-origin frame in its
 *   own process and is not part of it.
 * - the background service worker's heap, attached to its target.
 */

export interface MemoryResult {
  readonly coursePage: { readonly withExtension: number[]; readonly without: number[] };
  readonly checkpointPage: { readonly withExtension: number[]; readonly without: number[] };
  /** Service worker heap right after a cold start answered one `status/get`. */
  readonly workerAfterStart: number;
}

async function usedHeap(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

async function pageHeap(page: Page, url: string, settleMs: number): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  await delay(settleMs);
  const session = await page.createCDPSession();
  try {
    return await usedHeap(session);
  } finally {
    await session.detach();
  }
}

export async function measurePageHeaps(
  withExtension: Browser,
  without: Browser,
  lmsUrl: string,
  { runs, settleMs }: { runs: number; settleMs: number },
): Promise<Pick<MemoryResult, 'coursePage' | 'checkpointPage'>> {
  const pages = { with: await withExtension.newPage(), without: await without.newPage() };
  const result = {
    coursePage: { withExtension: [] as number[], without: [] as number[] },
    checkpointPage: { withExtension: [] as number[], without: [] as number[] },
  };
  try {
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
      for (const side of order) {
        const key = side === 'with' ? 'withExtension' : 'without';
        result.coursePage[key].push(await pageHeap(pages[side], `${lmsUrl}${COURSE_PATH}`, settleMs));
        result.checkpointPage[key].push(await pageHeap(pages[side], `${lmsUrl}${CHECKPOINT_PATH}`, settleMs));
      }
    }
  } finally {
    await pages.with.close();
    await pages.without.close();
  }
  return result;
}

/** Stops the worker, wakes it with one request, then reads its heap after a GC. */
export async function measureWorkerHeapAfterStart(ext: ExtensionBrowser): Promise<number> {
  const page = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
  try {
    await delay(300);
    await stopServiceWorker(ext, page);
    await delay(150);
    await timeRequests(page, { type: 'status/get' }, 1);
    return await workerHeap(ext);
  } finally {
    await page.close();
  }
}

/** The background service worker's used heap after a GC. */
export async function workerHeap(ext: ExtensionBrowser): Promise<number> {
  const target = await withTimeout(
    'service worker target',
    5000,
    ext.browser.waitForTarget(
      (candidate) => candidate.type() === 'service_worker' && candidate.url().startsWith(ext.extensionOrigin),
    ),
  );
  const session = await target.createCDPSession();
  try {
    return await usedHeap(session);
  } finally {
    await session.detach();
  }
}
