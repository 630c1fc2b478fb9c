import type { Page } from 'puppeteer-core';
import { DATABASE_NAME, type EventRecord } from '../../lib/db/schema';
import type { BackgroundRequest } from '../../lib/messaging/protocol';
import type { ExtensionBrowser } from '../browsers';
import { benchEntries, type HistoryTimings, timeHistory } from './history-workload';
import { defineNameHelper, delay, sendFromPage } from './lms';
import { timeRequests } from './round-trip';

/**
 * The history log at 100,000 entries. Entries are written straight into the extension's own
 * Dexie database (`events` of lib/db/schema.ts) from an extension page with raw IndexedDB, in a
 * few large transactions, so every index of the current schema is maintained. Then every query
 * is timed as the options page runs it: `history/page` and `history/export` sent to the
 * background, which answers them with the handlers of lib/background.
 */

export { COMMON_COURSE, RARE_COURSE } from './history-workload';

export interface StorageResult extends HistoryTimings {
  readonly entries: number;
  readonly transactions: number;
  readonly insertMs: number;
}

/** Writes `total` synthetic events in transactions of `perTransaction`; returns the time taken. */
async function seed(page: Page, total: number, perTransaction: number): Promise<number> {
  const now = Date.now();
  let elapsed = 0;
  for (let from = 0; from < total; from += perTransaction) {
    const entries = benchEntries(from, Math.min(total, from + perTransaction), total, now);
    elapsed += await putInPage(page, entries);
  }
  return elapsed;
}

/** One read-write transaction of puts in the page; returns its duration. */
function putInPage(page: Page, entries: EventRecord[]): Promise<number> {
  return page.evaluate(
    async (name: string, records: EventRecord[]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      if (!db.objectStoreNames.contains('events')) throw new Error('no events store: schema changed?');
      const start = performance.now();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('events', 'readwrite');
        const store = tx.objectStore('events');
        for (const record of records) store.put(record);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      const elapsed = performance.now() - start;
      db.close();
      return elapsed;
    },
    DATABASE_NAME,
    entries,
  );
}

/** The size in bytes of the export the background answers with. */
async function exportBytesFromPage(page: Page, request: BackgroundRequest): Promise<number> {
  const reply = await sendFromPage<{ ok?: boolean; value?: { content: string } }>(page, request);
  if (!reply.ok || !reply.value) throw new Error(`export failed: ${JSON.stringify(reply)}`);
  return new TextEncoder().encode(reply.value.content).length;
}

export async function measureStorage(
  ext: ExtensionBrowser,
  {
    entries,
    perTransaction,
    repeats,
    exports,
  }: { entries: number; perTransaction: number; repeats: number; exports: number },
): Promise<StorageResult> {
  // The options page: the only one the background answers history requests from.
  const page = await ext.openExtensionPage('options.html');
  try {
    await defineNameHelper(page);
    await delay(500);
    // The background has opened (and so created) the Dexie database by now: the popup asked it.
    const insertMs = await seed(page, entries, perTransaction);
    const timings = await timeHistory(
      {
        time: (request, count) => timeRequests(page, request, count),
        exportBytes: (request) => exportBytesFromPage(page, request),
        settle: () => delay(1000),
      },
      { repeats, exports },
    );
    return { entries, transactions: Math.ceil(entries / perTransaction), insertMs, ...timings };
  } finally {
    await page.close();
  }
}
