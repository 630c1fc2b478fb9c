import { HISTORY_PAGE_SIZE } from '../../lib/db/history';
import { EVENT_TYPES, type EventRecord } from '../../lib/db/schema';
import type { BackgroundRequest } from '../../lib/messaging/protocol';

/**
 * The history workload, shared by the browser bench (storage.ts, requests sent to the extension's
 * background) and the Node run (history-node.ts, `handleRequest` called over fake-indexeddb):
 * the synthetic entries, and the requests the options page sends to read and export them.
 */

/** Entries spread over this many courses; one more course is rare (see `RARE_COURSE_EVERY`). */
const COURSES = 40;
/** The rare course has one entry in this many: its latest page must walk most of the log. */
const RARE_COURSE_EVERY = 5000;
export const COMMON_COURSE = 'c105';
export const RARE_COURSE = 'c999';

const KINDS = ['entry', 'session', 'evaluation', 'exam', 'assignment'] as const;
const OUTCOMES = ['success', 'failure', 'notCounted'] as const;

/**
 * The `i`-th of `total` synthetic entries: one a minute, ending an hour before `now` (real entries
 * are newer), every index of the current schema filled as real entries fill it.
 */
export function benchEntry(i: number, total: number, now: number): EventRecord {
  const type = EVENT_TYPES[i % 7 === 0 ? 4 : i % 2 === 0 ? 2 : 3] ?? 'checkpointShown';
  const courseId =
    i % RARE_COURSE_EVERY === 0 ? RARE_COURSE : type === 'pinFailed' ? null : `c${101 + (i % COURSES)}`;
  return {
    at: now - 3_600_000 - total * 60_000 + i * 60_000,
    type,
    profileId: 'demo-lms',
    courseId,
    kind: courseId ? (KINDS[i % KINDS.length] ?? null) : null,
    method: type === 'codeSubmitted' ? (i % 3 === 0 ? 'app' : 'webOtp') : null,
    outcome: type === 'codeSubmitted' ? (OUTCOMES[i % OUTCOMES.length] ?? null) : null,
    attemptsLeft: type === 'checkpointShown' ? null : 5 - (i % 5),
  };
}

/** Entries `from` to `to` (exclusive) of `total`. */
export function benchEntries(from: number, to: number, total: number, now: number): EventRecord[] {
  return Array.from({ length: to - from }, (_, k) => benchEntry(from + k, total, now));
}

const latestPage = (courseId: string | null): BackgroundRequest => ({
  type: 'history/page',
  courseId,
  before: null,
  limit: HISTORY_PAGE_SIZE,
});

/** The requests timed, as the options page sends them. */
export const HISTORY_REQUESTS = {
  latest: latestPage(null),
  latestCourse: latestPage(COMMON_COURSE),
  latestRareCourse: latestPage(RARE_COURSE),
  exportCsv: { type: 'history/export', format: 'csv', courseId: null },
  exportJson: { type: 'history/export', format: 'json', courseId: null },
} as const satisfies Record<string, BackgroundRequest>;

export interface HistoryTimings {
  /** Newest 50 of all courses: the first request after seeding, then repeated. */
  readonly latestFirstMs: number;
  readonly latestMs: number[];
  /** Newest 50 of one course (of 40), and of a course with 0.02% of the entries. */
  readonly latestCourseMs: number[];
  readonly latestRareCourseMs: number[];
  /** A full export, read and built by the background. */
  readonly exportCsvMs: number[];
  readonly exportJsonMs: number[];
  readonly csvBytes: number;
  readonly jsonBytes: number;
}

/** How a run reaches the background: times `count` of one request, or measures one export's size. */
export interface HistoryChannel {
  time(request: BackgroundRequest, count: number): Promise<number[]>;
  exportBytes(request: BackgroundRequest): Promise<number>;
  /** Lets the storage engine settle after the writes (compaction) before the repeated requests. */
  settle(): Promise<void>;
}

/** Times every history request through `channel`, warming each query up first. */
export async function timeHistory(
  channel: HistoryChannel,
  { repeats, exports }: { repeats: number; exports: number },
): Promise<HistoryTimings> {
  const [latestFirstMs] = await channel.time(HISTORY_REQUESTS.latest, 1);
  await channel.settle();
  await channel.time(HISTORY_REQUESTS.latest, 3);
  await channel.time(HISTORY_REQUESTS.latestCourse, 3);
  return {
    latestFirstMs: latestFirstMs ?? Number.NaN,
    latestMs: await channel.time(HISTORY_REQUESTS.latest, repeats),
    latestCourseMs: await channel.time(HISTORY_REQUESTS.latestCourse, repeats),
    latestRareCourseMs: await channel.time(HISTORY_REQUESTS.latestRareCourse, 3),
    exportCsvMs: await channel.time(HISTORY_REQUESTS.exportCsv, exports),
    exportJsonMs: await channel.time(HISTORY_REQUESTS.exportJson, exports),
    csvBytes: await channel.exportBytes(HISTORY_REQUESTS.exportCsv),
    jsonBytes: await channel.exportBytes(HISTORY_REQUESTS.exportJson),
  };
}
