import { describe, expect, it } from 'vitest';
import { localeOf } from '@/entrypoints/options/format';
import { cursorAfter, formatHistoryTime } from '@/entrypoints/options/history-entries';
import type { EventRecord } from '@/lib/db/schema';

const ENTRY: EventRecord = {
  id: 42,
  at: Date.UTC(2026, 2, 1, 9, 5, 7),
  type: 'registered',
  profileId: 'demo',
  courseId: null,
  kind: null,
  method: null,
  outcome: null,
  attemptsLeft: null,
};

describe('cursorAfter', () => {
  it('starts the next page after the last entry shown', () => {
    expect(cursorAfter(ENTRY)).toEqual({ at: ENTRY.at, id: 42 });
  });

  it('has no cursor without an entry, or for one not yet stored', () => {
    expect(cursorAfter(undefined)).toBeNull();
    const { id: _id, ...unstored } = ENTRY;
    expect(cursorAfter(unstored)).toBeNull();
  });
});

describe('dates in the chosen language', () => {
  it('writes Korean dates for Korean and British ones for English', () => {
    expect(localeOf('ko')).toBe('ko-KR');
    expect(localeOf('en')).toBe('en-GB');
  });

  it('shows a history time to the second, as the locale writes it', () => {
    const options = { dateStyle: 'short', timeStyle: 'medium' } as const;
    expect(formatHistoryTime(ENTRY.at, 'en')).toBe(new Date(ENTRY.at).toLocaleString('en-GB', options));
    expect(formatHistoryTime(ENTRY.at, 'ko')).toBe(new Date(ENTRY.at).toLocaleString('ko-KR', options));
    expect(formatHistoryTime(ENTRY.at, 'en')).toMatch(/:07$/);
  });
});
