import { type ClockOffset, NOTABLE_SKEW_MS } from '../otp/clock';
import { getRegistration, logEvent, readWrite } from './repository';
import type { CompanionDb } from './schema';

/** The LMS clock offsets (`clock`), one per origin measured. */

export async function readClockOffset(db: CompanionDb, origin: string): Promise<ClockOffset | null> {
  return (await db.clock.get(origin)) ?? null;
}

/** Forgets an origin's offset: it is measured afresh at the next code. */
export async function deleteClockOffset(db: CompanionDb, origin: string): Promise<void> {
  await db.clock.delete(origin);
}

/**
 * Stores a new estimate for the origin; when it is the first notable skew after `previous` (none,
 * or a small one), the history says so, for the registered institute.
 */
export async function storeClockOffset(
  db: CompanionDb,
  origin: string,
  estimate: ClockOffset,
  previous: ClockOffset | null,
): Promise<void> {
  await readWrite(db, ['clock', 'events', 'registrations'], async () => {
    await db.clock.put({ ...estimate, origin });
    const skewed = Math.abs(estimate.offsetMs) >= NOTABLE_SKEW_MS;
    const wasSkewed = previous !== null && Math.abs(previous.offsetMs) >= NOTABLE_SKEW_MS;
    if (skewed && !wasSkewed) {
      const registration = await getRegistration(db);
      await logEvent(db, registration?.profileId ?? '', estimate.measuredAt, {
        type: 'clockSkew',
        skewSeconds: Math.round(estimate.offsetMs / 1000),
      });
    }
  });
}
