import { useI18n } from '@/components/i18n';
import type { CourseTitle } from '@/lib/db/course-titles';
import type { EventRecord } from '@/lib/db/schema';
import { formatDateTime } from '@/lib/i18n/dates';
import { historyCourse, historySentence } from './history-entries';

/** The timeline: when, what happened (one sentence), and in which course. */
export function HistoryTable({
  entries,
  courseTitles,
}: {
  entries: readonly EventRecord[];
  courseTitles: readonly CourseTitle[];
}) {
  const { t, language } = useI18n();
  return (
    <table className="history" data-testid="history-table">
      <thead>
        <tr>
          <th scope="col">{t('historyTime')}</th>
          <th scope="col">{t('historyEvent')}</th>
          <th scope="col">{t('historyFilterCourse')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id} data-type={entry.type} data-outcome={entry.outcome ?? ''}>
            <td>{formatDateTime(entry.at, language, { seconds: true })}</td>
            <td>{historySentence(t, entry)}</td>
            <td data-course-id={entry.courseId ?? ''}>{historyCourse(t, entry, courseTitles)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
