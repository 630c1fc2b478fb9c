import { useI18n } from '@/components/i18n';
import type { EventRecord } from '@/lib/db/schema';
import { formatDateTime } from '@/lib/i18n/dates';

/** The timeline: when, what happened (with how and the clock's skew), where, and the outcome. */
export function HistoryTable({ entries }: { entries: readonly EventRecord[] }) {
  const { t, language } = useI18n();
  return (
    <table className="history" data-testid="history-table">
      <thead>
        <tr>
          <th scope="col">{t('historyTime')}</th>
          <th scope="col">{t('historyEvent')}</th>
          <th scope="col">{t('historyFilterCourse')}</th>
          <th scope="col">{t('historyResult')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id} data-type={entry.type} data-outcome={entry.outcome ?? ''}>
            <td>{formatDateTime(entry.at, language, { seconds: true })}</td>
            <td>
              {t(`event_${entry.type}`)}
              {entry.kind && ` · ${t(`kind_${entry.kind}`)}`}
              {entry.method && ` · ${t(`method_${entry.method}`)}`}
              {entry.skewSeconds != null && ` · ${t('historySkew', { seconds: entry.skewSeconds })}`}
            </td>
            <td>
              {entry.courseId ?? ''}
              {entry.session != null && ` · ${t('sessionLabel', { session: entry.session })}`}
            </td>
            <td>
              {entry.outcome && t(`outcome_${entry.outcome}`)}
              {entry.attemptsLeft != null && ` · ${t('codeAttemptsLeft', { count: entry.attemptsLeft })}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
