import type { PageFacts } from '../checkpoints/detect';
import { type CourseProgress, NO_PROGRESS } from '../checkpoints/policy';
import { readWrite } from './repository';
import type { CompanionDb } from './schema';

/** Per-course progress (`courseProgress`): which checkpoints a trainee has passed, and when. */

/** Progress of the whole LMS, not one course: the first login of the day. */
export const LMS_WIDE_PROGRESS = '(lms)';

/** Where a checkpoint's progress is kept: its course, or the LMS as a whole for daily logins. */
export function progressKey(facts: Pick<PageFacts, 'courseId' | 'kind'>): string | null {
  return facts.courseId ?? (facts.kind === 'dailyLogin' ? LMS_WIDE_PROGRESS : null);
}

export async function readProgress(
  db: CompanionDb,
  profileId: string,
  courseId: string | null,
): Promise<CourseProgress> {
  if (!courseId) return NO_PROGRESS;
  const record = await db.courseProgress.get([profileId, courseId]);
  if (!record) return NO_PROGRESS;
  return {
    entryVerifiedAt: record.entryVerifiedAt,
    lastVerifiedSession: record.lastVerifiedSession,
    lastDailyLoginDay: record.lastDailyLoginDay,
  };
}

/** Applies a pure progress transition to the stored progress, in one transaction. */
export async function recordProgress(
  db: CompanionDb,
  profileId: string,
  courseId: string,
  next: (progress: CourseProgress) => CourseProgress,
  now: number,
): Promise<void> {
  await readWrite(db, ['courseProgress'], async () => {
    const progress = next(await readProgress(db, profileId, courseId));
    await db.courseProgress.put({ ...progress, profileId, courseId, updatedAt: now });
  });
}
