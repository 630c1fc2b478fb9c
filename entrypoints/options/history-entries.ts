import type { Translate } from '@/components/i18n';
import { type CourseTitle, titleOf } from '@/lib/db/course-titles';
import type { HistoryCursor } from '@/lib/db/history';
import type { EventRecord } from '@/lib/db/schema';

/** Where the next page of history starts: after the last entry shown (null before any is stored). */
export function cursorAfter(entry: EventRecord | undefined): HistoryCursor | null {
  return entry?.id === undefined ? null : { at: entry.at, id: entry.id };
}

/**
 * What happened, as a sentence the trainee reads: "8회차 본인인증: 웹 OTP로 입력한 인증번호가
 * 틀렸습니다. 남은 횟수는 3회입니다." — the checkpoint, the event with its outcome and how the
 * code was given, and the attempts it left.
 */
export function historySentence(t: Translate, entry: EventRecord): string {
  const checkpoint = entry.kind ? t(`kind_${entry.kind}`) : t('overlayHeading');
  const method = t(`method_${entry.method ?? 'app'}`);
  const line =
    entry.type === 'codeSubmitted' && entry.outcome
      ? t(`historySubmitted_${entry.outcome}`, { method })
      : t(`historyLine_${entry.type}`, { checkpoint, seconds: Math.abs(entry.skewSeconds ?? 0) });
  const left =
    entry.attemptsLeft === null
      ? ''
      : entry.type === 'pinFailed'
        ? t('historyPinAttemptsLeft', { count: entry.attemptsLeft })
        : entry.type === 'codeSubmitted'
          ? t('historyCodeAttemptsLeft', { count: entry.attemptsLeft })
          : '';
  const sentence = left ? `${line} ${left}` : line;
  // A "shown" entry names its checkpoint in the sentence itself.
  return entry.kind && entry.type !== 'checkpointShown'
    ? t('historyAbout', { checkpoint, line: sentence })
    : sentence;
}

/** Where an entry happened: its course by the title kept for it (its id when none is), and the session. */
export function historyCourse(t: Translate, entry: EventRecord, titles: readonly CourseTitle[]): string {
  const course = titleOf(titles, entry.courseId, entry.profileId) ?? entry.courseId ?? '';
  const session = entry.session == null ? '' : t('sessionLabel', { session: entry.session });
  return [course, session].filter(Boolean).join(' · ');
}
