/**
 * `npm run bench`: what the extension costs a page and a trainee, measured in real Chromium and
 * Firefox ESR against the demo LMS. `npm run bench` builds first; this script then
 * measures, prints a table against the issue's targets and writes the same figures to
 * bench-results/latest.json. Counts are fixed and warm-up runs are discarded, so two runs on the
 * same machine are comparable. BENCH_BROWSERS=chromium (or firefox) limits the run to one browser.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { PLAYER_CHECK_SESSIONS, PLAYER_LMS_COURSE } from '../../demo/hrd-sites';
import { PLAYER_LMS_PATHS } from '../../demo/hrd-sites/paths';
import { BROWSER_NAMES, type BrowserName, type ExtensionBrowser, ROOT } from '../browsers';
import { prepareControlExtension } from './control';
import { measureFirefoxCold } from './firefox-cold';
import { measureGenericOverlay } from './generic-overlay';
import { launchBenchBrowser, launchExtension, snapshotBuilds } from './launch';
import { COURSE_PATH, issueKey, register, signIn, startBenchLms, withTimeout } from './lms';
import { measurePageHeaps, measureWorkerHeapAfterStart, workerHeap } from './memory';
import { demoLmsPages, measureOverlay, type OverlayTimings } from './overlay-timing';
import { type BySide, measurePageOverhead } from './page-overhead';
import { measurePatterns, type PatternBenchResult, patternRows } from './patterns';
import { rawFigures } from './raw-figures';
import { formatMarkdown, formatTable, type Row } from './report';
import {
  type BrowserResults,
  memoryRows,
  overheadRows,
  overlayRows,
  roundTripRows,
  sizeRows,
  storageRows,
  TARGETS,
} from './results';
import { measureRoundTrips } from './round-trip';
import { type EntrypointSize, entrypointSizes } from './sizes';
import { measureStorage } from './storage';

/** Fixed counts: change them only together with the README's description of the bench. */
export const BENCH_CONFIG = {
  overlay: { warmup: 2, runs: 16, settleMs: 300 },
  overhead: {
    warmup: 1,
    loadRounds: 24,
    churnRounds: 14,
    settleMs: 250,
    churn: { frames: 20, perFrame: 250 },
  },
  roundTrip: { warmup: 20, warm: 200, cold: 15, firefoxCold: 12, webOtpWarmup: 2, webOtp: 15, pbkdf2: 10 },
  memory: { runs: 4, settleMs: 300 },
  storage: { entries: 100_000, perTransaction: 10_000, repeats: 15, exports: 3 },
} as const;

/** Bounds one browser's measurements: a hung browser must not hang the bench. */
const PER_BROWSER_TIMEOUT_MS = 240_000;

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function signedIn(browser: Browser, lmsUrl: string): Promise<Browser> {
  const page = await browser.newPage();
  await signIn(page, lmsUrl);
  await page.close();
  return browser;
}

