/** URL paths of the demo LMS, shared by the server, its pages and the tests. */

/** Fixed paths. */
export const DEMO_PATHS = {
  home: '/',
  login: '/login',
  logout: '/logout',
  courses: '/courses',
  otpEnroll: '/otp/enroll',
  stylesheet: '/static/lms.css',
  verifyApi: '/api/checkpoints/verify',
  traineeStateApi: '/api/trainee/state',
} as const;

/** Patterns for the parameterised paths; the first group is the course id. */
export const DEMO_PATH_PATTERNS = {
  course: /^\/courses\/([a-z0-9-]{1,32})$/,
  entryCheckpoint: /^\/courses\/([a-z0-9-]{1,32})\/checkpoint\/entry$/,
  lesson: /^\/courses\/([a-z0-9-]{1,32})\/lessons\/(\d{1,3})$/,
} as const;

/** Checkpoint kinds the verify API accepts. Only the first entry (최초 입과) exists so far. */
export const CHECKPOINT_KINDS = ['entry'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

/** The query flag that logs in without the form, honoured only when the server enables it. */
export const AUTO_LOGIN_PARAM = 'demo-autologin';

/** `/courses/:id` */
export function coursePath(courseId: string): string {
  return `/courses/${encodeURIComponent(courseId)}`;
}

/** `/courses/:id/checkpoint/entry`: the first-entry checkpoint (최초 입과 본인인증). */
export function entryCheckpointPath(courseId: string): string {
  return `${coursePath(courseId)}/checkpoint/entry`;
}

/** `/courses/:id/lessons/:n`: a lesson placeholder. */
export function lessonPath(courseId: string, session: number): string {
  return `${coursePath(courseId)}/lessons/${session}`;
}

/** The id under which a passed checkpoint is recorded. */
export function checkpointId(courseId: string, kind: CheckpointKind): string {
  return `${courseId}:${kind}`;
}

/**
 * Whether a `next` target after login is a path on this site. Refuses `//host` and `/\host`,
 * which browsers treat as other origins, and anything but printable ASCII, so the login form
 * cannot become an open redirect.
 */
export function isLocalPath(value: string): boolean {
  return value.length <= 512 && /^\/(?![/\\])[\x21-\x7e]*$/.test(value);
}
