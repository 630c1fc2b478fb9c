import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { afterVerifierReset } from '@/lib/attempts/transitions';
import { rememberCourseTitle } from '@/lib/db/courses';
import { readHistoryPage } from '@/lib/db/history';
import { getCounters, updateCounters } from '@/lib/db/repository';
import {
  type CompanionDb,
  CURRENT_REGISTRATION,
  countersKey,
  type EventRecord,
  openCompanionDb,
  UNPLACED_ORIGIN,
  type WebOtpRegistrationRecord,
} from '@/lib/db/schema';

const T = Date.UTC(2025, 2, 3, 1, 0, 0);
const names: string[] = [];

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

function databaseName(): string {
  const name = `migration-test-${Math.random().toString(36).slice(2)}`;
  names.push(name);
  return name;
}

/** A registration as version 1 stored it (no `lastSubmittedStep`, no `mode`). */
const V1_REGISTRATION: Omit<WebOtpRegistrationRecord, 'lastSubmittedStep' | 'mode'> = {
  slot: CURRENT_REGISTRATION,
  profileId: 'demo-lms',
  name: '홍길동',
  phone: '01012345678',
  lmsOrigin: 'http://127.0.0.1:8610',
  issuer: '데모 원격훈련원',
  accountName: '홍길동',
  otp: { algorithm: 'SHA1', digits: 6, period: 60 },
  wrappedSecret: {
    salt: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
    iv: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    ciphertext: new Uint8Array(36).fill(7),
    iterations: 150_000,
  },
  consentVersion: 1,
  registeredAt: T,
};

const V1_COUNTERS = [
  {
    key: 'demo-lms|01012345678',
    wrongPins: 2,
    wrongCodes: 3,
    codesLocked: false,
    secretWiped: false,
    updatedAt: T + 50,
  },
  {
    key: 'demo-lms|01099998888',
    wrongPins: 0,
    wrongCodes: 5,
    codesLocked: true,
    secretWiped: false,
    updatedAt: T + 60,
  },
];

type V1Event = Omit<EventRecord, 'id' | 'session' | 'skewSeconds'>;
const event = (at: number, patch: Partial<V1Event>): V1Event => ({
  at,
  type: 'codeSubmitted',
  profileId: 'demo-lms',
  courseId: null,
  kind: null,
  method: null,
  outcome: null,
  attemptsLeft: null,
  ...patch,
});

const V1_EVENTS: V1Event[] = [
  event(T, { type: 'registered' }),
  event(T + 10, { type: 'checkpointShown', courseId: 'c101', kind: 'entry' }),
  event(T + 20, { courseId: 'c101', kind: 'entry', method: 'app', outcome: 'failure', attemptsLeft: 4 }),
  event(T + 30, { courseId: 'c101', kind: 'entry', method: 'webOtp', outcome: 'success', attemptsLeft: 5 }),
  event(T + 40, { type: 'checkpointShown', courseId: 'c102', kind: 'entry' }),
  event(T + 50, { courseId: 'c102', kind: 'entry', method: 'app', outcome: 'failure', attemptsLeft: 4 }),
  event(T + 60, { type: 'pinFailed', attemptsLeft: 4 }),
];

/** Writes a version-1 database exactly as the first release declared it, then closes it. */
async function createVersion1(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores({
    registrations: 'slot',
    counters: 'key',
    events: '++id, at, courseId, type',
  });
  await v1.open();
  await v1.table('registrations').put(V1_REGISTRATION);
  await v1.table('counters').bulkPut(V1_COUNTERS);
  await v1.table('events').bulkAdd(V1_EVENTS);
  expect(v1.verno).toBe(1);
  v1.close();
}

async function upgraded(): Promise<CompanionDb> {
  const name = databaseName();
  await createVersion1(name);
  const db = openCompanionDb(name);
  await db.open();
  return db;
}