async function measureBrowser(
  name: BrowserName,
  buildDir: string,
  lmsUrl: string,
  genericLms: string,
  playerUrl: string,
): Promise<BrowserResults> {
  let ext: ExtensionBrowser | undefined;
  const others: Browser[] = [];
  const control = prepareControlExtension(buildDir);
  try {
    ext = await launchExtension(name, buildDir);
    const version = await ext.browser.version();
    log(`${name}: ${version}; registering`);
    const page = await ext.browser.newPage();
    await signIn(page, lmsUrl);
    await register(ext, lmsUrl, await issueKey(page, lmsUrl));
    await page.close();

    log(`${name}: time to overlay`);
    const overlay = await measureOverlay(ext, demoLmsPages(lmsUrl), BENCH_CONFIG.overlay);
    log(`${name}: background round trips`);
    let roundTrips = await measureRoundTrips(ext, BENCH_CONFIG.roundTrip);

    // Three fresh browsers launched the same way, so that only the extension differs: not the
    // one used above, whose history (registration, overlays) the others would not share.
    const browsers = {} as BySide<Browser>;
    for (const [side, dir] of [
      ['extension', buildDir],
      ['control', control.dir],
      ['none', undefined],
    ] as const) {
      browsers[side] = await launchBenchBrowser(name, dir);
      others.push(browsers[side]);
      await signedIn(browsers[side], lmsUrl);
    }
    log(`${name}: page overhead (rounds over: extension, empty content script, none)`);
    const overhead = await measurePageOverhead(browsers, `${lmsUrl}${COURSE_PATH}`, BENCH_CONFIG.overhead);
    log(`${name}: page overhead on the HRD lesson player (page observer from document_start)`);
    const playerOverhead = await measurePageOverhead(browsers, playerUrl, BENCH_CONFIG.overhead);

    let heaps: Awaited<ReturnType<typeof measurePageHeaps>> | null = null;
    let workerAfterStart = Number.NaN;
    if (name === 'chromium') {
      log(`${name}: memory`);
      heaps = await measurePageHeaps(browsers, lmsUrl, BENCH_CONFIG.memory);
      workerAfterStart = await measureWorkerHeapAfterStart(ext);
    }
    for (const other of others.splice(0)) await other.close();

    log(`${name}: history with ${BENCH_CONFIG.storage.entries.toLocaleString('en')} entries`);
    const storage = await measureStorage(ext, BENCH_CONFIG.storage);
    const memory = heaps ? { ...heaps, workerAfterStart, workerAfterHistory: await workerHeap(ext) } : null;
    await ext.close();
    ext = undefined;

    let genericOverlay: OverlayTimings | null = null;
    if (name === 'firefox') {
      log(`${name}: time to overlay on a site enabled with 이 사이트에서 사용 (generic HRD recognition)`);
      genericOverlay = await measureGenericOverlay(buildDir, genericLms, BENCH_CONFIG.overlay);
      log(`${name}: cold background round trips (separate instance, 1 s idle timeout)`);
      roundTrips = {
        ...roundTrips,
        statusCold: await measureFirefoxCold(buildDir, BENCH_CONFIG.roundTrip.firefoxCold),
        coldNote:
          'event page suspended by Firefox itself (idle timeout set to 1 s, in a separate instance), checked gone from extension.getViews() before each request',
      };
    }
    return { version, overlay, genericOverlay, roundTrips, overhead, playerOverhead, storage, memory };
  } finally {
    for (const other of others) await other.close().catch(() => undefined);
    await ext?.close().catch(() => undefined);
    control.dispose();
  }
}

/** 한길's player at a session that asks nothing (2): HRD's wiring loaded, no checkpoint shown. */
function playerBetweenChecks(playerOrigin: string): string {
  const session = 2;
  if (PLAYER_CHECK_SESSIONS.includes(session))
    throw new Error(`session ${session} of the player asks for mOTP`);
  return `${playerOrigin}${PLAYER_LMS_PATHS.player}?courseId=${PLAYER_LMS_COURSE.id}&session=${session}`;
}

function gitCommit(): string | null {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain') === '' ? commit : `${commit}+changes`;
  } catch {
    return null;
  }
}

/** The browsers `BENCH_BROWSERS` names (all by default). */
function selectedBrowsers(): BrowserName[] {
  const selected = (process.env.BENCH_BROWSERS ?? BROWSER_NAMES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name): name is BrowserName => (BROWSER_NAMES as readonly string[]).includes(name));
  if (selected.length === 0) throw new Error(`BENCH_BROWSERS names none of ${BROWSER_NAMES.join(', ')}`);
  return selected;
}

/** The table's rows, in the order the report shows them. */
function resultRows(
  sizes: Record<BrowserName, EntrypointSize[]>,
  patterns: PatternBenchResult,
  results: readonly (readonly [BrowserName, BrowserResults])[],
): Row[] {
  return [
    ...sizeRows(sizes),
    ...patternRows(patterns),
    ...results.flatMap(([name, r]) => overlayRows(name, r.overlay)),
    ...results.flatMap(([name, r]) =>
      r.genericOverlay
        ? overlayRows(name, r.genericOverlay, 'Time to overlay, generic HRD (이 사이트에서 사용)')
        : [],
    ),
    ...results.flatMap(([name, r]) => overheadRows(name, r.overhead)),
    ...results.flatMap(([name, r]) =>
      overheadRows(
        name,
        r.playerOverhead,
        'Page overhead (HRD lesson player, observer in place, no checkpoint)',
      ),
    ),
    ...results.flatMap(([name, r]) => roundTripRows(name, r.roundTrips)),
    ...results.flatMap(([name, r]) => storageRows(name, r.storage)),
    ...results.flatMap(([name, r]) => memoryRows(name, r.memory)),
  ];
}

