/** What the demo LMS's route patterns capture: a course of the catalogue, an assessment kind. */
import { ASSESSMENT_KINDS, type DemoCourse, findCourse } from '../catalog';

/** The course a route's first capture names; only called on routes that `accept` it. */
export function courseOf(match: RegExpExecArray | null): DemoCourse {
  const course = findCourse(match?.[1] ?? '');
  if (!course) throw new Error('route matched an unknown course');
  return course;
}

export const knownCourse = (match: RegExpExecArray): boolean => findCourse(match[1] ?? '') !== undefined;

export function knownAssessmentKind(match: RegExpExecArray): boolean {
  return ASSESSMENT_KINDS.some((kind) => kind === match[2]);
}

export function assessmentKindOf(match: RegExpExecArray | null): (typeof ASSESSMENT_KINDS)[number] {
  const kind = ASSESSMENT_KINDS.find((candidate) => candidate === match?.[2]);
  if (!kind) throw new Error('route matched an unknown assessment');
  return kind;
}