describe('upgrading a version-1 database', () => {
  it('opens at the current version (6) with the new tables', async () => {
    const db = await upgraded();
    expect(db.verno).toBe(6);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'clock',
      'counters',
      'courseProgress',
      'courses',
      'events',
      'registrations',
      'tabs',
    ]);
    db.close();
  });

  it('keeps the registration, the counters and every event as they were', async () => {
    const db = await upgraded();
    // v5 names the mode: every registration before it was a web-OTP key.
    expect(await db.registrations.get(CURRENT_REGISTRATION)).toEqual({ ...V1_REGISTRATION, mode: 'webOtp' });
    // v4 bound the counts to an origin: the registered trainee's to the origin registered on, the
    // other trainee's (an HRD page's) kept unplaced, for every origin of the profile.
    const [registered, other] = V1_COUNTERS;
    expect(await db.counters.toArray()).toEqual([
      {
        ...other,
        key: countersKey({ profileId: 'demo-lms', origin: UNPLACED_ORIGIN, trainee: '01099998888' }),
      },
      {
        ...registered,
        key: countersKey({ profileId: 'demo-lms', origin: 'http://127.0.0.1:8610', trainee: '01012345678' }),
      },
    ]);
    const events = await db.events.orderBy('id').toArray();
    expect(events.map(({ id: _id, ...rest }) => rest)).toEqual(V1_EVENTS);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    db.close();
  });

  it('rebuilds course progress from passed entry checks: c101 at session 1, nothing for c102', async () => {
    const db = await upgraded();
    expect(await db.courseProgress.get(['demo-lms', 'c101'])).toEqual({
      profileId: 'demo-lms',
      courseId: 'c101',
      entryVerifiedAt: T + 30,
      lastVerifiedSession: 1,
      lastDailyLoginDay: null,
      updatedAt: T + 30,
    });
    expect(await db.courseProgress.get(['demo-lms', 'c102'])).toBeUndefined();
    expect(await db.courseProgress.count()).toBe(1);
    expect(await db.clock.count()).toBe(0);
    db.close();
  });

  it('the [courseId+at] index works on the old events', async () => {
    const db = await upgraded();
    const c101 = await db.events
      .where('[courseId+at]')
      .between(['c101', 0], ['c101', Number.MAX_SAFE_INTEGER])
      .toArray();
    expect(c101.map((e) => e.at)).toEqual([T + 10, T + 20, T + 30]);
    const c102Before = await db.events
      .where('[courseId+at]')
      .between(['c102', 0], ['c102', T + 50])
      .toArray();
    expect(c102Before.map((e) => e.type)).toEqual(['checkpointShown']);
    // And the history reads through it, newest first.
    const page = await readHistoryPage(db, { courseId: 'c101', before: null, limit: 2 });
    expect(page.entries.map((e) => e.at)).toEqual([T + 30, T + 20]);
    expect(page.hasMore).toBe(true);
    expect(page.courses).toEqual(['c101', 'c102']);
    db.close();
  });

  it('new writes work after the upgrade, and reopening changes nothing', async () => {
    const name = databaseName();
    await createVersion1(name);
    const first = openCompanionDb(name);
    await first.table('registrations').update(CURRENT_REGISTRATION, { lastSubmittedStep: 29_050_000 });
    await first.events.add({
      ...event(T + 100, { courseId: 'c101', kind: 'session', outcome: 'success' }),
      session: 9,
    });
    first.close();
    const second = openCompanionDb(name);
    expect(await second.registrations.get(CURRENT_REGISTRATION)).toMatchObject({
      lastSubmittedStep: 29_050_000,
    });
    expect(await second.events.count()).toBe(V1_EVENTS.length + 1);
    expect(await second.courseProgress.count()).toBe(1);
    second.close();
  });

  it('an empty version-1 database upgrades to empty tables', async () => {
    const name = databaseName();
    const v1 = new Dexie(name);
    v1.version(1).stores({ registrations: 'slot', counters: 'key', events: '++id, at, courseId, type' });
    await v1.open();
    v1.close();
    const db = openCompanionDb(name);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.courseProgress.count()).toBe(0);
    expect(await db.courses.count()).toBe(0);
    expect(await db.tabs.count()).toBe(0);
    expect(await db.registrations.count()).toBe(0);
    db.close();
  });
});

