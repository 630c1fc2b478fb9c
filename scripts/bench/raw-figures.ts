import type { BrowserName } from '../browsers';
import type { OverlaySample, OverlayTimings } from './overlay-timing';
import type { BySide, ChurnRun, OverheadResult } from './page-overhead';
import { type BrowserResults, overheadRatios } from './results';
import type { RoundTrips } from './round-trip';
import { median, type RatioEstimate, round, roundSummary, summarize } from './stats';
import type { StorageResult } from './storage';

/** The figures behind the table, for bench-results/latest.json: summaries and raw samples. */

const roundAll = (values: readonly number[]) => values.map(round);

function roundRatio(r: RatioEstimate) {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])) as unknown as RatioEstimate;
}

const bySideSummary = (values: BySide<number[]>) =>
  Object.fromEntries(
    Object.entries(values).map(([side, samples]) => [side, roundSummary(summarize(samples))]),
  );

export function rawFigures(name: BrowserName, r: BrowserResults) {
  return {
    browser: name,
    version: r.version,
    overlay: overlayFigures(r.overlay),
    genericOverlay: r.genericOverlay ? overlayFigures(r.genericOverlay) : null,
    roundTrips: roundTripFigures(r.roundTrips),
    overhead: overheadFigures(r.overhead),
    playerOverhead: overheadFigures(r.playerOverhead),
    storage: storageFigures(r.storage),
    memory: r.memory ? memoryFigures(r.memory) : null,
  };
}

function overlayFigures(overlay: OverlayTimings) {
  const phases = (samples: OverlaySample[]) =>
    Object.fromEntries(
      (['total', 'detect', 'load', 'context'] as const).map((key) => [
        key,
        roundSummary(summarize(samples.map((s) => s[key]))),
      ]),
    );
  return {
    navigation: phases(overlay.navigation),
    reveal: phases(overlay.reveal),
    clockSkewBoundMs: overlay.clockSkewBoundMs,
    samples: {
      navigation: roundAll(overlay.navigation.map((s) => s.total)),
      reveal: roundAll(overlay.reveal.map((s) => s.total)),
    },
  };
}

function roundTripFigures(roundTrips: RoundTrips) {
  return {
    statusWarm: roundSummary(summarize(roundTrips.statusWarm)),
    statusCold: roundTrips.statusCold.length > 0 ? roundSummary(summarize(roundTrips.statusCold)) : null,
    coldNote: roundTrips.coldNote,
    webOtpWarm: roundSummary(summarize(roundTrips.webOtpWarm)),
    pbkdf2Alone: roundSummary(summarize(roundTrips.pbkdf2Alone)),
  };
}

function overheadFigures(overhead: OverheadResult) {
  const ratios = overheadRatios(overhead);
  const ratioFigures = (figure: ReturnType<typeof overheadRatios>['load']) => ({
    extension: roundRatio(figure.extension),
    floor: roundRatio(figure.floor),
    own: roundRatio(figure.own),
  });
  const churnSide = (key: keyof ChurnRun) =>
    Object.fromEntries(
      Object.entries(overhead.churn).map(([side, runs]) => [side, roundAll(runs.map((run) => run[key]))]),
    );
  return {
    mutationsPerRun: overhead.mutationsPerRun,
    load: ratioFigures(ratios.load),
    churnScript: ratioFigures(ratios.script),
    churnFrame: ratioFigures(ratios.frame),
    summaries: {
      load: bySideSummary(overhead.load),
      churnScript: bySideSummary(churnSide('script') as BySide<number[]>),
      churnFrame: bySideSummary(churnSide('frame') as BySide<number[]>),
    },
    samples: {
      load: Object.fromEntries(Object.entries(overhead.load).map(([side, v]) => [side, roundAll(v)])),
      churnScript: churnSide('script'),
      churnFrame: churnSide('frame'),
      churnElapsed: churnSide('elapsed'),
    },
  };
}

function storageFigures(storage: StorageResult) {
  return {
    entries: storage.entries,
    transactions: storage.transactions,
    insertMs: round(storage.insertMs),
    insertPerSecond: Math.round(storage.entries / (storage.insertMs / 1000)),
    latestFirstMs: round(storage.latestFirstMs),
    latest: roundSummary(summarize(storage.latestMs)),
    latestCourse: roundSummary(summarize(storage.latestCourseMs)),
    latestRareCourse: roundSummary(summarize(storage.latestRareCourseMs)),
    exportCsv: roundSummary(summarize(storage.exportCsvMs)),
    exportJson: roundSummary(summarize(storage.exportJsonMs)),
    csvBytes: storage.csvBytes,
    jsonBytes: storage.jsonBytes,
  };
}

function memoryFigures(memory: NonNullable<BrowserResults['memory']>) {
  return {
    coursePageBytes: Object.fromEntries(Object.entries(memory.coursePage).map(([k, v]) => [k, median(v)])),
    checkpointPageBytes: Object.fromEntries(
      Object.entries(memory.checkpointPage).map(([k, v]) => [k, median(v)]),
    ),
    workerAfterStartBytes: memory.workerAfterStart,
    workerAfterHistoryBytes: memory.workerAfterHistory,
  };
}
