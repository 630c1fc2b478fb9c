import type { HistoryCursor } from '@/lib/db/history';
import type { EventRecord } from '@/lib/db/schema';
import type { Language } from '@/lib/i18n/translate';
import { localeOf } from './format';

/** Where the next page of history starts: after the last entry shown (null before any is stored). */
export function cursorAfter(entry: EventRecord | undefined): HistoryCursor | null {
  return entry?.id === undefined ? null : { at: entry.at, id: entry.id };
}

/** An entry's time as the history table shows it: short date, time to the second. */
export function formatHistoryTime(at: number, language: Language): string {
  return new Date(at).toLocaleString(localeOf(language), {
    dateStyle: 'short',
    timeStyle: 'medium',
  });
}