/** The machine's load (1-minute average) before and after the run. */
interface Load {
  readonly before: number;
  readonly after: number;
}

function printSummary(rows: Row[], seconds: number, load: Load): void {
  console.log(formatTable(rows));
  console.log(
    "\nPASS: the upper end of the spread (p90, p95, or a ratio's 90% CI) meets the target; PASS*: only the median or ratio does; MISS: the median misses (for a ratio: its whole CI is above); MISS?: the ratio misses but its CI reaches back within the target.",
  );
  console.log(
    `Measured in ${seconds.toFixed(0)} s on ${os.cpus().length} cores, Node ${process.version}; load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after.`,
  );
  if (Math.max(load.before, load.after) > os.cpus().length) {
    console.log('Warning: the machine was busy with other work; timings are noisier than usual.');
  }
}

/** bench-results/latest.json (every figure) and latest.md (the table) beside it. */
function writeReport(
  rows: Row[],
  sizes: Record<BrowserName, EntrypointSize[]>,
  results: readonly (readonly [BrowserName, BrowserResults])[],
  seconds: number,
  load: Load,
): void {
  const outDir = path.join(ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      node: process.version,
      loadAverage: { before: load.before, after: load.after },
    },
    durationSeconds: Math.round(seconds),
    config: BENCH_CONFIG,
    targets: TARGETS,
    rows,
    markdown: formatMarkdown(rows),
    sizes,
    browsers: Object.fromEntries(results.map(([name, r]) => [name, rawFigures(name, r)])),
  };
  const file = path.join(outDir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const heading = `Measured ${report.date.slice(0, 10)} at ${report.commit ?? 'an unknown commit'} on ${report.machine.cpus} cores (${report.machine.cpuModel ?? 'unknown CPU'}), ${results.map(([, r]) => r.version).join(' and ')}.`;
  writeFileSync(path.join(outDir, 'latest.md'), `${heading}\n\n${report.markdown}\n`);
  console.log(`Wrote ${path.relative(ROOT, file)} and latest.md beside it.`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const selected = selectedBrowsers();

  // Everything below measures this copy of .output/, whatever happens to .output/ meanwhile.
  const build = snapshotBuilds();
  const sizes = Object.fromEntries(
    BROWSER_NAMES.map((name) => [name, entrypointSizes(build.dirs[name])]),
  ) as Record<BrowserName, EntrypointSize[]>;
  // Before any browser starts: it measures V8 alone, and nothing else may share the cores.
  log('profile patterns: the worst the schema accepts');
  const patterns = measurePatterns();
  const lms = await startBenchLms();
  const results: [BrowserName, BrowserResults][] = [];
  try {
    // One browser at a time: two at once on a 2-core machine would measure each other.
    for (const name of selected) {
      results.push([
        name,
        await withTimeout(
          `${name} measurements`,
          PER_BROWSER_TIMEOUT_MS,
          measureBrowser(
            name,
            build.dirs[name],
            lms.url,
            lms.hrdSites.genericLms,
            playerBetweenChecks(lms.hrdSites.playerLms),
          ),
        ),
      ]);
    }
  } finally {
    await lms.dispose();
    build.dispose();
  }

  const rows = resultRows(sizes, patterns, results);
  const seconds = (Date.now() - started) / 1000;
  const load = { before: loadBefore, after: os.loadavg()[0] ?? 0 };
  printSummary(rows, seconds, load);
  writeReport(rows, sizes, results, seconds, load);
}

main().catch((error: unknown) => {
  console.error(error);
  // A browser still busy after a timeout must not keep the process alive; puppeteer kills the
  // browsers it launched when the process exits.
  process.exit(1);
});
