import type { HistoryCursor } from '@/lib/db/history';
import type { EventRecord } from '@/lib/db/schema';

/** Where the next page of history starts: after the last entry shown (null before any is stored). */
export function cursorAfter(entry: EventRecord | undefined): HistoryCursor | null {
  return entry?.id === undefined ? null : { at: entry.at, id: entry.id };
}
