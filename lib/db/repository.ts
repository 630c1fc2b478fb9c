import { type FailureCounters, INITIAL_COUNTERS } from '../attempts/transitions';
import {
  type CompanionDb,
  type CountersOwner,
  type CountersRecord,
  CURRENT_REGISTRATION,
  countersKey,
  type EventRecord,
  type RegistrationRecord,
  UNPLACED_ORIGIN,
} from './schema';

/** Reads and atomic updates over the schema. Callers pass `now`; nothing here reads the clock. */

export async function getRegistration(db: CompanionDb): Promise<RegistrationRecord | null> {
  return (await db.registrations.get(CURRENT_REGISTRATION)) ?? null;
}

export async function getCounters(db: CompanionDb, owner: CountersOwner): Promise<FailureCounters> {
  const record = await readOwnOrUnplaced(db, owner);
  return record ? stripKey(record) : INITIAL_COUNTERS;
}

/** The owner's record, or the count kept before counts were bound to an origin. */
async function readOwnOrUnplaced(db: CompanionDb, owner: CountersOwner): Promise<CountersRecord | undefined> {
  const own = await db.counters.get(countersKey(owner));
  if (own || owner.origin === UNPLACED_ORIGIN) return own;
  return db.counters.get(countersKey({ ...owner, origin: UNPLACED_ORIGIN }));
}

/** Writes the owner's counts as they are (inside a caller's transaction over `counters`). */
export async function putCounters(db: CompanionDb, owner: CountersOwner, counters: FailureCounters) {
  await db.counters.put({ ...counters, key: countersKey(owner) });
}

export type NewEvent = Omit<
  EventRecord,
  'id' | 'at' | 'profileId' | 'courseId' | 'kind' | 'method' | 'outcome' | 'attemptsLeft'
> &
  Partial<Pick<EventRecord, 'courseId' | 'kind' | 'method' | 'outcome' | 'attemptsLeft'>>;

/**
 * Reads the counters, applies a pure transition and writes the result in one read-write
 * transaction, so failures from several tabs at once are all counted. `effects` runs inside the
 * same transaction (e.g. wiping the secret together with the 5th wrong PIN) and must not await
 * anything but Dexie: other promises end the transaction early.
 */
export async function updateCounters(
  db: CompanionDb,
  owner: CountersOwner,
  transition: (current: FailureCounters) => FailureCounters,
  effects?: (before: FailureCounters, after: FailureCounters) => Promise<void>,
): Promise<FailureCounters> {
  return db.transaction('rw', [db.counters, db.registrations, db.events, db.clock], async () => {
    const before = await getCounters(db, owner);
    const after = transition(before);
    await putCounters(db, owner, after);
    if (effects) await effects(before, after);
    return after;
  });
}

export function eventRecord(profileId: string, at: number, event: NewEvent): EventRecord {
  return {
    at,
    profileId,
    courseId: null,
    kind: null,
    method: null,
    outcome: null,
    attemptsLeft: null,
    ...event,
  };
}

function stripKey(record: CountersRecord): FailureCounters {
  const { key: _key, ...counters } = record;
  return counters;
}
