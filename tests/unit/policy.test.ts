import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterVerified,
  type CheckpointPolicy,
  type CourseProgress,
  DEFAULT_POLICY,
  type DueDecision,
  decideCheckpoint,
  koreanDay,
  NO_PROGRESS,
} from '@/lib/checkpoints/policy';
import { DEMO_LMS_PROFILE, HRD_MOTP_PROFILE } from '@/lib/profiles/bundled';
import type { CheckpointKind } from '@/lib/profiles/types';

const T = Date.UTC(2025, 2, 3, 1, 0, 0);

/** A trainee walking a course: each page opened is decided, and a due check is passed. */
class Course {
  progress: CourseProgress;
  readonly due: { kind: CheckpointKind; session: number | null; decision: DueDecision }[] = [];

  constructor(
    readonly policy: CheckpointPolicy = DEFAULT_POLICY,
    progress: CourseProgress = NO_PROGRESS,
  ) {
    this.progress = progress;
  }

  open(kind: CheckpointKind, session: number | null = null, now = T): DueDecision {
    const decision = decideCheckpoint({ kind, session, progress: this.progress, policy: this.policy, now });
    if (decision.due) {
      this.due.push({ kind, session, decision });
      this.progress = afterVerified(this.progress, kind, session, now);
    }
    return decision;
  }

  dueSessions(): (number | null)[] {
    return this.due.filter((d) => d.kind === 'session').map((d) => d.session);
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a whole course, sessions 1 to 25', () => {
  it('asks at entry, then exactly at sessions 9, 17 and 25', () => {
    const course = new Course();
    expect(course.open('entry')).toEqual({ due: true, reason: 'firstEntry' });
    expect(course.progress).toMatchObject({ entryVerifiedAt: T, lastVerifiedSession: 1 });
    for (const session of range(1, 25)) course.open('session', session);
    expect(course.dueSessions()).toEqual([9, 17, 25]);
    expect(course.due.map((d) => d.kind)).toEqual(['entry', 'session', 'session', 'session']);
    expect(course.progress.lastVerifiedSession).toBe(25);
  });

  it('gives the reason and the distance at every step', () => {
    const course = new Course();
    course.open('entry');
    expect(course.open('session', 1)).toEqual({
      due: false,
      reason: 'sessionCovered',
      lastVerifiedSession: 1,
      sessionsSince: 0,
    });
    for (const session of range(2, 7)) course.open('session', session);
    expect(course.open('session', 8)).toEqual({
      due: false,
      reason: 'sessionCovered',
      lastVerifiedSession: 1,
      sessionsSince: 7,
    });
    expect(course.open('session', 9)).toEqual({
      due: true,
      reason: 'sessionInterval',
      lastVerifiedSession: 1,
      sessionsSince: 8,
    });
    expect(course.open('session', 10)).toMatchObject({
      due: false,
      lastVerifiedSession: 9,
      sessionsSince: 1,
    });
  });

  it('an evaluation, exam or assignment between them is always due and moves no session count', () => {
    const course = new Course();
    course.open('entry');
    for (const session of range(1, 25)) {
      course.open('session', session);
      if (session === 5) expect(course.open('evaluation')).toEqual({ due: true, reason: 'beforeAssessment' });
      if (session === 12) {
        // Every time, even twice in a row.
        expect(course.open('exam').due).toBe(true);
        expect(course.open('exam').due).toBe(true);
      }
      if (session === 16)
        expect(course.open('assignment')).toEqual({ due: true, reason: 'beforeAssessment' });
    }
    expect(course.dueSessions()).toEqual([9, 17, 25]);
    expect(course.due.map((d) => d.kind)).toEqual([
      'entry',
      'evaluation',
      'session',
      'exam',
      'exam',
      'assignment',
      'session',
      'session',
    ]);
  });

  it('a passed assessment leaves the progress as it was', () => {
    const progress: CourseProgress = { entryVerifiedAt: T, lastVerifiedSession: 9, lastDailyLoginDay: null };
    for (const kind of ['evaluation', 'exam', 'assignment', 'video'] as const) {
      expect(afterVerified(progress, kind, 12, T + 1), kind).toEqual(progress);
    }
  });
});

