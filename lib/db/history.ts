// Types and pure helpers only: the options page imports this module's constants, and a value
// import of the repositories would bundle Dexie into it.
import { type CourseTitle, titleOf } from './course-titles';
import type { CompanionDb, CourseRecord, EventRecord, EventType } from './schema';

/** History entries older than this are deleted (the trainee's own log; docs/rules.md). */
export const HISTORY_RETENTION_MS = 365 * 24 * 3_600_000;
export const HISTORY_PAGE_SIZE = 50;

export interface HistoryPage {
  readonly entries: readonly EventRecord[];
  /** Pass the last entry's `at` as `before` to get the next page. */
  readonly hasMore: boolean;
  /** Course ids that appear in the history, for the filter. */
  readonly courses: readonly string[];
  /** The titles kept for the history's courses (first seen), to show instead of their ids. */
  readonly courseTitles: readonly CourseTitle[];
}

/** Where a page ended: the last entry shown. Entries of one transaction share `at`, so `id` breaks ties. */
export interface HistoryCursor {
  readonly at: number;
  readonly id: number;
}

/**
 * The newest entries first, optionally for one course, older than `before`. Reads one page
 * through an index, so the time does not grow with the size of the history.
 */
export async function readHistoryPage(
  db: CompanionDb,
  { courseId, before, limit }: { courseId: string | null; before: HistoryCursor | null; limit: number },
): Promise<HistoryPage> {
  const upper = before?.at ?? Number.MAX_SAFE_INTEGER;
  const collection = courseId
    ? db.events.where('[courseId+at]').between([courseId, 0], [courseId, upper], true, true)
    : db.events.where('at').belowOrEqual(upper);
  // Index order is (at, id): walking it backwards, skip what the previous page already showed.
  const rows = await collection
    .reverse()
    .filter((entry) => before === null || entry.at < before.at || (entry.id ?? 0) < before.id)
    .limit(limit + 1)
    .toArray();
  return {
    entries: rows.slice(0, limit),
    hasMore: rows.length > limit,
    courses: await historyCourses(db),
    courseTitles: await readCourseTitles(db),
  };
}

/**
 * The course ids in the history, by seeking past each one with a key cursor. Not Dexie's
 * `uniqueKeys()`: Chromium answers its 'nextunique' cursor by walking every entry of the index,
 * 0.5–0.6 s at 100,000 entries (`npm run bench`), against under 10 ms for 40 seeks.
 */
export async function historyCourses(db: CompanionDb): Promise<string[]> {
  if (!db.isOpen()) await db.open();
  const index = db.backendDB().transaction('events', 'readonly').objectStore('events').index('courseId');
  return new Promise((resolve, reject) => {
    const courses: string[] = [];
    const request = index.openKeyCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) {
        resolve(courses);
        return;
      }
      if (typeof cursor.key !== 'string') {
        cursor.continue();
        return;
      }
      courses.push(cursor.key);
      // The smallest string after this key: the cursor lands on the next course id.
      cursor.continue(`${cursor.key}\u0000`);
    };
  });
}

/** Every course title kept: one per course a checkpoint showed, a small table. */
export async function readCourseTitles(db: CompanionDb): Promise<CourseTitle[]> {
  const records: CourseRecord[] = await db.courses.toArray();
  return records.map(({ profileId, courseId, title }) => ({ profileId, courseId, title }));
}

export async function readAllHistory(db: CompanionDb, courseId: string | null): Promise<EventRecord[]> {
  const collection = courseId
    ? db.events.where('[courseId+at]').between([courseId, 0], [courseId, Number.MAX_SAFE_INTEGER])
    : db.events.orderBy('at');
  return collection.toArray();
}

/** The entries of one type written after `since`, oldest first. */
export function readEventsSince(db: CompanionDb, type: EventType, since: number): Promise<EventRecord[]> {
  return db.events
    .where('at')
    .above(since)
    .filter((event) => event.type === type)
    .toArray();
}

/** Deletes the whole history, with the course titles it named; returns how many entries there were. */
export async function deleteAllHistory(db: CompanionDb): Promise<number> {
  return db.transaction('rw', ['events', 'courses'], async () => {
    const deleted = await db.events.count();
    await db.events.clear();
    await db.courses.clear();
    return deleted;
  });
}

/** Deletes entries older than the retention period; returns how many. */
export function purgeExpiredHistory(db: CompanionDb, now: number): Promise<number> {
  return db.events
    .where('at')
    .below(now - HISTORY_RETENTION_MS)
    .delete();
}

const CSV_COLUMNS = [
  'at',
  'type',
  'profileId',
  'courseId',
  'courseTitle',
  'kind',
  'session',
  'method',
  'outcome',
  'attemptsLeft',
  'skewSeconds',
] as const;

/** An entry as exported: its course's title beside its id. */
type ExportedEntry = EventRecord & { readonly courseTitle: string | null };

function withTitles(entries: readonly EventRecord[], titles: readonly CourseTitle[]): ExportedEntry[] {
  return entries.map((entry) => ({
    ...entry,
    courseTitle: titleOf(titles, entry.courseId, entry.profileId),
  }));
}

/** CSV with an ISO time column; a UTF-8 BOM so spreadsheet programs read Korean correctly. */
export function historyToCsv(history: readonly EventRecord[], titles: readonly CourseTitle[] = []): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of withTitles(history, titles)) {
    lines.push(
      CSV_COLUMNS.map((column) => {
        const value = column === 'at' ? new Date(entry.at).toISOString() : entry[column];
        return csvCell(value === null || value === undefined ? '' : String(value));
      }).join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function historyToJson(history: readonly EventRecord[], titles: readonly CourseTitle[] = []): string {
  return JSON.stringify(
    withTitles(history, titles).map(({ id: _id, ...entry }) => ({
      ...entry,
      at: new Date(entry.at).toISOString(),
    })),
    null,
    2,
  );
}

function csvCell(value: string): string {
  // Quote when needed, and defuse spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
