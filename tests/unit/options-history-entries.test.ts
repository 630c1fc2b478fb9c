import { describe, expect, it } from 'vitest';
import { cursorAfter } from '@/entrypoints/options/history-entries';
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
