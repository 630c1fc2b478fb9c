import Dexie, { type EntityTable } from 'dexie';
import type { FailureCounters } from '../attempts/transitions';
import type { WrappedSecret } from '../crypto/pin-wrap';
import type { TotpParameters } from '../otp/types';
import type { CheckpointKind } from '../profiles/types';

/** The single registration slot: one person, one device (product brief §1). */
export const CURRENT_REGISTRATION = 'current';

export interface RegistrationRecord {
  readonly slot: typeof CURRENT_REGISTRATION;
  readonly profileId: string;
  readonly name: string;
  readonly phone: string;
  readonly lmsOrigin: string;
  readonly issuer: string;
  readonly accountName: string;
  readonly otp: TotpParameters;
  /** Null once five wrong PINs destroyed it; a new key must be issued. */
  readonly wrappedSecret: WrappedSecret | null;
  readonly consentVersion: number;
  readonly registeredAt: number;
}

export interface CountersRecord extends FailureCounters {
  /** `${profileId}|${phone}`: counts are per institute and trainee. */
  readonly key: string;
}

export const EVENT_TYPES = [
  'registered',
  'registrationDeleted',
  'checkpointShown',
  'codeSubmitted',
  'pinFailed',
  'secretWiped',
  'codesLocked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One line of the trainee's own history. Never holds a PIN, code or secret. */
export interface EventRecord {
  readonly id?: number;
  readonly at: number;
  readonly type: EventType;
  readonly profileId: string;
  readonly courseId: string | null;
  readonly kind: CheckpointKind | null;
  readonly method: 'app' | 'webOtp' | null;
  /** `notCounted`: the page refused the input before verifying it; no attempt was used. */
  readonly outcome: 'success' | 'failure' | 'locked' | 'notCounted' | null;
  readonly attemptsLeft: number | null;
}

export type CompanionDb = Dexie & {
  registrations: EntityTable<RegistrationRecord, 'slot'>;
  counters: EntityTable<CountersRecord, 'key'>;
  events: EntityTable<EventRecord, 'id'>;
};

export const DATABASE_NAME = 'checkpoint-companion';

/**
 * Opens the database. Each schema change adds a `version(n)` with its upgrade; earlier versions
 * stay declared so any installed database can be brought forward.
 */
export function openCompanionDb(name = DATABASE_NAME): CompanionDb {
  const db = new Dexie(name) as CompanionDb;
  db.version(1).stores({
    registrations: 'slot',
    counters: 'key',
    events: '++id, at, courseId, type',
  });
  return db;
}

export function countersKey(profileId: string, phone: string): string {
  return `${profileId}|${phone}`;
}