describe('resuming, re-entering, and out-of-order pages', () => {
  it('resuming mid-course: last verified at 9, opening 12 is covered, 17 is due', () => {
    const course = new Course(DEFAULT_POLICY, {
      entryVerifiedAt: T,
      lastVerifiedSession: 9,
      lastDailyLoginDay: null,
    });
    expect(course.open('session', 12)).toEqual({
      due: false,
      reason: 'sessionCovered',
      lastVerifiedSession: 9,
      sessionsSince: 3,
    });
    expect(course.open('session', 16).due).toBe(false);
    expect(course.open('session', 17)).toEqual({
      due: true,
      reason: 'sessionInterval',
      lastVerifiedSession: 9,
      sessionsSince: 8,
    });
  });

  it('a course entered twice: the second entry is not due', () => {
    const course = new Course();
    course.open('entry', null, T);
    expect(course.open('entry', null, T + 86_400_000)).toEqual({
      due: false,
      reason: 'entryAlreadyVerified',
    });
    expect(course.progress.entryVerifiedAt).toBe(T);
  });

  it('passing the entry again keeps the first time and never moves the session count back', () => {
    const progress: CourseProgress = { entryVerifiedAt: T, lastVerifiedSession: 17, lastDailyLoginDay: null };
    expect(afterVerified(progress, 'entry', null, T + 5)).toEqual(progress);
  });

  it('a session page before any entry check is due (there is nothing to count from)', () => {
    const course = new Course();
    expect(course.open('session', 3)).toEqual({ due: true, reason: 'entryFirst' });
    expect(course.progress).toMatchObject({ entryVerifiedAt: T, lastVerifiedSession: 3 });
    expect(course.open('session', 10).due).toBe(false);
    expect(course.open('session', 11)).toMatchObject({
      due: true,
      reason: 'sessionInterval',
      sessionsSince: 8,
    });
  });

  it('going back to an earlier session is covered', () => {
    const course = new Course(DEFAULT_POLICY, {
      entryVerifiedAt: T,
      lastVerifiedSession: 17,
      lastDailyLoginDay: null,
    });
    expect(course.open('session', 2)).toMatchObject({
      due: false,
      reason: 'sessionCovered',
      sessionsSince: -15,
    });
  });

  it('a passed session check never lowers the last verified session', () => {
    const progress: CourseProgress = { entryVerifiedAt: T, lastVerifiedSession: 17, lastDailyLoginDay: null };
    expect(afterVerified(progress, 'session', 9, T).lastVerifiedSession).toBe(17);
    expect(afterVerified(progress, 'session', null, T).lastVerifiedSession).toBe(17);
  });

  it('courses are independent: progress is per course', () => {
    const a = new Course();
    const b = new Course();
    a.open('entry');
    for (const session of range(1, 9)) a.open('session', session);
    expect(b.open('entry')).toEqual({ due: true, reason: 'firstEntry' });
    expect(b.open('session', 9).due).toBe(true);
    expect(a.dueSessions()).toEqual([9]);
  });
});

