import type { CheckpointKind } from '../profiles/types';

/**
 * When a checkpoint is due (docs/rules.md, "Checkpoints"): first entry once per course; a session when
 * `session − last verified session ≥ interval` (8: the entry check covers sessions 1–8, session 9
 * asks again, then 17, 25 …); evaluations, exams and assignments every time; the first login of
 * the day and video pop-ups when the institute asks for them. Pure: progress, page facts and the
 * date come in, the decision and its reason go out.
 */

export interface CheckpointPolicy {
  /** Sessions one verification covers; 8 by the training rules. */
  readonly sessionInterval: number;
  readonly dailyLoginCheck: boolean;
  readonly videoCheck: boolean;
}

export const DEFAULT_POLICY: CheckpointPolicy = {
  sessionInterval: 8,
  dailyLoginCheck: false,
  videoCheck: true,
};

/** What the background remembers of one course. */
export interface CourseProgress {
  readonly entryVerifiedAt: number | null;
  /** The last session a check passed at; the entry check counts as session 1. */
  readonly lastVerifiedSession: number | null;
  /** `YYYY-MM-DD` (Korean time) of the last passed first-login check. */
  readonly lastDailyLoginDay: string | null;
}

export const NO_PROGRESS: CourseProgress = {
  entryVerifiedAt: null,
  lastVerifiedSession: null,
  lastDailyLoginDay: null,
};

export const DUE_REASONS = [
  'firstEntry',
  'entryAlreadyVerified',
  'sessionInterval',
  'sessionCovered',
  'sessionAsked',
  'entryFirst',
  'beforeAssessment',
  'dailyLogin',
  'dailyLoginDone',
  'videoCheck',
  'notRequired',
] as const;
export type DueReason = (typeof DUE_REASONS)[number];

export interface DueDecision {
  readonly due: boolean;
  readonly reason: DueReason;
  /** For sessions: the session the last verification was at, and how many sessions since. */
  readonly lastVerifiedSession?: number;
  readonly sessionsSince?: number;
}

export interface CheckpointQuestion {
  readonly kind: CheckpointKind;
  /** The session being opened, for `session` and `video` checkpoints. */
  readonly session: number | null;
  readonly progress: CourseProgress;
  readonly policy: CheckpointPolicy;
  /** Unix ms; only the calendar day in Korea matters (daily login). */
  readonly now: number;
}

export function decideCheckpoint(question: CheckpointQuestion): DueDecision {
  const { progress, policy } = question;
  switch (question.kind) {
    case 'entry':
      return progress.entryVerifiedAt === null
        ? { due: true, reason: 'firstEntry' }
        : { due: false, reason: 'entryAlreadyVerified' };
    case 'session': {
      if (progress.lastVerifiedSession === null) return { due: true, reason: 'entryFirst' };
      // A page that asks without saying which session it is: the LMS knows; take its word.
      if (question.session === null) return { due: true, reason: 'sessionAsked' };
      const session = question.session;
      const sessionsSince = session - progress.lastVerifiedSession;
      const facts = { lastVerifiedSession: progress.lastVerifiedSession, sessionsSince };
      return sessionsSince >= policy.sessionInterval
        ? { due: true, reason: 'sessionInterval', ...facts }
        : { due: false, reason: 'sessionCovered', ...facts };
    }
    case 'evaluation':
    case 'exam':
    case 'assignment':
      return { due: true, reason: 'beforeAssessment' };
    case 'dailyLogin':
      if (!policy.dailyLoginCheck) return { due: false, reason: 'notRequired' };
      return progress.lastDailyLoginDay === koreanDay(question.now)
        ? { due: false, reason: 'dailyLoginDone' }
        : { due: true, reason: 'dailyLogin' };
    case 'video':
      return policy.videoCheck ? { due: true, reason: 'videoCheck' } : { due: false, reason: 'notRequired' };
  }
}

/** Progress after a passed checkpoint of this kind. */
export function afterVerified(
  progress: CourseProgress,
  kind: CheckpointKind,
  session: number | null,
  now: number,
): CourseProgress {
  switch (kind) {
    case 'entry':
      return {
        ...progress,
        entryVerifiedAt: progress.entryVerifiedAt ?? now,
        lastVerifiedSession: Math.max(progress.lastVerifiedSession ?? 1, 1),
      };
    case 'session':
      return {
        ...progress,
        entryVerifiedAt: progress.entryVerifiedAt ?? now,
        lastVerifiedSession: Math.max(progress.lastVerifiedSession ?? 0, session ?? 0) || null,
      };
    case 'dailyLogin':
      return { ...progress, lastDailyLoginDay: koreanDay(now) };
    default:
      return progress;
  }
}

/** The calendar day in Korea (UTC+9, no daylight saving) of a moment. */
export function koreanDay(now: number): string {
  return new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);
}
