/**
 * The history part of the bench without a browser: the same entries and requests as storage.ts,
 * answered by `handleRequest` over fake-indexeddb in Node. Its figures are fake-indexeddb's, not a
 * browser's (for those, `npm run bench`); what it shows is that the background's own history
 * handling answers every request of the workload, and how its cost grows with the log.
 *
 *   npx tsx scripts/bench/history-node.ts [entries]
 */

import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { type BackgroundDeps, handleRequest } from '../../lib/background/handlers';
import { readWrite } from '../../lib/db/repository';
import { openCompanionDb } from '../../lib/db/schema';
import type { BackgroundRequest } from '../../lib/messaging/protocol';
import type { TrustedSender } from '../../lib/messaging/senders';
import { benchEntries, timeHistory } from './history-workload';
import { summarize } from './stats';

const OPTIONS_PAGE: TrustedSender = { kind: 'page', page: 'options', tabId: null, tabUrl: null };
const PER_TRANSACTION = 10_000;

const unused = (what: string) => () => Promise.reject(new Error(`${what} is not part of the history bench`));

async function main(entries: number): Promise<void> {
  const db = openCompanionDb(`history-bench-${Date.now()}`);
  const now = Date.now();
  const deps: BackgroundDeps = {
    db,
    now: () => now,
    profiles: [],
    askContent: unused('askContent'),
    pickUpEnrollment: unused('pickUpEnrollment'),
    listLmsTabs: async () => [],
    sampleServerClock: async () => null,
    profileSettings: {
      read: unused('profileSettings'),
      importProfile: unused('profileSettings'),
      clearImported: unused('profileSettings'),
      sync: unused('profileSettings'),
      enableSite: unused('profileSettings'),
      disableSite: unused('profileSettings'),
    },
  };
  const insertStart = performance.now();
  for (let from = 0; from < entries; from += PER_TRANSACTION) {
    const batch = benchEntries(from, Math.min(entries, from + PER_TRANSACTION), entries, now);
    await readWrite(db, ['events'], async () => {
      await db.events.bulkAdd(batch);
    });
  }
  const insertMs = performance.now() - insertStart;
  const answer = (request: BackgroundRequest) => handleRequest(request, OPTIONS_PAGE, deps);
  const timings = await timeHistory(
    {
      time: async (request, count) => {
        const durations: number[] = [];
        for (let i = 0; i < count; i++) {
          const start = performance.now();
          await answer(request);
          durations.push(performance.now() - start);
        }
        return durations;
      },
      exportBytes: async (request) => {
        const reply = (await answer(request)) as { content: string };
        return Buffer.byteLength(reply.content);
      },
      settle: async () => undefined,
    },
    { repeats: 5, exports: 1 },
  );
  const line = (label: string, samples: number[]) => {
    const { median, p90, n } = summarize(samples);
    console.log(`${label.padEnd(28)} median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms (n=${n})`);
  };
  console.log(`history in Node (fake-indexeddb), ${entries.toLocaleString('en')} entries`);
  console.log(`${'insert'.padEnd(28)} ${insertMs.toFixed(0)} ms`);
  console.log(`${'history/page, first'.padEnd(28)} ${timings.latestFirstMs.toFixed(1)} ms`);
  line('history/page, all courses', timings.latestMs);
  line('history/page, one course', timings.latestCourseMs);
  line('history/page, rare course', timings.latestRareCourseMs);
  line('history/export csv', timings.exportCsvMs);
  line('history/export json', timings.exportJsonMs);
  console.log(`${'export sizes'.padEnd(28)} csv ${timings.csvBytes} B, json ${timings.jsonBytes} B`);
  db.close();
}

await main(Number(process.argv[2] ?? 10_000));