describe('counts bound to an origin (v4)', () => {
  const owner = (origin: string, trainee = '01099998888') => ({ profileId: 'demo-lms', origin, trainee });

  it('an unplaced count applies on every origin of its profile until that origin has its own', async () => {
    const db = await upgraded();
    // The unplaced HRD count (5, locked) holds on any port until that origin's own count exists.
    expect(await getCounters(db, owner('http://127.0.0.1:9000'))).toMatchObject({
      wrongCodes: 5,
      codesLocked: true,
    });
    await updateCounters(db, owner('http://127.0.0.1:9000'), (c) => afterVerifierReset(c, T + 100));
    expect(await getCounters(db, owner('http://127.0.0.1:9000'))).toMatchObject({
      wrongCodes: 0,
      codesLocked: false,
    });
    // Lifting it on one origin leaves every other origin as strict as before.
    expect(await getCounters(db, owner('http://127.0.0.1:9001'))).toMatchObject({
      wrongCodes: 5,
      codesLocked: true,
    });
    // The registered trainee's counts live on their origin only: another port starts at zero.
    expect(await getCounters(db, owner('http://127.0.0.1:8610', '01012345678'))).toMatchObject({
      wrongCodes: 3,
    });
    expect(await getCounters(db, owner('http://127.0.0.1:8611', '01012345678'))).toMatchObject({
      wrongCodes: 0,
    });
    db.close();
  });

  it('a version-3 database is upgraded the same way, and the upgrade runs once', async () => {
    const name = databaseName();
    const v3 = new Dexie(name);
    v3.version(3).stores({
      registrations: 'slot',
      counters: 'key',
      events: '++id, at, courseId, type, [courseId+at]',
      courseProgress: '[profileId+courseId]',
      clock: 'origin',
      tabs: 'tabId, openerTabId, updatedAt',
    });
    await v3.open();
    await v3.table('registrations').put({ ...V1_REGISTRATION, lastSubmittedStep: null });
    await v3.table('counters').bulkPut(V1_COUNTERS);
    v3.close();
    const db = openCompanionDb(name);
    expect((await db.counters.toCollection().primaryKeys()).sort()).toEqual([
      'demo-lms|*|01099998888',
      'demo-lms|http://127.0.0.1:8610|01012345678',
    ]);
    db.close();
    const again = openCompanionDb(name);
    expect(await again.counters.count()).toBe(2);
    again.close();
  });
});

describe('registrations name their mode (v5)', () => {
  const V4_STORES = {
    registrations: 'slot',
    counters: 'key',
    events: '++id, at, courseId, type, [courseId+at]',
    courseProgress: '[profileId+courseId]',
    clock: 'origin',
    tabs: 'tabId, openerTabId, updatedAt',
  };

  async function version4With(registration: object | null): Promise<string> {
    const name = databaseName();
    const v4 = new Dexie(name);
    v4.version(4).stores(V4_STORES);
    await v4.open();
    if (registration) await v4.table('registrations').put(registration);
    v4.close();
    return name;
  }

  it('a version-4 web-OTP registration becomes mode webOtp, its key and step kept', async () => {
    const stored = { ...V1_REGISTRATION, lastSubmittedStep: 29_000_000 };
    const db = openCompanionDb(await version4With(stored));
    const record = await db.registrations.get(CURRENT_REGISTRATION);
    expect(record).toEqual({ ...stored, mode: 'webOtp' });
    expect(db.verno).toBe(6);
    db.close();
  });

  it('a version-4 database without a registration opens with none', async () => {
    const db = openCompanionDb(await version4With(null));
    expect(await db.registrations.count()).toBe(0);
    db.close();
  });

  it('an mOTP registration written at v5 is read back as it was', async () => {
    const db = openCompanionDb(databaseName());
    const motp = {
      slot: CURRENT_REGISTRATION,
      mode: 'hrdMotp',
      profileId: 'hrd-motp',
      name: null,
      phone: '01012345678',
      lmsOrigin: 'http://127.0.0.2:8610',
      consentVersion: 1,
      registeredAt: T,
    } as const;
    await db.registrations.put(motp);
    db.close();
    const again = openCompanionDb(db.name);
    expect(await again.registrations.get(CURRENT_REGISTRATION)).toEqual(motp);
    again.close();
  });
});

