import type { Table } from 'dexie';
import { type FailureCounters, INITIAL_COUNTERS } from '../attempts/transitions';
import {
  type CompanionDb,
  type CompanionTable,
  type CountersOwner,
  type CountersRecord,
  CURRENT_REGISTRATION,
  countersKey,
  countersPrefix,
  type EventRecord,
  type RegistrationRecord,
  UNPLACED_ORIGIN,
  type WebOtpRegistrationRecord,
} from './schema';

/** Reads and atomic updates over the schema. Callers pass `now`; nothing here reads the clock. */

/**
 * Runs `work` in one read-write transaction over the named tables. Inside it, `work` must not
 * await anything but Dexie (WebCrypto, messages, timers): other promises end the transaction early.
 */
export function readWrite<T>(
  db: CompanionDb,
  tables: readonly CompanionTable[],
  work: () => Promise<T>,
): Promise<T> {
  return db.transaction('rw', [...tables], work);
}

export async function getRegistration(db: CompanionDb): Promise<RegistrationRecord | null> {
  return (await db.registrations.get(CURRENT_REGISTRATION)) ?? null;
}

/** Stores the registration, replacing any earlier one (one person, one device). */
export async function putRegistration(db: CompanionDb, record: RegistrationRecord): Promise<void> {
  await db.registrations.put(record);
}

/** Deletes the registration and writes that down; nothing to do without one. */
export async function deleteRegistration(db: CompanionDb, at: number): Promise<void> {
  const registration = await getRegistration(db);
  if (!registration) return;
  await readWrite(db, ['registrations', 'events'], async () => {
    await db.registrations.delete(CURRENT_REGISTRATION);
    await logEvent(db, registration.profileId, at, { type: 'registrationDeleted' });
  });
}

/** Destroys the wrapped secret (inside the caller's transaction that counts the 5th wrong PIN). */
export async function wipeSecret(db: CompanionDb): Promise<void> {
  await webOtpRegistrations(db).update(CURRENT_REGISTRATION, { wrappedSecret: null });
}

/** The registrations table for the web-OTP fields; only called where the registration is web OTP. */
function webOtpRegistrations(db: CompanionDb): Table<WebOtpRegistrationRecord, string> {
  return db.registrations as unknown as Table<WebOtpRegistrationRecord, string>;
}

export type StepClaim =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly reason: 'notRegistered' }
  | { readonly claimed: false; readonly reason: 'alreadyUsed'; readonly period: number };

/**
 * Marks a web-OTP step as submitted, in one transaction: two tabs (or a double click) can never
 * both claim the same step, nor one earlier than the last claimed.
 */
export function claimStep(db: CompanionDb, step: number): Promise<StepClaim> {
  return readWrite(db, ['registrations'], async (): Promise<StepClaim> => {
    const current = await getRegistration(db);
    // An mOTP registration makes no codes: there is no web-OTP registration to claim a step on.
    if (current?.mode !== 'webOtp') return { claimed: false, reason: 'notRegistered' };
    if (current.lastSubmittedStep != null && step <= current.lastSubmittedStep)
      return { claimed: false, reason: 'alreadyUsed', period: current.otp.period };
    await webOtpRegistrations(db).update(CURRENT_REGISTRATION, { lastSubmittedStep: step });
    return { claimed: true };
  });
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

/** The trainees with counts kept for one profile on any of `origins`. */
export async function countedTrainees(
  db: CompanionDb,
  profileId: string,
  origins: readonly string[],
): Promise<Set<string>> {
  const trainees = new Set<string>();
  for (const origin of origins) {
    const prefix = countersPrefix(profileId, origin);
    const keys = await db.counters.where('key').startsWith(prefix).primaryKeys();
    for (const key of keys) trainees.add(key.slice(prefix.length));
  }
  return trainees;
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
  return readWrite(db, ['counters', 'registrations', 'events', 'clock'], async () => {
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

/** Writes one history entry; returns its id. */
export async function logEvent(
  db: CompanionDb,
  profileId: string,
  at: number,
  event: NewEvent,
): Promise<number> {
  // `id` is auto-incremented: the key of an added entry is always a number.
  return (await db.events.add(eventRecord(profileId, at, event))) as number;
}

/** Corrects an entry written earlier, when a higher authority settles its attempt. */
export async function correctEvent(
  db: CompanionDb,
  id: number,
  change: Pick<EventRecord, 'outcome' | 'attemptsLeft'>,
): Promise<void> {
  await db.events.update(id, change);
}

function stripKey(record: CountersRecord): FailureCounters {
  const { key: _key, ...counters } = record;
  return counters;
}
