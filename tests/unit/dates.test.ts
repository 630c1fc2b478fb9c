import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime } from '@/lib/i18n/dates';

const SEOUL = { timeZone: 'Asia/Seoul' } as const;
/** 2026-12-03 13:24:07 in Seoul. */
const AFTERNOON = Date.UTC(2026, 11, 3, 4, 24, 7);
/** 2026-03-01 00:05:09 in Seoul: midnight is 오전 12시. */
const MIDNIGHT = Date.UTC(2026, 1, 28, 15, 5, 9);

describe('formatDateTime', () => {
  it('writes one Korean format: year, month, day, 오전/오후 and the time', () => {
    expect(formatDateTime(AFTERNOON, 'ko', SEOUL)).toBe('2026년 12월 3일 오후 1:24');
    expect(formatDateTime(AFTERNOON, 'ko', { ...SEOUL, seconds: true })).toBe('2026년 12월 3일 오후 1:24:07');
    expect(formatDateTime(MIDNIGHT, 'ko', SEOUL)).toBe('2026년 3월 1일 오전 12:05');
  });

  it('writes the English equivalent', () => {
    expect(formatDateTime(AFTERNOON, 'en', SEOUL)).toBe('3 December 2026, 1:24 pm');
    expect(formatDateTime(MIDNIGHT, 'en', { ...SEOUL, seconds: true })).toBe('1 March 2026, 12:05:09 am');
  });

  it("is the trainee's own wall clock: the same moment is another day in another zone", () => {
    expect(formatDateTime(MIDNIGHT, 'ko', { timeZone: 'UTC' })).toBe('2026년 2월 28일 오후 3:05');
    expect(formatDateTime(AFTERNOON, 'ko', { timeZone: 'America/Los_Angeles' })).toBe(
      '2026년 12월 2일 오후 8:24',
    );
  });
});

describe('formatTime', () => {
  it('writes the time of day as formatDateTime does', () => {
    expect(formatTime(AFTERNOON, 'ko', { ...SEOUL, seconds: true })).toBe('오후 1:24:07');
    expect(formatTime(Date.UTC(2026, 11, 3, 3, 0, 0), 'ko', SEOUL)).toBe('오후 12:00');
    expect(formatTime(AFTERNOON, 'en', { ...SEOUL, seconds: true })).toBe('1:24:07 pm');
  });
});

describe('extension pages', () => {
  it('format dates only through lib/i18n/dates', () => {
    const root = join(import.meta.dirname, '..', '..');
    const files = ['entrypoints', 'components'].flatMap((dir) =>
      (readdirSync(join(root, dir), { recursive: true }) as string[])
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => join(dir, file)),
    );
    const local = files.filter((file) =>
      /toLocale(Date|Time)?String|Intl\.DateTimeFormat/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(files.length).toBeGreaterThan(20);
    expect(local).toEqual([]);
  });
});
