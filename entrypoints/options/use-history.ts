import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { useBackground } from '@/components/use-background';
import type { CourseTitle } from '@/lib/db/course-titles';
import type { HistoryCursor } from '@/lib/db/history';
import { HISTORY_PAGE_SIZE } from '@/lib/db/history';
import type { EventRecord } from '@/lib/db/schema';
import type { HistoryExport } from '@/lib/messaging/protocol';
import { cursorAfter } from './history-entries';

/** Hands a file the background wrote to the browser's download, as if from a link. */
function download(file: HistoryExport) {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The history shown: pages of entries for the chosen course, its export and its deletion. */
export function useHistory(refreshKey: unknown) {
  const { t } = useI18n();
  const [courseId, setCourseId] = useState<string | null>(null);
  const [entries, setEntries] = useState<readonly EventRecord[]>([]);
  const [courses, setCourses] = useState<readonly string[]>([]);
  const [courseTitles, setCourseTitles] = useState<readonly CourseTitle[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const { ask, error } = useBackground();
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (course: string | null, before: HistoryCursor | null, append: boolean) => {
      const reply = await ask({ type: 'history/page', courseId: course, before, limit: HISTORY_PAGE_SIZE });
      if (!reply.ok) return;
      const page = reply.value;
      setEntries((current) => (append ? [...current, ...page.entries] : page.entries));
      setCourses(page.courses);
      setCourseTitles(page.courseTitles);
      setHasMore(page.hasMore);
    },
    [ask],
  );

  // Reloaded when the course filter changes, and when the page's state does (a registration or a
  // deletion adds entries while the page is open).
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey only triggers the reload
  useEffect(() => {
    void load(courseId, null, false);
  }, [courseId, load, refreshKey]);

  const exportAs = async (format: 'csv' | 'json') => {
    const reply = await ask({ type: 'history/export', format, courseId });
    if (reply.ok) download(reply.value);
  };

  const removeAll = async () => {
    if (!window.confirm(t('historyDeleteConfirm'))) return;
    const reply = await ask({ type: 'history/delete' });
    if (!reply.ok) return;
    setNotice(t('historyDeleted', { count: reply.value.deleted }));
    await load(courseId, null, false);
  };

  const loadMore = () => void load(courseId, cursorAfter(entries.at(-1)), true);
  return {
    courseId,
    setCourseId,
    entries,
    courses,
    courseTitles,
    hasMore,
    error,
    notice,
    exportAs,
    removeAll,
    loadMore,
  };
}
