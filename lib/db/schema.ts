import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { AttemptState } from '../attempts/authority';
import type { FailureCounters } from '../attempts/transitions';
import type { FormOutcome, PageFacts } from '../checkpoints/detect';
import type { CourseProgress } from '../checkpoints/policy';
import type { WrappedSecret } from '../crypto/pin-wrap';
import type { RequestFacts } from '../hrd/answers';
import type { DeviceState } from '../messaging/protocol';
import type { ClockOffset } from '../otp/clock';
import type { TotpParameters } from '../otp/types';
import type { CheckpointKind } from '../profiles/types';
import { cleanCourseTitle } from './course-titles';

/** The single registration slot: one person, one device (docs/rules.md). */
export const CURRENT_REGISTRATION = 'current';

interface RegistrationBase {
  readonly slot: typeof CURRENT_REGISTRATION;
  readonly profileId: string;
  readonly lmsOrigin: string;
  readonly consentVersion: number;
  readonly registeredAt: number;
}

/** A web-OTP trainee with the institute's key, wrapped by their PIN. */
export interface WebOtpRegistrationRecord extends RegistrationBase {
  /** Set by the v5 upgrade on records written before it, which were all web OTP. */
  readonly mode: 'webOtp';
  readonly name: string;
  readonly phone: string;
  readonly issuer: string;
  readonly accountName: string;
  readonly otp: TotpParameters;
  /** Null once five wrong PINs destroyed it; a new key must be issued. */
  readonly wrappedSecret: WrappedSecret | null;
  /** The last web-OTP time step submitted: the same step is never submitted twice (v2). */
  readonly lastSubmittedStep?: number | null;
}

/** An HRD mOTP trainee (v5): no key, and the name and number only if they gave them. */
export interface MotpRegistrationRecord extends RegistrationBase {
  readonly mode: 'hrdMotp';
  readonly name: string | null;
  readonly phone: string | null;
}

export type RegistrationRecord = WebOtpRegistrationRecord | MotpRegistrationRecord;

export interface CourseProgressRecord extends CourseProgress {
  readonly profileId: string;
  readonly courseId: string;
  readonly updatedAt: number;
}

export interface ClockRecord extends ClockOffset {
  /** The LMS origin the offset was measured against. */
  readonly origin: string;
}

export interface CountersRecord extends FailureCounters {
  /** `countersKey(owner)`: counts are per institute, exact LMS origin and trainee (v4). */
  readonly key: string;
}

/**
 * Whose counts a record holds. The origin is exact (scheme, host and port): a look-alike on
 * another port or host of a profile's pattern gets counts of its own and can never move, lock
 * or clear the real LMS's.
 */
export interface CountersOwner {
  readonly profileId: string;
  readonly origin: string;
  readonly trainee: string;
}

/**
 * The origin part of counts kept before v4 bound them to an origin and that could not be placed
 * on one (no registration named it): they apply to every origin of the profile that has no count
 * of its own yet, so upgrading never forgets a wrong code.
 */
export const UNPLACED_ORIGIN = '*';

/**
 * Where a tab's checkpoint is and what happened to its latest attempt (v3). Kept in IndexedDB so a
 * reload, a closed popup or a navigation after a submit loses nothing, and a stopped worker too.
 * Tab ids live for one browser session: the table is cleared at browser start.
 */
