import { HISTORY_PAGE_SIZE } from '../../lib/db/history';
import type { BrowserName } from '../browsers';
import type { PageHeaps } from './memory';
import type { OverlaySample, OverlayTimings } from './overlay-timing';
import type { BySide, ChurnRun, OverheadResult } from './page-overhead';
import { kb, mb, ms, type Row, verdictFor } from './report';
import type { RoundTrips } from './round-trip';
import type { EntrypointSize } from './sizes';
import { median, pairedRatio, type RatioEstimate, type Summary, summarize } from './stats';
import { RARE_COURSE, type StorageResult } from './storage';

/** The targets. */
export const TARGETS = {
  contentScriptGzipBytes: 8 * 1024,
  overheadRatio: 1.03,
  overlayAfterRevealMs: 150,
  warmRoundTripMs: 5,
  latestPageMs: 50,
} as const;

/** Everything measured in one browser. */
export interface BrowserResults {
  readonly version: string;
  readonly overlay: OverlayTimings;
  /** Firefox only: on a site enabled from the popup, with HRD's generic recognition. */
  readonly genericOverlay: OverlayTimings | null;
  readonly roundTrips: RoundTrips;
  /** The demo LMS's course page (the content script only). */
  readonly overhead: OverheadResult;
  /** The HRD-integrated lesson player between checkpoints: the page observer runs there too. */
  readonly playerOverhead: OverheadResult;
  readonly storage: StorageResult;
  /** Chromium only. */
  readonly memory:
    | (PageHeaps & { readonly workerAfterStart: number; readonly workerAfterHistory: number })
    | null;
}

const spread = (s: Summary) => `p10–p90 ${s.p10.toFixed(1)}–${s.p90.toFixed(1)}`;

export function sizeRows(sizes: Record<BrowserName, EntrypointSize[]>): Row[] {
  const rows: Row[] = [];
  for (const [name, entries] of Object.entries(sizes) as [BrowserName, EntrypointSize[]][]) {
    for (const size of entries) {
      const isContent = size.entrypoint.startsWith('content script');
      rows.push({
        section: 'Bundle sizes (each file gzipped -9, summed per entrypoint)',
        measure: size.entrypoint,
        browser: name,
        target: isContent ? `≤ ${kb(TARGETS.contentScriptGzipBytes)} gz` : '—',
        measured: `${kb(size.gzip)} gz (${kb(size.raw)} raw, ${size.files.length} file${size.files.length === 1 ? '' : 's'})`,
        verdict: isContent ? (size.gzip <= TARGETS.contentScriptGzipBytes ? 'PASS' : 'MISS') : '',
      });
    }
  }
  return rows;
}

export function overlayRows(name: BrowserName, overlay: OverlayTimings, section = 'Time to overlay'): Row[] {
  const phase = (samples: OverlaySample[], key: keyof OverlaySample) => median(samples.map((s) => s[key]));
  const phases = (samples: OverlaySample[]) =>
    `detect ${phase(samples, 'detect').toFixed(0)} + frame load ${phase(samples, 'load').toFixed(0)} + context ${phase(samples, 'context').toFixed(0)} ms (medians)`;
  const nav = summarize(overlay.navigation.map((s) => s.total));
  const late = summarize(overlay.reveal.map((s) => s.total));
  return [
    {
      section,
      measure: 'navigation start → overlay usable',
      browser: name,
      target: '—',
      measured: `${ms(nav.median)} (${spread(nav)}, n=${nav.n})`,
      verdict: '',
      note: phases(overlay.navigation),
    },
    {
      section,
      measure: 'checkpoint recognisable → overlay usable',
      browser: name,
      target: `≤ ${TARGETS.overlayAfterRevealMs} ms`,
      measured: `${ms(late.median)} (${spread(late)}, n=${late.n})`,
      verdict: verdictFor(late.median, late.p90, TARGETS.overlayAfterRevealMs),
      note: `${phases(overlay.reveal)}; page and frame clocks agree within ${overlay.clockSkewBoundMs.toFixed(1)} ms`,
    },
  ];
}

/**
 * Ratios are judged on their 90% interval: PASS when all of it is within the target, MISS when
 * all of it is above, PASS* when the ratio is within but the interval reaches past the target
 * (this run cannot tell a difference that small from noise), MISS? when the ratio is above but
 * the interval reaches back within it.
 */
