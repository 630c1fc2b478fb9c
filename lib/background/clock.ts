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
