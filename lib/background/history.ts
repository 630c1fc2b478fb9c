/** The trainee's own history, as the options page reads, exports and deletes it. */

import {
  deleteAllHistory,
  HISTORY_PAGE_SIZE,
  historyToCsv,
  historyToJson,
  purgeExpiredHistory,
  readAllHistory,
  readCourseTitles,
  readHistoryPage,
} from '../db/history';
import type { HandlersFor } from './handlers';

export const historyHandlers: HandlersFor<'history/page' | 'history/export' | 'history/delete'> = {
  'history/page': async ({ courseId, before, limit }, _sender, deps) => {
    await purgeExpiredHistory(deps.db, deps.now());
    return readHistoryPage(deps.db, { courseId, before, limit: limit || HISTORY_PAGE_SIZE });
  },

  'history/export': async ({ format, courseId }, _sender, deps) => {
    const entries = await readAllHistory(deps.db, courseId);
    const titles = await readCourseTitles(deps.db);
    const stamp = new Date(deps.now()).toISOString().slice(0, 10);
    const name = `checkpoint-history-${courseId ? `${courseId}-` : ''}${stamp}`;
    return format === 'csv'
      ? {
          filename: `${name}.csv`,
          mimeType: 'text/csv;charset=utf-8',
          content: historyToCsv(entries, titles),
        }
      : { filename: `${name}.json`, mimeType: 'application/json', content: historyToJson(entries, titles) };
  },

  'history/delete': async (_request, _sender, deps) => ({ deleted: await deleteAllHistory(deps.db) }),
};