export function ratioVerdict(r: RatioEstimate, limit: number): Row['verdict'] {
  if (!Number.isFinite(r.ratio)) return '';
  if (r.high <= limit) return 'PASS';
  if (r.low > limit) return 'MISS';
  return r.ratio <= limit ? 'PASS*' : 'MISS?';
}

const ratioText = (r: RatioEstimate) =>
  `${r.ratio.toFixed(3)} (90% CI ${r.low.toFixed(3)}–${r.high.toFixed(3)})`;

export function overheadRatios(overhead: OverheadResult) {
  const churn = (key: keyof ChurnRun) =>
    Object.fromEntries(
      (Object.keys(overhead.churn) as (keyof BySide<ChurnRun[]>)[]).map((side) => [
        side,
        overhead.churn[side].map((run) => run[key]),
      ]),
    ) as BySide<number[]>;
  const three = (values: BySide<number[]>) => ({
    /** The figure: with the extension against none. */
    extension: pairedRatio(values.extension, values.none),
    /** What any content script costs (the empty control against none). */
    floor: pairedRatio(values.control, values.none),
    /** What our content-script code adds to that (extension against the control). */
    own: pairedRatio(values.extension, values.control),
    medians: {
      extension: median(values.extension),
      control: median(values.control),
      none: median(values.none),
    },
  });
  return { load: three(overhead.load), script: three(churn('script')), frame: three(churn('frame')) };
}

export function overheadRows(
  name: BrowserName,
  overhead: OverheadResult,
  section = 'Page overhead (course page, no checkpoint)',
): Row[] {
  const ratios = overheadRatios(overhead);
  const target = `≤ ${TARGETS.overheadRatio}`;
  const rowsFor = (figure: ReturnType<typeof overheadRatios>['load'], label: string, what: string): Row[] => [
    {
      section,
      measure: `${label}, with / without extension`,
      browser: name,
      target,
      measured: ratioText(figure.extension),
      verdict: ratioVerdict(figure.extension, TARGETS.overheadRatio),
      note: `${what}: ${ms(figure.medians.extension)} with the extension, ${ms(figure.medians.control)} with an empty content script, ${ms(figure.medians.none)} without (medians)`,
    },
    {
      section,
      measure: `${label}, empty content script / without (floor)`,
      browser: name,
      target: '—',
      measured: ratioText(figure.floor),
      verdict: '',
    },
    {
      section,
      measure: `${label}, with extension / empty content script (own code)`,
      browser: name,
      target,
      measured: ratioText(figure.own),
      verdict: ratioVerdict(figure.own, TARGETS.overheadRatio),
    },
  ];
  return [
    ...rowsFor(
      ratios.load,
      'page load',
      `navigationStart → loadEventEnd, ${overhead.load.none.length} rounds`,
    ),
    ...rowsFor(
      ratios.script,
      `churn script time (${overhead.mutationsPerRun} mutations)`,
      `script time of the churn's frames (the page's, observers', deferred callbacks), ${overhead.churn.none.length} rounds`,
    ),
    ...rowsFor(
      ratios.frame,
      'churn frame time (rendering included)',
      `main-thread time of the churn's frames, ${overhead.churn.none.length} rounds`,
    ),
  ];
}

