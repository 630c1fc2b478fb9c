/** URL paths of the demo LMS (and its HRD-connected sibling), shared by the server, pages and tests. */
import type { AssessmentKind } from './catalog';

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
  /** 최초 로그인 본인인증: the first login of the day check, when the LMS enables it. */
  dailyCheckpoint: '/checkpoint/daily',
  /** Identity re-verification (both origins): resets that origin's verifier. */
  identityPhone: '/identity/phone',
  identityIpin: '/identity/ipin',
  /** Test controls, served only with `testControls: true`. */
  testVerifierModeApi: '/api/test/verifier-mode',
} as const;

/** Fixed paths of the HRD-connected site (127.0.0.2). */
export const HRD_PATHS = {
  stylesheet: '/static/hrd.css',
  script: '/hrd/js/motp-auth.js',
  verifyApi: '/hrd/api/motp/verify',
  statusFrame: '/hrd/frame/motp-status',
  app: '/hrd/app',
  guide: '/hrd/guide',
  manual: '/hrd/manual',
  remoteSupport: '/support/remote',
} as const;

/** Patterns for the parameterised paths; the first group is the course id. */
export const DEMO_PATH_PATTERNS = {
  course: /^\/courses\/([a-z0-9-]{1,32})$/,
  entryCheckpoint: /^\/courses\/([a-z0-9-]{1,32})\/checkpoint\/entry$/,
  lesson: /^\/courses\/([a-z0-9-]{1,32})\/lessons\/(\d{1,3})$/,
  learn: /^\/courses\/([a-z0-9-]{1,32})\/learn$/,
  sessionApi: /^\/api\/courses\/([a-z0-9-]{1,32})\/sessions\/(\d{1,3})$/,
  assessment: /^\/courses\/([a-z0-9-]{1,32})\/(evaluation|exam|assignment)$/,
  assessmentApi: /^\/api\/courses\/([a-z0-9-]{1,32})\/assessments\/(evaluation|exam|assignment)$/,
  /** HRD site: the mOTP checkpoint (최초 입과). */
  hrdMotp: /^\/courses\/([a-z0-9-]{1,32})\/motp$/,
} as const;

/**
 * Checkpoint kinds the verify API accepts. `dailyLogin` (최초 로그인 본인인증) belongs to no course
 * and is only accepted when the LMS enables the daily login check.
 */
export const CHECKPOINT_KINDS = [
  'entry',
  'session',
  'video',
  'evaluation',
  'exam',
  'assignment',
  'dailyLogin',
] as const;
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

/** `/courses/:id/lessons/:n`: the old lesson address; redirects to the lesson player. */
export function lessonPath(courseId: string, session: number): string {
  return `${coursePath(courseId)}/lessons/${session}`;
}

/** `/courses/:id/learn?session=n`: the lesson player (a single-page app). */
export function learnPath(courseId: string, session?: number): string {
  const base = `${coursePath(courseId)}/learn`;
  return session === undefined ? base : `${base}?session=${session}`;
}

/** `/api/courses/:id/sessions/:n`: what the player needs to show a session. */
export function sessionApiPath(courseId: string, session: number): string {
  return `/api/courses/${encodeURIComponent(courseId)}/sessions/${session}`;
}

/** `/courses/:id/{evaluation,exam,assignment}`: an assessment, behind a check on every visit. */
export function assessmentPath(courseId: string, kind: AssessmentKind): string {
  return `${coursePath(courseId)}/${kind}`;
}

/** `/api/courses/:id/assessments/:kind?visit=…`: the assessment's content, once this visit passed. */
export function assessmentApiPath(courseId: string, kind: AssessmentKind): string {
  return `/api/courses/${encodeURIComponent(courseId)}/assessments/${kind}`;
}

/** HRD site: `/courses/:id/motp`, HRD Korea's mOTP checkpoint. */
export function hrdMotpPath(courseId: string): string {
  return `${coursePath(courseId)}/motp`;
}

/**
 * The id under which a passed checkpoint is recorded: `c101:entry`, `c101:exam`, and with the
 * session for the per-session kinds, `c101:session:9`, `c101:video:3`.
 */
export function checkpointId(courseId: string, kind: CheckpointKind, session?: number): string {
  return session === undefined ? `${courseId}:${kind}` : `${courseId}:${kind}:${session}`;
}

/**
 * Whether a `next` target after login is a path on this site. Refuses `//host` and `/\host`,
 * which browsers treat as other origins, and anything but printable ASCII, so the login form
 * cannot become an open redirect.
 */
export function isLocalPath(value: string): boolean {
  return value.length <= 512 && /^\/(?![/\\])[\x21-\x7e]*$/.test(value);
}
