import type { Page } from 'puppeteer-core';
import { HISTORY_PAGE_SIZE } from '../../lib/db/history';
import { DATABASE_NAME, EVENT_TYPES } from '../../lib/db/schema';
import type { ExtensionBrowser } from '../browsers';
import { defineNameHelper, delay, sendFromPage } from './lms';
import { timeRequests } from './round-trip';

/**
 * The history log at 100,000 entries. Entries are written straight into the extension's own
 * Dexie database (`events` of lib/db/schema.ts) from an extension page with raw IndexedDB, in a
 * few large transactions, so every index of the current schema is maintained. Then:
 * - the latest page (50 newest), all courses and one course;
 * - a full export to CSV and to JSON, read in `at` order.
 * These run directly on IndexedDB in the page. When the background answers `history/page` and
 * `history/export` (lib/messaging/protocol.ts), the same two are also timed through it.
 */

/** Entries spread over this many courses; one more course is rare (see `RARE_COURSE_EVERY`). */
const COURSES = 40;
/** The rare course has one entry in this many: its latest page must walk most of the log. */
const RARE_COURSE_EVERY = 5000;
export const COMMON_COURSE = 'c105';
export const RARE_COURSE = 'c999';

export interface StorageResult {
  readonly entries: number;
  readonly transactions: number;
  readonly insertMs: number;
  /** Newest 50 of all courses: the first query after seeding on a new connection, then repeated. */
  readonly latestFirstMs: number;
  readonly latestMs: number[];
  /** Newest 50 of one course (of 40), and of a course with 0.02% of the entries. */
  readonly latestCourseMs: number[];
  readonly latestRareCourseMs: number[];
  readonly coursePath: PagePath;
  readonly exportReadMs: number[];
  readonly exportCsvMs: number[];
  readonly exportJsonMs: number[];
  readonly csvBytes: number;
  readonly jsonBytes: number;
  /** Present when the background implements the history requests. */
  readonly viaBackground: {
    readonly pageMs: number[];
    readonly exportCsvMs: number[];
    readonly exportJsonMs: number[];
  } | null;
}

/** Writes `total` synthetic events in transactions of `perTransaction`; returns the time taken. */
function seed(page: Page, total: number, perTransaction: number): Promise<number> {
  return page.evaluate(
    async (args: {
      name: string;
      total: number;
      perTransaction: number;
      types: string[];
      courses: number;
      rareEvery: number;
      rare: string;
    }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(args.name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      if (!db.objectStoreNames.contains('events')) throw new Error('no events store: schema changed?');
      const kinds = ['entry', 'session', 'evaluation', 'exam', 'assignment'];
      const outcomes = ['success', 'failure', 'notCounted'];
      // Spread over the past: one entry a minute, ending an hour ago (real entries are newer).
      const first = Date.now() - 3_600_000 - args.total * 60_000;
      const record = (i: number) => {
        const type = args.types[i % 7 === 0 ? 4 : i % 2 === 0 ? 2 : 3] as string;
        const courseId =
          i % args.rareEvery === 0 ? args.rare : type === 'pinFailed' ? null : `c${101 + (i % args.courses)}`;
        return {
          at: first + i * 60_000,
          type,
          profileId: 'demo-lms',
          courseId,
          kind: courseId ? kinds[i % kinds.length] : null,
          method: type === 'codeSubmitted' ? (i % 3 === 0 ? 'app' : 'webOtp') : null,
          outcome: type === 'codeSubmitted' ? outcomes[i % outcomes.length] : null,
          attemptsLeft: type === 'checkpointShown' ? null : 5 - (i % 5),
        };
      };
      const start = performance.now();
      for (let from = 0; from < args.total; from += args.perTransaction) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('events', 'readwrite');
          const store = tx.objectStore('events');
          const to = Math.min(args.total, from + args.perTransaction);
          for (let i = from; i < to; i++) store.put(record(i));
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      }
      const elapsed = performance.now() - start;
      db.close();
      return elapsed;
    },
    {
      name: DATABASE_NAME,
      total,
      perTransaction,
      types: [...EVENT_TYPES],
      courses: COURSES,
      rareEvery: RARE_COURSE_EVERY,
      rare: RARE_COURSE,
    },
  );
}

