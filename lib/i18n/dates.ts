import type { Language } from './translate';

/**
 * Every date and time an extension page shows, in one format per language: Korean
 * "2026년 12월 3일 오후 1:24", English "3 December 2026, 1:24 pm". Written from the calendar's
 * numbers rather than by `toLocaleString`, whose Korean and English output differs between
 * Chromium's, Firefox's and Node's ICU (short or long years, "at" or a comma, leading zeros).
 * The time zone is the trainee's own unless given (tests name one).
 */

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export interface DateTimeOptions {
  /** With the seconds (a history entry, a clock), or to the minute (a registration date). */
  readonly seconds?: boolean;
  /** An IANA zone; the runtime's own when absent. */
  readonly timeZone?: string;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(at: number, timeZone: string | undefined): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour') % 24,
    minute: part('minute'),
    second: part('second'),
  };
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

function timeOf(clock: WallClock, language: Language, seconds: boolean): string {
  const hour12 = clock.hour % 12 === 0 ? 12 : clock.hour % 12;
  const tail = seconds ? `:${twoDigits(clock.second)}` : '';
  const time = `${hour12}:${twoDigits(clock.minute)}${tail}`;
  const afternoon = clock.hour >= 12;
  if (language === 'ko') return `${afternoon ? '오후' : '오전'} ${time}`;
  return `${time} ${afternoon ? 'pm' : 'am'}`;
}

/** A moment as date and time: "2026년 12월 3일 오후 1:24" / "3 December 2026, 1:24 pm". */
export function formatDateTime(at: number, language: Language, options: DateTimeOptions = {}): string {
  const clock = wallClock(at, options.timeZone);
  const time = timeOf(clock, language, options.seconds ?? false);
  if (language === 'ko') return `${clock.year}년 ${clock.month}월 ${clock.day}일 ${time}`;
  return `${clock.day} ${MONTHS_EN[clock.month - 1]} ${clock.year}, ${time}`;
}

/** A moment's time of day alone, as `formatDateTime` writes it: "오후 1:24:07" / "1:24:07 pm". */
export function formatTime(at: number, language: Language, options: DateTimeOptions = {}): string {
  return timeOf(wallClock(at, options.timeZone), language, options.seconds ?? false);
}