describe('course titles (v6)', () => {
  const V5_STORES = {
    registrations: 'slot',
    counters: 'key',
    events: '++id, at, courseId, type, [courseId+at]',
    courseProgress: '[profileId+courseId]',
    clock: 'origin',
    tabs: 'tabId, openerTabId, updatedAt',
  };
  const tab = (tabId: number, updatedAt: number, courseId: string | null, courseTitle: string | null) => ({
    tabId,
    openerTabId: null,
    frameId: 0,
    origin: 'http://127.0.0.1:8610',
    profileId: 'demo-lms',
    trainee: '01012345678',
    facts: {
      profileId: 'demo-lms',
      ruleId: 'demo-entry',
      kind: 'entry',
      mode: 'webOtp',
      courseId,
      courseTitle,
      session: null,
      traineeName: null,
      traineePhone: null,
      pageAttemptsLeft: null,
    },
    requestFacts: null,
    device: null,
    attempt: null,
    attemptEventId: null,
    noticeShownAt: null,
    overlaySubmitAt: null,
    updatedAt,
  });

  async function version5With(tabs: readonly object[]): Promise<string> {
    const name = databaseName();
    const v5 = new Dexie(name);
    v5.version(5).stores(V5_STORES);
    await v5.open();
    await v5.table('events').bulkAdd(V1_EVENTS);
    await v5.table('tabs').bulkPut(tabs);
    v5.close();
    return name;
  }

  it('keeps the history as it was and learns the titles the open tabs showed, the earliest for each course', async () => {
    const name = await version5With([
      tab(3, T + 30, 'c101', '  산업안전관리\n 실무 '),
      tab(4, T + 10, 'c101', '산업안전관리 실무 (1차)'),
      tab(5, T + 20, 'c102', '직장 내 괴롭힘 예방과 소통'),
      tab(6, T + 40, null, '과정 없음'),
      tab(7, T + 50, 'c103', '   '),
    ]);
    const db = openCompanionDb(name);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.events.count()).toBe(V1_EVENTS.length);
    expect(await db.courses.toArray()).toEqual([
      { profileId: 'demo-lms', courseId: 'c101', title: '산업안전관리 실무 (1차)', firstSeenAt: T + 10 },
      { profileId: 'demo-lms', courseId: 'c102', title: '직장 내 괴롭힘 예방과 소통', firstSeenAt: T + 20 },
    ]);
    db.close();
    // Reopening runs no upgrade again: the titles stay as they are.
    const again = openCompanionDb(name);
    expect(await again.courses.count()).toBe(2);
    const page = await readHistoryPage(again, { courseId: null, before: null, limit: 10 });
    expect(page.courseTitles.map((course) => course.courseId).sort()).toEqual(['c101', 'c102']);
    again.close();
  });

  it('a version-5 database with no open tab opens with no titles, and learns them as pages show them', async () => {
    const db = openCompanionDb(await version5With([]));
    await db.open();
    expect(await db.courses.count()).toBe(0);
    await rememberCourseTitle(db, { profileId: 'demo-lms', courseId: 'c101', title: '산업안전관리 실무' }, T);
    await rememberCourseTitle(db, { profileId: 'demo-lms', courseId: 'c101', title: '산업안전' }, T + 1);
    expect(await db.courses.get(['demo-lms', 'c101'])).toEqual({
      profileId: 'demo-lms',
      courseId: 'c101',
      title: '산업안전관리 실무',
      firstSeenAt: T,
    });
    db.close();
  });
});