export interface TabCheckpointRecord {
  readonly tabId: number;
  /** The tab that opened this one (the course page of a checkpoint popup). */
  readonly openerTabId: number | null;
  /** The frame that holds the checkpoint's form; 0 for the top frame. */
  readonly frameId: number;
  /** That frame's origin: fills go to it. */
  readonly origin: string;
  /**
   * The tab's address (top frame's origin): the attempt's counts are bound to it. Absent in
   * records written before it existed, which meant `origin`.
   */
  readonly topOrigin?: string;
  readonly profileId: string;
  /** Whose counters the attempt moves (`countersKey` phone part). */
  readonly trainee: string;
  readonly facts: PageFacts | null;
  /** What the page's latest request said (EVAL_CD, CLASS_TME, USER_NM, USER_TEL). */
  readonly requestFacts: Omit<RequestFacts, 'carriesCode' | 'codeLength' | 'hrdTime'> | null;
  readonly device: DeviceState | null;
  readonly attempt: AttemptState | null;
  /** The history entry written for the attempt, so a later, higher authority corrects it in place. */
  readonly attemptEventId: number | null;
  /** When the outcome was shown on the page it led to; a notice is shown once. */
  readonly noticeShownAt: number | null;
  /** When the overlay last forwarded a code here: the next request the page sends is that code. */
  readonly overlaySubmitAt: number | null;
  /**
   * A fill sent to the page whose result is not counted yet: settled once, by whichever comes
   * first — the content script's reply or its own `page/filled` report (a worker stopped while
   * the page answers is woken by the report). Absent in records written before it existed.
   */
  readonly pendingFill?: PendingFill | null;
  readonly updatedAt: number;
}

export interface PendingFill {
  readonly id: string;
  readonly method: 'app' | 'webOtp';
  /** The frame filled, which alone may report the result. */
  readonly frameId: number;
  readonly origin: string;
  /** Whose counts the result moves. */
  readonly owner: CountersOwner;
  readonly about: {
    readonly courseId: string | null;
    readonly kind: CheckpointKind;
    readonly session: number | null;
  };
  readonly submittedAt: number;
}

export const EVENT_TYPES = [
  'registered',
  'registrationDeleted',
  'checkpointShown',
  'codeSubmitted',
  'pinFailed',
  'secretWiped',
  'codesLocked',
  'lockReset',
  'clockSkew',
  'verifierUnavailable',
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
  /** The page's answer; `notCounted` and `unavailable` used no attempt. */
  readonly outcome: FormOutcome | null;
  readonly attemptsLeft: number | null;
  /** The session opened, for session and video checkpoints. */
  readonly session?: number | null;
  /** For clockSkew: the measured offset (server − device), in seconds. */
  readonly skewSeconds?: number | null;
}

/**
 * A course's title as the LMS first showed it (v6). The history keeps course ids; the trainee reads
 * titles. The first title seen stays: a page that later shows a shortened or a different heading
 * does not rename the course in the trainee's history.
 */
export interface CourseRecord {
  readonly profileId: string;
  readonly courseId: string;
  readonly title: string;
  readonly firstSeenAt: number;
}

export type CompanionDb = Dexie & {
  registrations: EntityTable<RegistrationRecord, 'slot'>;
  counters: EntityTable<CountersRecord, 'key'>;
  events: EntityTable<EventRecord, 'id'>;
  /** Keyed by `[profileId, courseId]`. */
  courseProgress: Table<CourseProgressRecord, [profileId: string, courseId: string]>;
  clock: EntityTable<ClockRecord, 'origin'>;
  tabs: EntityTable<TabCheckpointRecord, 'tabId'>;
  /** Keyed by `[profileId, courseId]`. */
  courses: Table<CourseRecord, [profileId: string, courseId: string]>;
};

