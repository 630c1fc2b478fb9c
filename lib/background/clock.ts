import { readClockOffset, storeClockOffset } from '../db/clock';
import { type ClockOffset, type ClockSample, estimateClockOffset, isOffsetStale } from '../otp/clock';
import type { BackgroundDeps } from './handlers';

/**
 * The LMS clock offset, measured again when stale. Three samples of the `Date` header (one
 * second resolution) are intersected; a failed measurement keeps the last estimate.
 */
export async function currentClockOffset(deps: BackgroundDeps, origin: string): Promise<ClockOffset | null> {
  const stored = await readClockOffset(deps.db, origin);
  if (!isOffsetStale(stored, deps.now())) return stored;
  const samples: ClockSample[] = [];
  for (let i = 0; i < 3; i += 1) {
    const sample = await deps.sampleServerClock(origin).catch(() => null);
    if (sample) samples.push(sample);
  }
  const estimate = estimateClockOffset(samples);
  if (!estimate) return stored;
  await storeClockOffset(deps.db, origin, estimate, stored);
  return estimate;
}

/** Where HRD's own clock, as the LMS's pages on `origin` stamped their requests, is kept. */
export function hrdClockKey(origin: string): string {
  return `hrd:${origin}`;
}

/**
 * Keeps HRD's time as a page of `origin` stamped its request with it (`UT`, from
 * `hrdFrame.getUT()`): the request left at most a second before it reached the background, and
 * the stamp has one-second resolution.
 */
export async function recordHrdTime(deps: BackgroundDeps, origin: string, hrdTime: number): Promise<void> {
  const receivedAt = deps.now();
  const estimate = estimateClockOffset([
    { sentAt: receivedAt - 1000, receivedAt, serverTime: hrdTime, resolutionMs: 1000 },
  ]);
  if (!estimate) return;
  const key = hrdClockKey(origin);
  await storeClockOffset(deps.db, key, estimate, await readClockOffset(deps.db, key));
}

/**
 * The clock an HRD checkpoint's window is read by: HRD's own, from the page's latest stamped
 * request, while fresh; else the LMS's `Date` header (`fresh` false: the stored estimate only).
 */
export async function hrdClockOffset(
  deps: BackgroundDeps,
  origin: string,
  { measure }: { readonly measure: boolean },
): Promise<ClockOffset | null> {
  const hrd = await readClockOffset(deps.db, hrdClockKey(origin));
  if (hrd && !isOffsetStale(hrd, deps.now())) return hrd;
  return measure ? currentClockOffset(deps, origin) : readClockOffset(deps.db, origin);
}
