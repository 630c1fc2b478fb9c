import { cleanCourseTitle } from './course-titles';
import { readWrite } from './repository';
import type { CompanionDb } from './schema';

/**
 * Keeps the title the LMS shows for a course, unless one was kept before: the first title seen
 * names the course for good (a later page may show only a shortened heading).
 */
export async function rememberCourseTitle(
  db: CompanionDb,
  course: { profileId: string; courseId: string | null; title: string | null },
  now: number,
): Promise<void> {
  const title = cleanCourseTitle(course.title);
  const { profileId, courseId } = course;
  if (!courseId || !title) return;
  await readWrite(db, ['courses'], async () => {
    if (await db.courses.get([profileId, courseId])) return;
    await db.courses.put({ profileId, courseId, title, firstSeenAt: now });
  });
}