export function roundTripRows(name: BrowserName, rt: RoundTrips): Row[] {
  const warm = summarize(rt.statusWarm);
  const cold = summarize(rt.statusCold);
  const code = summarize(rt.webOtpWarm);
  const pbkdf2 = summarize(rt.pbkdf2Alone);
  const section = 'Background round trip (from an extension page)';
  const cached =
    name === 'firefox'
      ? ' Firefox (NSS) caches PBKDF2 results for a repeated PIN and salt, so its warm requests skip the derivation; the first code after a browser start pays it.'
      : '';
  return [
    {
      section,
      measure: 'status/get, warm',
      browser: name,
      target: `< ${TARGETS.warmRoundTripMs} ms`,
      measured: `median ${ms(warm.median)}, p95 ${ms(warm.p95)} (n=${warm.n})`,
      verdict: verdictFor(warm.median, warm.p95, TARGETS.warmRoundTripMs, true),
    },
    {
      section,
      measure: 'status/get, cold (background just stopped)',
      browser: name,
      target: '—',
      measured: cold.n > 0 ? `median ${ms(cold.median)}, p95 ${ms(cold.p95)} (n=${cold.n})` : 'not measured',
      verdict: '',
      note: rt.coldNote,
    },
    {
      section,
      measure: 'webOtp/code (PIN → code), warm',
      browser: name,
      target: `< ${TARGETS.warmRoundTripMs} ms (issue)`,
      measured: `median ${ms(code.median)}, p95 ${ms(code.p95)} (n=${code.n})`,
      verdict: verdictFor(code.median, code.p95, TARGETS.warmRoundTripMs, true),
      note: `bounded by design: every request derives the PIN key with PBKDF2-SHA-256, 150 000 iterations, which alone takes ${ms(pbkdf2.median)} here (median of ${pbkdf2.n}, fresh salts, same browser).${cached}`,
    },
  ];
}

export function storageRows(name: BrowserName, s: StorageResult): Row[] {
  const section = `History (${s.entries.toLocaleString('en')} entries)`;
  const target = `< ${TARGETS.latestPageMs} ms`;
  const page = (measure: string, samples: number[], note?: string): Row => {
    const summary = summarize(samples);
    return {
      section,
      measure: `history/page (${HISTORY_PAGE_SIZE}), ${measure}`,
      browser: name,
      target,
      measured: `median ${ms(summary.median)}, p90 ${ms(summary.p90)}${note ?? ''}`,
      verdict: verdictFor(summary.median, summary.p90, TARGETS.latestPageMs, true),
    };
  };
  const exported = (format: string, samples: number[], bytes: number): Row => ({
    section,
    measure: `history/export all, ${format}`,
    browser: name,
    target: '—',
    measured: `median ${ms(median(samples))} (${(bytes / 1024 / 1024).toFixed(1)} MB)`,
    verdict: '',
  });
  return [
    {
      section,
      measure: `insert (${s.transactions} transactions of bulk puts)`,
      browser: name,
      target: '—',
      measured: `${Math.round(s.entries / (s.insertMs / 1000)).toLocaleString('en')} entries/s (${ms(s.insertMs)})`,
      verdict: '',
    },
    {
      ...page('all courses', s.latestMs, `; first ${ms(s.latestFirstMs)}`),
      note: 'first: the first request after the 100,000 writes. Every history row is a request the background answers (the round trip included)',
    },
    page('one course of 40', s.latestCourseMs),
    page(`rare course (${RARE_COURSE}, 0.02%)`, s.latestRareCourseMs),
    exported('CSV', s.exportCsvMs, s.csvBytes),
    exported('JSON', s.exportJsonMs, s.jsonBytes),
  ];
}

export function memoryRows(name: BrowserName, memory: BrowserResults['memory']): Row[] {
  const section = 'Memory (V8 heap used, after GC)';
  if (!memory) {
    return [
      {
        section,
        measure: 'page heap, background heap',
        browser: name,
        target: '—',
        measured: 'not measured',
        verdict: '',
        note: 'Firefox exposes no heap figures over WebDriver BiDi (and ESR no longer speaks CDP)',
      },
    ];
  }
  const row = (label: string, heaps: BySide<number[]>): Row => {
    const extension = median(heaps.extension);
    const control = median(heaps.control);
    const none = median(heaps.none);
    return {
      section,
      measure: `${label} page heap, with − without extension`,
      browser: name,
      target: '—',
      measured: `+${kb(extension - none)} (of which any content script: +${kb(control - none)})`,
      verdict: '',
      note: `${mb(extension)} with the extension, ${mb(control)} with an empty content script, ${mb(none)} without (medians of ${heaps.none.length})`,
    };
  };
  return [
    row('course', memory.coursePage),
    row('checkpoint', memory.checkpointPage),
    {
      section,
      measure: 'background service worker heap',
      browser: name,
      target: '—',
      measured: `${mb(memory.workerAfterStart)} after a cold start; ${mb(memory.workerAfterHistory)} after the history runs`,
      verdict: '',
    },
  ];
}
