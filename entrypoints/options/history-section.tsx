import { describeError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { titleOf } from '@/lib/db/course-titles';
import { HistoryTable } from './history-table';
import { useHistory } from './use-history';

/** The trainee's own history: a timeline, filtered by course, exported as CSV or JSON, deletable. */
export function HistorySection({ refreshKey }: { refreshKey: unknown }) {
  const { t } = useI18n();
  const history = useHistory(refreshKey);
  const { courseId, entries, error, notice } = history;

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
            onChange={(event) => history.setCourseId(event.target.value || null)}
          >
            <option value="">{t('historyAllCourses')}</option>
            {history.courses.map((course) => (
              <option key={course} value={course}>
                {titleOf(history.courseTitles, course) ?? course}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void history.exportAs('csv')} data-testid="export-csv">
          {t('exportCsv')}
        </button>
        <button type="button" onClick={() => void history.exportAs('json')} data-testid="export-json">
          {t('exportJson')}
        </button>
        <button type="button" className="danger" onClick={() => void history.removeAll()}>
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
        <HistoryTable entries={entries} courseTitles={history.courseTitles} />
      )}
      {history.hasMore && (
        <button type="button" onClick={history.loadMore}>
          {t('historyMore')}
        </button>
      )}
    </section>
  );
}
