import { type FailureCounters, INITIAL_COUNTERS } from '../attempts/transitions';
import {
  type CompanionDb,
  type CountersRecord,
  CURRENT_REGISTRATION,
  countersKey,
  type EventRecord,
  type RegistrationRecord,
} from './schema';

/** Reads and atomic updates over the schema. Callers pass `now`; nothing here reads the clock. */

export async function getRegistration(db: CompanionDb): Promise<RegistrationRecord | null> {
  return (await db.registrations.get(CURRENT_REGISTRATION)) ?? null;
}

export async function getCounters(
  db: CompanionDb,
  profileId: string,
  phone: string,
): Promise<FailureCounters> {
  const record = await db.counters.get(countersKey(profileId, phone));
  return record ? stripKey(record) : INITIAL_COUNTERS;
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
  profileId: string,
  phone: string,
  transition: (current: FailureCounters) => FailureCounters,
  effects?: (before: FailureCounters, after: FailureCounters) => Promise<void>,
): Promise<FailureCounters> {
  return db.transaction('rw', [db.counters, db.registrations, db.events, db.clock], async () => {
    const key = countersKey(profileId, phone);
    const record = await db.counters.get(key);
    const before = record ? stripKey(record) : INITIAL_COUNTERS;
    const after = transition(before);
    await db.counters.put({ ...after, key });
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
