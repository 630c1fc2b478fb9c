import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { INITIAL_COUNTERS } from '@/lib/attempts/transitions';
import { NO_PROGRESS } from '@/lib/checkpoints/policy';
import { deleteClockOffset, readClockOffset, storeClockOffset } from '@/lib/db/clock';
import { deleteAllHistory, readEventsSince } from '@/lib/db/history';
import { LMS_WIDE_PROGRESS, progressKey, readProgress, recordProgress } from '@/lib/db/progress';
import {
  claimStep,
  countedTrainees,
  deleteRegistration,
  getRegistration,
  logEvent,
  putCounters,
  putRegistration,
  wipeSecret,
} from '@/lib/db/repository';
import {
  type CompanionDb,
  CURRENT_REGISTRATION,
  openCompanionDb,
  type PendingFill,
  type TabCheckpointRecord,
  UNPLACED_ORIGIN,
  type WebOtpRegistrationRecord,
} from '@/lib/db/schema';
import {
  clearTabs,
  getTab,
  holdPendingFill,
  markNoticeShown,
  putTab,
  tabsOpenedBy,
  tabsUpdatedAfter,
  takePendingFill,
} from '@/lib/db/tabs';
import { NOTABLE_SKEW_MS } from '@/lib/otp/clock';

const T = Date.UTC(2025, 2, 3, 1, 0, 0);
const ORIGIN = 'http://127.0.0.1:8610';
const dbs: CompanionDb[] = [];

afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function freshDb(): CompanionDb {
  const db = openCompanionDb(`repositories-test-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  return db;
}

const REGISTRATION: WebOtpRegistrationRecord = {
  slot: CURRENT_REGISTRATION,
  mode: 'webOtp',
  profileId: 'demo-lms',
  name: '홍길동',
  phone: '01012345678',
  lmsOrigin: ORIGIN,
  issuer: 'Demo LMS',
  accountName: 'hong',
  otp: { algorithm: 'SHA1', digits: 6, period: 60 },
  wrappedSecret: null,
  consentVersion: 1,
  registeredAt: T,
  lastSubmittedStep: null,
};

const eventTypes = async (db: CompanionDb) => (await db.events.orderBy('id').toArray()).map((e) => e.type);

describe('registration repository', () => {
  it('claims each web-OTP step once, never one at or before the last claimed', async () => {
    const db = freshDb();
    expect(await claimStep(db, 10)).toEqual({ claimed: false, reason: 'notRegistered' });
    await putRegistration(db, REGISTRATION);
    expect(await claimStep(db, 10)).toEqual({ claimed: true });
    expect(await claimStep(db, 10)).toEqual({ claimed: false, reason: 'alreadyUsed', period: 60 });
    expect(await claimStep(db, 9)).toEqual({ claimed: false, reason: 'alreadyUsed', period: 60 });
    expect(await claimStep(db, 11)).toEqual({ claimed: true });
    expect(await getRegistration(db)).toMatchObject({ lastSubmittedStep: 11 });
  });

  it('two claims of one step at once: exactly one wins', async () => {
    const db = freshDb();
    await putRegistration(db, REGISTRATION);
    const claims = await Promise.all([claimStep(db, 5), claimStep(db, 5)]);
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
  });

  it('deletes the registration with a history entry, and does nothing without one', async () => {
    const db = freshDb();
    await deleteRegistration(db, T);
    expect(await eventTypes(db)).toEqual([]);
    await putRegistration(db, REGISTRATION);
    await deleteRegistration(db, T + 1);
    expect(await getRegistration(db)).toBeNull();
    expect(await db.events.toArray()).toMatchObject([
      { type: 'registrationDeleted', profileId: 'demo-lms', at: T + 1 },
    ]);
  });

  it('wipes the secret and keeps the rest of the registration', async () => {
    const db = freshDb();
    const wrappedSecret = {
      salt: new Uint8Array(16),
      iv: new Uint8Array(12),
      ciphertext: new Uint8Array(20),
      iterations: 1,
    };
    await putRegistration(db, { ...REGISTRATION, wrappedSecret });
    await wipeSecret(db);
    expect(await getRegistration(db)).toEqual({ ...REGISTRATION, wrappedSecret: null });
  });
});

describe('counters repository', () => {
  it('names the trainees counted on the given origins of one profile only', async () => {
    const db = freshDb();
    await putCounters(db, { profileId: 'demo-lms', origin: ORIGIN, trainee: 'a' }, INITIAL_COUNTERS);
    await putCounters(db, { profileId: 'demo-lms', origin: UNPLACED_ORIGIN, trainee: 'b' }, INITIAL_COUNTERS);
    await putCounters(db, { profileId: 'demo-lms', origin: `${ORIGIN}1`, trainee: 'c' }, INITIAL_COUNTERS);
    await putCounters(db, { profileId: 'other', origin: ORIGIN, trainee: 'd' }, INITIAL_COUNTERS);
    expect([...(await countedTrainees(db, 'demo-lms', [ORIGIN, UNPLACED_ORIGIN]))].sort()).toEqual([
      'a',
      'b',
    ]);
    expect([...(await countedTrainees(db, 'demo-lms', [ORIGIN]))]).toEqual(['a']);
  });
});

describe('history repository', () => {
  it('reads one type of entry after a time, and deletes all of them', async () => {
    const db = freshDb();
    await logEvent(db, 'demo-lms', T, { type: 'checkpointShown' });
    await logEvent(db, 'demo-lms', T + 10, { type: 'checkpointShown' });
    await logEvent(db, 'demo-lms', T + 20, { type: 'registered' });
    expect((await readEventsSince(db, 'checkpointShown', T)).map((entry) => entry.at)).toEqual([T + 10]);
    expect((await readEventsSince(db, 'checkpointShown', T - 1)).map((entry) => entry.at)).toEqual([
      T,
      T + 10,
    ]);
    expect(await deleteAllHistory(db)).toBe(3);
    expect(await db.events.count()).toBe(0);
  });

  it('fills the fields an event does not name with null', async () => {
    const db = freshDb();
    const id = await logEvent(db, 'demo-lms', T, { type: 'pinFailed', attemptsLeft: 4 });
    expect(await db.events.get(id)).toEqual({
      id,
      at: T,
      type: 'pinFailed',
      profileId: 'demo-lms',
      courseId: null,
      kind: null,
      method: null,
      outcome: null,
      attemptsLeft: 4,
    });
  });
});

describe('progress repository', () => {
  it('keeps progress by course, daily logins for the LMS as a whole', () => {
    expect(progressKey({ courseId: 'c101', kind: 'session' })).toBe('c101');
    expect(progressKey({ courseId: null, kind: 'dailyLogin' })).toBe(LMS_WIDE_PROGRESS);
    expect(progressKey({ courseId: null, kind: 'entry' })).toBeNull();
  });

  it('reads no progress for nothing recorded, and applies a transition to what is', async () => {
    const db = freshDb();
    expect(await readProgress(db, 'demo-lms', null)).toEqual(NO_PROGRESS);
    expect(await readProgress(db, 'demo-lms', 'c101')).toEqual(NO_PROGRESS);
    await recordProgress(db, 'demo-lms', 'c101', (p) => ({ ...p, entryVerifiedAt: T }), T + 1);
    await recordProgress(db, 'demo-lms', 'c101', (p) => ({ ...p, lastVerifiedSession: 2 }), T + 2);
    expect(await readProgress(db, 'demo-lms', 'c101')).toEqual({
      ...NO_PROGRESS,
      entryVerifiedAt: T,
      lastVerifiedSession: 2,
    });
    expect(await readProgress(db, 'other', 'c101')).toEqual(NO_PROGRESS);
    expect(await db.courseProgress.get(['demo-lms', 'c101'])).toMatchObject({ updatedAt: T + 2 });
  });
});

describe('clock repository', () => {
  const offset = (offsetMs: number, measuredAt = T) => ({ offsetMs, uncertaintyMs: 500, measuredAt });

  it('writes a skew to the history only when it first becomes notable', async () => {
    const db = freshDb();
    await putRegistration(db, REGISTRATION);
    await storeClockOffset(db, ORIGIN, offset(1000), null);
    expect(await eventTypes(db)).toEqual([]);
    await storeClockOffset(db, ORIGIN, offset(NOTABLE_SKEW_MS + 1500), offset(1000));
    await storeClockOffset(db, ORIGIN, offset(NOTABLE_SKEW_MS + 3000), offset(NOTABLE_SKEW_MS + 1500));
    expect(await db.events.toArray()).toMatchObject([
      { type: 'clockSkew', profileId: 'demo-lms', skewSeconds: Math.round((NOTABLE_SKEW_MS + 1500) / 1000) },
    ]);
    expect(await readClockOffset(db, ORIGIN)).toMatchObject(offset(NOTABLE_SKEW_MS + 3000));
    await deleteClockOffset(db, ORIGIN);
    expect(await readClockOffset(db, ORIGIN)).toBeNull();
  });

  it('a first measurement already skewed is written down, for no institute without a registration', async () => {
    const db = freshDb();
    await storeClockOffset(db, ORIGIN, offset(-NOTABLE_SKEW_MS), null);
    expect(await db.events.toArray()).toMatchObject([{ type: 'clockSkew', profileId: '' }]);
  });
});

describe('tabs repository', () => {
  const tab = (tabId: number, changes: Partial<TabCheckpointRecord> = {}): TabCheckpointRecord => ({
    tabId,
    openerTabId: null,
    frameId: 0,
    origin: ORIGIN,
    topOrigin: ORIGIN,
    profileId: 'demo-lms',
    trainee: 'a',
    facts: null,
    requestFacts: null,
    device: null,
    attempt: null,
    attemptEventId: null,
    noticeShownAt: null,
    overlaySubmitAt: null,
    updatedAt: T,
    ...changes,
  });
  const fill: PendingFill = {
    id: 'fill-1',
    method: 'app',
    frameId: 0,
    origin: ORIGIN,
    owner: { profileId: 'demo-lms', origin: ORIGIN, trainee: 'a' },
    about: { courseId: 'c101', kind: 'entry', session: null },
    submittedAt: T + 5,
  };

  it('hands a pending fill out once, and only the one held', async () => {
    const db = freshDb();
    await putTab(db, tab(7));
    await holdPendingFill(db, 7, fill);
    expect(await getTab(db, 7)).toMatchObject({ pendingFill: fill, overlaySubmitAt: T + 5 });
    expect(await takePendingFill(db, 7, 'fill-2')).toBe(false);
    const taken = await Promise.all([takePendingFill(db, 7, 'fill-1'), takePendingFill(db, 7, 'fill-1')]);
    expect(taken.sort()).toEqual([false, true]);
    expect((await getTab(db, 7))?.pendingFill).toBeNull();
  });

  it('marks a notice shown at its first showing only', async () => {
    const db = freshDb();
    await putTab(db, tab(7));
    await markNoticeShown(db, 7, T + 1);
    await markNoticeShown(db, 7, T + 2);
    await markNoticeShown(db, 8, T + 2);
    expect((await getTab(db, 7))?.noticeShownAt).toBe(T + 1);
    expect(await getTab(db, 8)).toBeNull();
  });

  it('finds tabs by opener and by time, and clears them all', async () => {
    const db = freshDb();
    await putTab(db, tab(7));
    await putTab(db, tab(8, { openerTabId: 7, updatedAt: T + 10 }));
    await putTab(db, tab(9, { updatedAt: T + 20 }));
    expect((await tabsOpenedBy(db, 7)).map((t) => t.tabId)).toEqual([8]);
    expect((await tabsUpdatedAfter(db, T + 10)).map((t) => t.tabId)).toEqual([9]);
    await clearTabs(db);
    expect(await db.tabs.count()).toBe(0);
  });
});
