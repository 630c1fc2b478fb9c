/** Course titles as the history shows them: pure, so extension pages read them without the database. */

/** A course's title as the history shows it, for the course its entries name. */
export interface CourseTitle {
  readonly profileId: string;
  readonly courseId: string;
  readonly title: string;
}

/** Page text, held to one line of reasonable length: a heading, not whatever the page put there. */
const MAX_TITLE_LENGTH = 120;

export function cleanCourseTitle(text: string | null | undefined): string | null {
  const title = (text ?? '').replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, MAX_TITLE_LENGTH) : null;
}

/**
 * The title of a course in `titles`: the one kept for the entry's institute, or (for the course
 * filter, which names only the id) the first kept for that id. Null when none is kept.
 */
export function titleOf(
  titles: readonly CourseTitle[],
  courseId: string | null,
  profileId?: string,
): string | null {
  if (!courseId) return null;
  const same = titles.filter((title) => title.courseId === courseId);
  const found = profileId === undefined ? same[0] : same.find((title) => title.profileId === profileId);
  return found?.title ?? null;
}