/** How a newest-first page was read: the compound index when the schema has it. */
export type PagePath = 'at index' | 'at index, filtered by course' | '[courseId+at] index';

/**
 * Opens one connection (kept on `window`) and times the newest-page query `count` times, as the
 * background's history reader does: newest first, one more than a page (to know whether there
 * are more). All courses: a cursor on `at`. One course: a cursor on `[courseId+at]` when the
 * schema has that index (v2), otherwise on `at`, keeping that course's entries.
 */
function timeLatestPage(
  page: Page,
  courseId: string | null,
  count: number,
  freshConnection: boolean,
): Promise<{ durations: number[]; path: PagePath }> {
  return page.evaluate(
    async (args: { name: string; courseId: string | null; count: number; limit: number; fresh: boolean }) => {
      const holder = window as unknown as { __benchDb?: IDBDatabase };
      if (args.fresh && holder.__benchDb) {
        holder.__benchDb.close();
        holder.__benchDb = undefined;
      }
      const durations: number[] = [];
      let path: PagePath = 'at index';
      for (let run = 0; run < args.count; run++) {
        const start = performance.now();
        if (!holder.__benchDb) {
          holder.__benchDb = await new Promise<IDBDatabase>((resolve, reject) => {
            const request = indexedDB.open(args.name);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
        }
        const db = holder.__benchDb;
        const entries = await new Promise<unknown[]>((resolve, reject) => {
          const found: unknown[] = [];
          const store = db.transaction('events').objectStore('events');
          let request: IDBRequest<IDBCursorWithValue | null>;
          let filter: string | null = null;
          if (args.courseId === null) {
            request = store.index('at').openCursor(null, 'prev');
          } else if (store.indexNames.contains('[courseId+at]')) {
            path = '[courseId+at] index';
            request = store
              .index('[courseId+at]')
              .openCursor(
                IDBKeyRange.bound([args.courseId, 0], [args.courseId, Number.MAX_SAFE_INTEGER]),
                'prev',
              );
          } else {
            path = 'at index, filtered by course';
            filter = args.courseId;
            request = store.index('at').openCursor(null, 'prev');
          }
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const cursor = request.result;
            if (!cursor || found.length > args.limit) {
              resolve(found);
              return;
            }
            if (filter === null || (cursor.value as { courseId: string | null }).courseId === filter) {
              found.push(cursor.value);
            }
            cursor.continue();
          };
        });
        durations.push(performance.now() - start);
        if (entries.length === 0) throw new Error('history page came back empty');
      }
      return { durations, path };
    },
    { name: DATABASE_NAME, courseId, count, limit: HISTORY_PAGE_SIZE, fresh: freshConnection },
  );
}

/** Reads every entry in `at` order, then builds the CSV and the JSON text; times each part. */
function timeExport(
  page: Page,
  count: number,
): Promise<{ read: number[]; csv: number[]; json: number[]; csvBytes: number; jsonBytes: number }> {
  return page.evaluate(
    async (args: { name: string; count: number }) => {
      const holder = window as unknown as { __benchDb?: IDBDatabase };
      const db =
        holder.__benchDb ??
        (await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(args.name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        }));
      holder.__benchDb = db;
      // The same shapes as lib/db/history.ts builds: CSV with an ISO time, a BOM and defused
      // formulas; JSON without ids, ISO times, indented.
      const columns = [
        'at',
        'type',
        'profileId',
        'courseId',
        'kind',
        'session',
        'method',
        'outcome',
        'attemptsLeft',
        'skewSeconds',
      ] as const;
      const cell = (value: unknown) => {
        if (value === null || value === undefined) return '';
        const text = String(value);
        const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
        return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      };
      const read: number[] = [];
      const csv: number[] = [];
      const json: number[] = [];
      let csvBytes = 0;
      let jsonBytes = 0;
      for (let run = 0; run < args.count; run++) {
        let start = performance.now();
        const all = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
          const request = db.transaction('events').objectStore('events').index('at').getAll();
          request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
          request.onerror = () => reject(request.error);
        });
        read.push(performance.now() - start);

        start = performance.now();
        const lines = [columns.join(',')];
        for (const entry of all) {
          lines.push(
            columns
              .map((column) =>
                column === 'at' ? new Date(entry.at as number).toISOString() : cell(entry[column]),
              )
              .join(','),
          );
        }
        const csvText = `\uFEFF${lines.join('\r\n')}\r\n`;
        csv.push(performance.now() - start);
        csvBytes = new TextEncoder().encode(csvText).length;

        start = performance.now();
        const jsonText = JSON.stringify(
          all.map(({ id: _id, ...entry }) => ({ ...entry, at: new Date(entry.at as number).toISOString() })),
          null,
          2,
        );
        json.push(performance.now() - start);
        jsonBytes = new TextEncoder().encode(jsonText).length;
      }
      return { read, csv, json, csvBytes, jsonBytes };
    },
    { name: DATABASE_NAME, count },
  );
}

