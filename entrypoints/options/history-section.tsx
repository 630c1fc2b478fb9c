import { useCallback, useEffect, useState } from 'react';
import { describeError, protocolErrorFromRejection } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import type { HistoryCursor } from '@/lib/db/history';
import { HISTORY_PAGE_SIZE } from '@/lib/db/history';
import type { EventRecord } from '@/lib/db/schema';
import { askBackground } from '@/lib/messaging/client';
import type { ProtocolError } from '@/lib/messaging/protocol';

function cursorAfter(entry: EventRecord | undefined): HistoryCursor | null {
  return entry?.id === undefined ? null : { at: entry.at, id: entry.id };
}

/** The trainee's own history: a timeline, filtered by course, exported as CSV or JSON, deletable. */
export function HistorySection({ refreshKey }: { refreshKey: unknown }) {
  const { t, language } = useI18n();
  const [courseId, setCourseId] = useState<string | null>(null);
  const [entries, setEntries] = useState<readonly EventRecord[]>([]);
  const [courses, setCourses] = useState<readonly string[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async (course: string | null, before: HistoryCursor | null, append: boolean) => {
    try {
      const page = await askBackground({
        type: 'history/page',
        courseId: course,
        before,
        limit: HISTORY_PAGE_SIZE,
      });
      setEntries((current) => (append ? [...current, ...page.entries] : page.entries));
      setCourses(page.courses);
      setHasMore(page.hasMore);
      setError(null);
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  }, []);

  // Reloaded when the course filter changes, and when the page's state does (a registration or a
  // deletion adds entries while the page is open).
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey only triggers the reload
  useEffect(() => {
    void load(courseId, null, false);
  }, [courseId, load, refreshKey]);

  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const file = await askBackground({ type: 'history/export', format, courseId });
      const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  const removeAll = async () => {
    if (!window.confirm(t('historyDeleteConfirm'))) return;
    try {
      const { deleted } = await askBackground({ type: 'history/delete' });
      setNotice(t('historyDeleted', { count: deleted }));
      await load(courseId, null, false);
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  const formatTime = (at: number) =>
    new Date(at).toLocaleString(language === 'ko' ? 'ko-KR' : 'en-GB', {
      dateStyle: 'short',
      timeStyle: 'medium',
    });

  return (
    <section className="card stack" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      <p className="hint">{t('historyRetention')}</p>
      <div className="row history__tools">
        <label>
          {t('historyFilterCourse')}{' '}
          <select
            value={courseId ?? ''}
            data-testid="history-course"
            onChange={(event) => setCourseId(event.target.value || null)}
          >
            <option value="">{t('historyAllCourses')}</option>
            {courses.map((course) => (
              <option key={course} value={course}>
                {course}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void exportAs('csv')} data-testid="export-csv">
          {t('exportCsv')}
        </button>
        <button type="button" onClick={() => void exportAs('json')} data-testid="export-json">
          {t('exportJson')}
        </button>
        <button type="button" className="danger" onClick={() => void removeAll()}>
          {t('historyDelete')}
        </button>
      </div>
      {error && (
        <p className="error-box" role="alert">
          {describeError(t, error)}
        </p>
      )}
      <div role="status" aria-live="polite">
        {notice && <p className="success-box">{notice}</p>}
      </div>
      {entries.length === 0 ? (
        <p className="muted">{t('historyEmpty')}</p>
      ) : (
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
                <td>{formatTime(entry.at)}</td>
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
      )}
      {hasMore && (
        <button type="button" onClick={() => void load(courseId, cursorAfter(entries.at(-1)), true)}>
          {t('historyMore')}
        </button>
      )}
    </section>
  );
}