describe('the interval comes from the profile', () => {
  it('the bundled profiles use 8', () => {
    expect(DEFAULT_POLICY.sessionInterval).toBe(8);
    expect(DEMO_LMS_PROFILE.policy.sessionInterval).toBe(8);
    expect(HRD_MOTP_PROFILE.policy.sessionInterval).toBe(8);
  });

  it('with 5, checks come at 6, 11, 16, 21', () => {
    const course = new Course({ ...DEFAULT_POLICY, sessionInterval: 5 });
    course.open('entry');
    for (const session of range(1, 25)) course.open('session', session);
    expect(course.dueSessions()).toEqual([6, 11, 16, 21]);
  });

  it('with 1, every new session asks', () => {
    const course = new Course({ ...DEFAULT_POLICY, sessionInterval: 1 });
    course.open('entry');
    for (const session of range(1, 6)) course.open('session', session);
    expect(course.dueSessions()).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('first login of the day', () => {
  const daily: CheckpointPolicy = { ...DEFAULT_POLICY, dailyLoginCheck: true };

  it('koreanDay is the calendar day at UTC+9: UTC 14:59 and 15:00 are different Korean days', () => {
    expect(koreanDay(Date.UTC(2025, 2, 3, 14, 59, 59, 999))).toBe('2025-03-03');
    expect(koreanDay(Date.UTC(2025, 2, 3, 15, 0, 0))).toBe('2025-03-04');
    expect(koreanDay(Date.UTC(2025, 2, 3, 0, 0, 0))).toBe('2025-03-03');
    // Year end, and a leap day.
    expect(koreanDay(Date.UTC(2024, 11, 31, 15, 0, 0))).toBe('2025-01-01');
    expect(koreanDay(Date.UTC(2024, 1, 28, 15, 0, 0))).toBe('2024-02-29');
  });

  it('is due once per Korean day, whatever the device time zone', () => {
    const course = new Course(daily);
    const evening = Date.UTC(2025, 2, 3, 14, 59);
    expect(course.open('dailyLogin', null, evening)).toEqual({ due: true, reason: 'dailyLogin' });
    expect(course.progress.lastDailyLoginDay).toBe('2025-03-03');
    expect(course.open('dailyLogin', null, evening + 30_000)).toEqual({
      due: false,
      reason: 'dailyLoginDone',
    });
    // One minute later it is midnight in Korea: a new day.
    expect(course.open('dailyLogin', null, evening + 60_000)).toEqual({ due: true, reason: 'dailyLogin' });
    expect(course.progress.lastDailyLoginDay).toBe('2025-03-04');
  });

  it('is not required when the profile does not ask for it', () => {
    expect(
      decideCheckpoint({
        kind: 'dailyLogin',
        session: null,
        progress: NO_PROGRESS,
        policy: DEFAULT_POLICY,
        now: T,
      }),
    ).toEqual({ due: false, reason: 'notRequired' });
  });

  it('passing it touches neither the entry nor the session count', () => {
    const progress: CourseProgress = {
      entryVerifiedAt: null,
      lastVerifiedSession: null,
      lastDailyLoginDay: null,
    };
    expect(afterVerified(progress, 'dailyLogin', null, T)).toEqual({
      ...progress,
      lastDailyLoginDay: '2025-03-03',
    });
  });
});

describe('video pop-ups', () => {
  it('are due when the profile asks for them, every time', () => {
    const course = new Course({ ...DEFAULT_POLICY, videoCheck: true });
    course.open('entry');
    expect(course.open('video', 3)).toEqual({ due: true, reason: 'videoCheck' });
    expect(course.open('video', 3)).toEqual({ due: true, reason: 'videoCheck' });
    expect(course.progress.lastVerifiedSession).toBe(1);
  });

  it('are not required when it does not', () => {
    const course = new Course({ ...DEFAULT_POLICY, videoCheck: false });
    expect(course.open('video', 3)).toEqual({ due: false, reason: 'notRequired' });
  });
});

describe('properties', () => {
  const increasingSessions = fc
    .uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 60 })
    .map((sessions) => [...sessions].sort((a, b) => a - b));

  it('for any interval and increasing sessions, checks = the times n − last ≥ interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), increasingSessions, (interval, sessions) => {
        const course = new Course({ ...DEFAULT_POLICY, sessionInterval: interval });
        course.open('entry');
        let last = 1;
        const expected: number[] = [];
        for (const n of sessions) {
          if (n - last >= interval) {
            expected.push(n);
            last = n;
          }
          course.open('session', n);
        }
        expect(course.dueSessions()).toEqual(expected);
        expect(course.progress.lastVerifiedSession).toBe(last);
      }),
    );
  });

  it('walking every session 1..N asks exactly at 1 + k·interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 120 }), (interval, sessions) => {
        const course = new Course({ ...DEFAULT_POLICY, sessionInterval: interval });
        course.open('entry');
        for (const n of range(1, sessions)) course.open('session', n);
        const expected = range(1, sessions).filter((n) => n > 1 && (n - 1) % interval === 0);
        expect(course.dueSessions()).toEqual(expected);
      }),
    );
  });

  it('assessments are due whatever the progress, and never change it', () => {
    const progress = fc.record({
      entryVerifiedAt: fc.option(fc.integer({ min: 0, max: T }), { nil: null }),
      lastVerifiedSession: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
      lastDailyLoginDay: fc.constant(null),
    });
    fc.assert(
      fc.property(
        progress,
        fc.constantFrom('evaluation', 'exam', 'assignment') as fc.Arbitrary<CheckpointKind>,
        (p, kind) => {
          expect(
            decideCheckpoint({ kind, session: null, progress: p, policy: DEFAULT_POLICY, now: T }),
          ).toEqual({
            due: true,
            reason: 'beforeAssessment',
          });
          expect(afterVerified(p, kind, null, T)).toEqual(p);
        },
      ),
    );
  });
});
