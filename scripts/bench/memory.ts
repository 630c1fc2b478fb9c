import type { Browser, CDPSession, Page } from 'puppeteer-core';
import type { ExtensionBrowser } from '../browsers';
import { CHECKPOINT_PATH, COURSE_PATH, delay, withTimeout } from './lms';
import { type BySide, roundOrder, SIDES } from './page-overhead';
import { stopServiceWorker, timeRequests } from './round-trip';

/**
 * Heap figures over CDP (Chromium only: Firefox exposes no heap figures over WebDriver BiDi).
 * - the page's V8 heap after a forced GC (`Runtime.getHeapUsage`, used bytes) with the extension,
 *   the control (empty content script) and none, alternating: content scripts run in an isolated
 *   world of the page's isolate, so the difference is what the content script keeps alive, and
 *   the control shows how much of it any isolated world takes. The overlay is a cross-origin
 *   frame in its own process and is not part of it.
 * - the background service worker's heap, attached to its target.
 */

export interface PageHeaps {
  readonly coursePage: BySide<number[]>;
  readonly checkpointPage: BySide<number[]>;
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
  browsers: BySide<Browser>,
  lmsUrl: string,
  { runs, settleMs }: { runs: number; settleMs: number },
): Promise<PageHeaps> {
  const pages = {} as BySide<Page>;
  for (const side of SIDES) pages[side] = await browsers[side].newPage();
  const result: PageHeaps = {
    coursePage: { extension: [], control: [], none: [] },
    checkpointPage: { extension: [], control: [], none: [] },
  };
  try {
    for (let i = 0; i < runs; i++) {
      for (const side of roundOrder(i)) {
        result.coursePage[side].push(await pageHeap(pages[side], `${lmsUrl}${COURSE_PATH}`, settleMs));
        result.checkpointPage[side].push(
          await pageHeap(pages[side], `${lmsUrl}${CHECKPOINT_PATH}`, settleMs),
        );
      }
    }
  } finally {
    for (const side of SIDES) await pages[side].close();
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
