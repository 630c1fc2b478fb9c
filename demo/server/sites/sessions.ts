/**
 * Sign-in sessions of the demo LMS's two sites, in memory: each site has its own cookie, and a
 * session opened on one site is never accepted on the other.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Site } from '../api';
import type { AssessmentKind } from '../catalog';
import { readCookie } from '../http';
import { CARRIERS } from '../identity-pages';
import { DEMO_PATHS } from '../routes';

export const SESSION_COOKIES: Readonly<Record<Site, string>> = { lms: 'demo_lms_sid', hrd: 'hrd_lms_sid' };

/** Assessment visits remembered per session; older ones expire first. */
const MAX_VISITS_PER_SESSION = 32;

/** One visit of an assessment page: its check must be passed for this visit to see the content. */
export interface AssessmentVisit {
  readonly courseId: string;
  readonly kind: AssessmentKind;
  passed: boolean;
}

export interface Session {
  readonly traineeId: string;
  readonly site: Site;
  /** 휴대폰 본인인증: 인증번호 받기 was pressed and the code not used yet. */
  smsCodeSent: boolean;
  carrier: string;
  readonly visits: Map<string, AssessmentVisit>;
  /** Where to continue once the first login of the day check is passed; null for 나의 강의실. */
  afterDailyCheck: string | null;
}

export interface SessionBook {
  /** Opens a session; `cookie` is the `Set-Cookie` value that hands it to the browser. */
  open(site: Site, traineeId: string): { readonly cookie: string; readonly session: Session };
  /** The session of this request, only if it was opened on the same site. */
  of(req: IncomingMessage, site: Site): Session | null;
  /** Ends this request's session (if any); returns the `Set-Cookie` value that clears it. */
  end(req: IncomingMessage, site: Site): string;
}

export function createSessionBook(): SessionBook {
  const sessions = new Map<string, Session>();
  return {
    open(site, traineeId) {
      const id = randomBytes(32).toString('base64url');
      const session: Session = {
        traineeId,
        site,
        smsCodeSent: false,
        carrier: CARRIERS[0],
        visits: new Map(),
        afterDailyCheck: null,
      };
      sessions.set(id, session);
      return { cookie: `${SESSION_COOKIES[site]}=${id}; Path=/; HttpOnly; SameSite=Lax`, session };
    },
    of(req, site) {
      const id = readCookie(req, SESSION_COOKIES[site]);
      const session = id ? sessions.get(id) : undefined;
      return session?.site === site ? session : null;
    },
    end(req, site) {
      const id = readCookie(req, SESSION_COOKIES[site]);
      if (id) sessions.delete(id);
      return `${SESSION_COOKIES[site]}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    },
  };
}

/** Opens a new assessment visit; its check must be passed before its content is served. */
export function newVisit(session: Session, courseId: string, kind: AssessmentKind): string {
  const token = randomBytes(18).toString('base64url');
  session.visits.set(token, { courseId, kind, passed: false });
  while (session.visits.size > MAX_VISITS_PER_SESSION) {
    const oldest = session.visits.keys().next().value;
    if (oldest === undefined) break;
    session.visits.delete(oldest);
  }
  return token;
}

export function findVisit(
  session: Session,
  token: string | null,
  courseId: string,
  kind: AssessmentKind,
): AssessmentVisit | null {
  const visit = token === null ? undefined : session.visits.get(token);
  return visit && visit.courseId === courseId && visit.kind === kind ? visit : null;
}

/** Where a passed first login check continues to. */
export function afterDailyCheck(session: Session): string {
  return session.afterDailyCheck ?? DEMO_PATHS.courses;
}

/** The same, used up: the kept target is forgotten once the trainee is sent on. */
export function takeAfterDailyCheck(session: Session): string {
  const next = afterDailyCheck(session);
  session.afterDailyCheck = null;
  return next;
}