/** The tables of `CompanionDb`, by name: what a transaction's scope lists. */
export type CompanionTable =
  | 'registrations'
  | 'counters'
  | 'events'
  | 'courseProgress'
  | 'clock'
  | 'tabs'
  | 'courses';

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
  // v2: per-course progress (when a session check is due), the LMS clock offset, and the history
  // indexed by course and time for the timeline. Progress is rebuilt from the v1 history so a
  // trainee who already passed a course's first entry is not asked to again.
  db.version(2)
    .stores({
      registrations: 'slot',
      counters: 'key',
      events: '++id, at, courseId, type, [courseId+at]',
      courseProgress: '[profileId+courseId]',
      clock: 'origin',
    })
    .upgrade(async (tx) => {
      const passed = await tx
        .table<EventRecord>('events')
        .filter(
          (event) => event.type === 'codeSubmitted' && event.outcome === 'success' && event.kind === 'entry',
        )
        .toArray();
      // Oldest first, so a course's first passed entry is the one kept.
      passed.sort((a, b) => a.at - b.at);
      for (const event of passed) {
        if (!event.courseId) continue;
        const key = [event.profileId, event.courseId];
        if (await tx.table('courseProgress').get(key)) continue;
        await tx.table<CourseProgressRecord>('courseProgress').put({
          profileId: event.profileId,
          courseId: event.courseId,
          entryVerifiedAt: event.at,
          lastVerifiedSession: 1,
          lastDailyLoginDay: null,
          updatedAt: event.at,
        });
      }
    });
  // v3: each tab's checkpoint frame and pending attempt (HRD pages answer by alert and reload).
  const v3Stores = {
    registrations: 'slot',
    counters: 'key',
    events: '++id, at, courseId, type, [courseId+at]',
    courseProgress: '[profileId+courseId]',
    clock: 'origin',
    tabs: 'tabId, openerTabId, updatedAt',
  };
  db.version(3).stores(v3Stores);
  // v4: counters bound to the exact origin. The registered trainee's counts move to the origin
  // they registered on; any other count is kept as unplaced (see `UNPLACED_ORIGIN`).
  // The same tables and indexes: only the counters' keys change.
  db.version(4)
    .stores(v3Stores)
    .upgrade(async (tx) => {
      const registration = await tx.table<RegistrationRecord>('registrations').get(CURRENT_REGISTRATION);
      const counters = tx.table<CountersRecord>('counters');
      for (const record of await counters.toArray()) {
        const parts = record.key.split('|');
        if (parts.length !== 2) continue;
        const [profileId = '', trainee = ''] = parts;
        const registered = registration?.profileId === profileId && registration.phone === trainee;
        const origin = registered ? registration.lmsOrigin : UNPLACED_ORIGIN;
        await counters.delete(record.key);
        await counters.put({ ...record, key: countersKey({ profileId, origin, trainee }) });
      }
    });
  // v5: registrations name their mode; every earlier one was a web-OTP key. Same tables.
  db.version(5).stores(v3Stores).upgrade(nameRegistrationModes);
  // v6: course titles for the history, first seen kept. The tabs still open hold the titles their
  // checkpoints showed: those are the only titles an upgraded database can know.
  db.version(6)
    .stores({ ...v3Stores, courses: '[profileId+courseId]' })
    .upgrade(titlesFromOpenTabs);
  return db;
}

/** v6: the course titles the open tabs' checkpoints showed, the earliest seen for each course. */
async function titlesFromOpenTabs(tx: Transaction): Promise<void> {
  const tabs = await tx.table<TabCheckpointRecord>('tabs').orderBy('updatedAt').toArray();
  const courses = tx.table<CourseRecord>('courses');
  for (const { profileId, facts, updatedAt } of tabs) {
    const title = cleanCourseTitle(facts?.courseTitle);
    if (!facts?.courseId || !title) continue;
    if (await courses.get([profileId, facts.courseId])) continue;
    await courses.put({ profileId, courseId: facts.courseId, title, firstSeenAt: updatedAt });
  }
}

/** v5: every registration stored before modes existed was a web-OTP key. */
async function nameRegistrationModes(tx: Transaction): Promise<void> {
  await tx
    .table('registrations')
    .toCollection()
    .modify((record: { mode?: string }) => {
      record.mode ??= 'webOtp';
    });
}

export function countersKey(owner: CountersOwner): string {
  return `${owner.profileId}|${owner.origin}|${owner.trainee}`;
}

/** The key prefix of every count kept for one profile on one origin (`UNPLACED_ORIGIN` included). */
export function countersPrefix(profileId: string, origin: string): string {
  return `${profileId}|${origin}|`;
}