/** Whether the background already answers `history/page` (the lead's protocol addition). */
async function backgroundHasHistory(page: Page): Promise<boolean> {
  try {
    const reply = await sendFromPage<{ ok?: boolean } | undefined>(page, {
      type: 'history/page',
      courseId: null,
      before: null,
      limit: 1,
    });
    return reply?.ok === true;
  } catch {
    return false;
  }
}

export async function measureStorage(
  ext: ExtensionBrowser,
  {
    entries,
    perTransaction,
    repeats,
    backgroundRepeats,
    exports,
  }: { entries: number; perTransaction: number; repeats: number; backgroundRepeats: number; exports: number },
): Promise<StorageResult> {
  // The options page: the only one the background answers history requests from.
  const page = await ext.openExtensionPage('options.html');
  try {
    await defineNameHelper(page);
    await delay(500);
    // The background has opened (and so created) the Dexie database by now: the popup asked it.
    const insertMs = await seed(page, entries, perTransaction);
    const [latestFirstMs] = (await timeLatestPage(page, null, 1, true)).durations;
    // Let the storage engine settle after 100,000 writes (compaction), and warm up the queries.
    await delay(1000);
    await timeLatestPage(page, null, 3, false);
    await timeLatestPage(page, COMMON_COURSE, 3, false);
    const latestMs = (await timeLatestPage(page, null, repeats, false)).durations;
    const course = await timeLatestPage(page, COMMON_COURSE, repeats, false);
    const rare = await timeLatestPage(page, RARE_COURSE, 3, false);
    const exported = await timeExport(page, exports);

    let viaBackground: StorageResult['viaBackground'] = null;
    if (await backgroundHasHistory(page)) {
      const pageRequest = { type: 'history/page', courseId: null, before: null, limit: HISTORY_PAGE_SIZE };
      await timeRequests(page, pageRequest, 1);
      const pageMs = await timeRequests(page, pageRequest, backgroundRepeats);
      const csvRequest = { type: 'history/export', format: 'csv', courseId: null };
      const jsonRequest = { type: 'history/export', format: 'json', courseId: null };
      const exportCsvMs = await timeRequests(page, csvRequest, exports);
      const exportJsonMs = await timeRequests(page, jsonRequest, exports);
      viaBackground = { pageMs, exportCsvMs, exportJsonMs };
    }
    await page.evaluate(() => (window as unknown as { __benchDb?: IDBDatabase }).__benchDb?.close());
    return {
      entries,
      transactions: Math.ceil(entries / perTransaction),
      insertMs,
      latestFirstMs: latestFirstMs ?? Number.NaN,
      latestMs,
      latestCourseMs: course.durations,
      latestRareCourseMs: rare.durations,
      coursePath: course.path,
      exportReadMs: exported.read,
      exportCsvMs: exported.csv,
      exportJsonMs: exported.json,
      csvBytes: exported.csvBytes,
      jsonBytes: exported.jsonBytes,
      viaBackground,
    };
  } finally {
    await page.close();
  }
}
