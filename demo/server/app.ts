/**
 * The demo LMS: a small reference remote-training LMS with a real server-side TOTP verifier,
 * built on node:http only. It is what `npm run demo` starts and what the end-to-end tests drive.
 *
 * It serves two sites from one process and one port:
 * - http://127.0.0.1:PORT (and localhost): 데모 원격훈련원, the institute that runs its own web-OTP
 *   verifier, with every checkpoint kind (entry, every 8 sessions, video, evaluation, exam,
 *   assignment);
 * - http://127.0.0.2:PORT: 한빛 직업훈련원, an HRD-connected LMS whose checkpoint is HRD Korea's
 *   mOTP page, checked by a second verifier whose seed only the trainee's (simulated) phone app
 *   shows.
 * It also starts the HRD-integrated sites on 127.0.0.3–127.0.0.7 at the same port (demo/hrd-sites):
 * a stand-in for HRD Korea's mOTP service and three institute LMSes wired to it.
 * Sessions live in memory; verifier state and course progress are persisted.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatKeyUri } from '../../lib/otp/key-uri';
import { millisecondsLeftInStep, totpCodeAt } from '../../lib/otp/totp';
import { type HrdSitesInfo, startHrdSites } from '../hrd-sites';
import {
  ASSESSMENT_KINDS,
  type AssessmentContent,
  type AssessmentKind,
  assessmentContent,
  DEFAULT_POPUP_AFTER_MS,
  DEMO_COURSES,
  DEMO_INSTITUTE,
  DEMO_TRAINEE,
  type DemoCourse,
  findCourse,
  findHrdCourse,
  HRD_COURSES,
  phoneDigits,
  VIDEO_CHECK_SESSIONS,
} from './catalog';
import {
  hrdAppPage,
  hrdCoursePage,
  hrdCoursesPage,
  hrdErrorPage,
  hrdFramedPage,
  hrdGuidePage,
  hrdLoginPage,
  hrdManualPage,
  hrdMotpPage,
  hrdStatusFramePage,
  remoteSupportPage,
} from './hrd-pages';
import type { SafeHtml } from './html';
import {
  BodyTooLargeError,
  isRecord,
  mediaType,
  readBody,
  readCookie,
  readForm,
  readJson,
  safePath,
} from './http';
import { CARRIERS, type IdentityResult, ipinIdentityBody, phoneIdentityBody } from './identity-pages';
import {
  CHECKPOINT_MESSAGES,
  type CheckpointOutcome,
  type CheckpointResultView,
  DEMO_SMS_CODE,
  describeHrdAnswer,
  describeVerifyAnswer,
  IDENTITY_MESSAGES,
} from './messages';
import {
  assessmentPage,
  coursePage,
  coursesPage,
  dailyLoginCheckpointPage,
  enrollPage,
  entryCheckpointPage,
  errorPage,
  identityPage,
  learnPage,
  loginPage,
  type PageContext,
  type PlayerView,
} from './pages';
import {
  AUTO_LOGIN_PARAM,
  assessmentPath,
  CHECKPOINT_KINDS,
  type CheckpointKind,
  checkpointId,
  coursePath,
  DEMO_PATH_PATTERNS,
  DEMO_PATHS,
  entryCheckpointPath,
  HRD_PATHS,
  isLocalPath,
  learnPath,
} from './routes';
import { openDemoStore } from './store';
import {
  attemptsLeft,
  DEMO_SECRET_BYTES,
  isCheckpointVerified,
  isDailyLoginVerified,
  issueSecret,
  keyOf,
  koreanDay,
  lastVerifiedSession,
  markCheckpointVerified,
  recordDailyLoginPassed,
  recordEntryPassed,
  recordSessionPassed,
  resetAfterIdentityVerification,
  sessionAccess,
  type VerifierState,
  type VerifyAnswer,
  type VerifyReason,
  verifyCheckpointCode,
} from './verifier';
import { createVerifierModeControl, parseVerifierMode, type VerifierMode } from './verifier-mode';

export {
  ASSESSMENT_KINDS,
  DEMO_COURSES,
  DEMO_INSTITUTE,
  DEMO_TRAINEE,
  HRD_COURSES,
  HRD_INSTITUTE,
  VIDEO_CHECK_SESSIONS,
} from './catalog';
export {
  CHECKPOINT_LEADS,
  CHECKPOINT_MESSAGES,
  CHECKPOINT_OUTCOMES,
  type CheckpointOutcome,
  DEMO_SMS_CODE,
  HRD_MESSAGES,
  IDENTITY_MESSAGES,
} from './messages';
export {
  AUTO_LOGIN_PARAM,
  assessmentApiPath,
  assessmentPath,
  CHECKPOINT_KINDS,
  checkpointId,
  coursePath,
  DEMO_PATH_PATTERNS,
  DEMO_PATHS,
  entryCheckpointPath,
  HRD_PATHS,
  hrdMotpPath,
  learnPath,
  lessonPath,
  sessionApiPath,
} from './routes';
export { HANG_TIMEOUT_MS, VERIFIER_MODES, type VerifierMode } from './verifier-mode';

/** Options of `startDemoLms`. */
export interface DemoLmsOptions {
  /**
   * Port on 127.0.0.1 and 127.0.0.2 (and 127.0.0.3–7 for the HRD-integrated sites); 0 (the
   * default) picks one that is free on the first two.
   */
  readonly port?: number;
  /** Directory for the verifier state file; created if missing. */
  readonly dataDir: string;
  /** Server clock in Unix ms; drives TOTP verification and the `Date` header. Defaults to `Date.now`. */
  readonly now?: () => number;
  /**
   * Dev only: lets `?demo-autologin=1` on any page sign in without the form (for screenshots
   * and scripted demos). Off unless explicitly enabled.
   */
  readonly autoLogin?: boolean;
  /**
   * Tests only: serves `/api/test/verifier-mode` (make the verifiers fail or hang). Off unless
   * explicitly enabled; `npm run demo` never enables it.
   */
  readonly testControls?: boolean;
  /**
   * 최초 로그인 본인인증: on the web-OTP LMS (127.0.0.1, not the HRD site), a sign-in and every
   * course page (`/courses/:id` and below) lead to `/checkpoint/daily` until the trainee has passed
   * that check on the current Korean calendar day (UTC+9, from `now`). Off unless enabled.
   */
  readonly dailyLoginCheck?: boolean;
  /** Operational log lines (never secrets or codes). Defaults to `console.log`. */
  readonly log?: (line: string) => void;
}

/** A running demo LMS. */
export interface DemoLms {
  /** `http://127.0.0.1:PORT`, without a trailing slash: 데모 원격훈련원 (web OTP). */
  readonly url: string;
  /** `http://127.0.0.2:PORT`, without a trailing slash: 한빛 직업훈련원 (HRD mOTP). */
  readonly hrdUrl: string;
  readonly port: number;
  /**
   * The HRD-integrated sites on 127.0.0.3–127.0.0.7 at the same port: HRD's stand-in service and
   * three institute LMSes wired to it as real ones are (see demo/hrd-sites).
   */
  readonly hrdSites: HrdSitesInfo;
  /** Stops listening, drops open connections, releases held requests and flushes the store. */
  close(): Promise<void>;
}

/** Body of every `POST /api/checkpoints/verify` response. */
export interface VerifyResponseBody {
  readonly outcome: CheckpointOutcome;
  readonly message: string;
  /** The verifier's reason for verification answers; absent for request errors. */
  readonly reason?: VerifyReason;
  /** Request-level error code (`unauthenticated`, `badRequest`, …); absent for verification answers. */
  readonly error?: string;
  readonly attemptsLeft?: number;
  readonly locked?: boolean;
  readonly checkpointId?: string;
  /** Where to go after success (course page, the session, or the assessment). */
  readonly next?: string;
}

/** Body of `GET /api/courses/:id/sessions/:n`. */
export interface SessionInfoBody {
  readonly session: number;
  readonly title: string;
  readonly requiresCheck: boolean;
  readonly kind: 'session' | null;
  /** The verifier's count, so the player's box shows it without a page load. */
  readonly attemptsLeft: number;
  readonly locked: boolean;
}

/** Body of `POST /hrd/api/motp/verify` on the HRD site. */
export interface HrdVerifyResponseBody {
  readonly outcome: CheckpointOutcome;
  readonly message: string;
  readonly reason?: VerifyReason;
  readonly error?: string;
  readonly failures?: number;
  readonly attemptsLeft?: number;
  readonly locked?: boolean;
  readonly next?: string;
}

/** Body of `GET /api/trainee/state`. Never contains a secret. */
export interface TraineeStateBody {
  /** Which site answered: the demo LMS's web-OTP verifier or the HRD site's mOTP verifier. */
  readonly site: Site;
  readonly name: string;
  readonly phone: string;
  readonly enrolled: boolean;
  readonly failures: number;
  readonly locked: boolean;
  readonly attemptsLeft: number;
  readonly verifiedCheckpoints: readonly string[];
  readonly courses: Readonly<Record<string, { readonly lastVerifiedSession: number | null }>>;
  /** The Korean day (`YYYY-MM-DD`) the first login of the day check was last passed; null if never. */
  readonly lastDailyLoginDay: string | null;
}

/** Body of `GET`/`POST /api/test/verifier-mode`. */
export interface VerifierModeBody {
  readonly mode: VerifierMode;
  /** Verifications currently held by `hang`. */
  readonly held: number;
}

/** The two sites the server answers as, chosen by the Host header. */
export type Site = 'lms' | 'hrd';

const LMS_HOST = '127.0.0.1';
const HRD_HOST = '127.0.0.2';
const SESSION_COOKIES: Readonly<Record<Site, string>> = { lms: 'demo_lms_sid', hrd: 'hrd_lms_sid' };
/** Assessment visits remembered per session; older ones expire first. */
const MAX_VISITS_PER_SESSION = 32;
/** How often `startDemoLms({ port: 0 })` tries for a port free on both addresses. */
const PORT_ATTEMPTS = 5;
/** Upper bound for `?popupAfterMs=`. */
const MAX_POPUP_AFTER_MS = 600_000;

/** One visit of an assessment page: its check must be passed for this visit to see the content. */
interface AssessmentVisit {
  readonly courseId: string;
  readonly kind: AssessmentKind;
  passed: boolean;
}

interface Session {
  readonly traineeId: string;
  readonly site: Site;
  /** 휴대폰 본인인증: 인증번호 받기 was pressed and the code not used yet. */
  smsCodeSent: boolean;
  carrier: string;
  readonly visits: Map<string, AssessmentVisit>;
  /** Where to continue once the first login of the day check is passed; null for 나의 강의실. */
  afterDailyCheck: string | null;
}

/** What a web-OTP verification came to, for the JSON API and the no-JavaScript forms alike. */
type VerifyOutcome =
  | { readonly type: 'answer'; readonly answer: VerifyAnswer; readonly checkpointId: string }
  | {
      readonly type: 'refused';
      readonly status: 400 | 403 | 404 | 409;
      readonly error: string;
      readonly message: string;
    }
  | { readonly type: 'unavailable' }
  | { readonly type: 'aborted' };

interface VerifyRequest {
  /** Empty for `dailyLogin`, which belongs to no course. */
  readonly courseId: string;
  readonly kind: CheckpointKind;
  readonly code: string;
  readonly session: number | null;
  readonly visit: string | null;
}

/** Starts the demo LMS on 127.0.0.1 and 127.0.0.2 and resolves once both listen. */
export async function startDemoLms(options: DemoLmsOptions): Promise<DemoLms> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const store = await openDemoStore({ dataDir: options.dataDir, log });
  const staticDir = new URL('./static/', import.meta.url);
  const [lmsStylesheet, hrdStylesheet, hrdScript] = await Promise.all(
    ['lms.css', 'hrd.css', 'motp-auth.js'].map((name) => readFile(new URL(name, staticDir), 'utf8')),
  );
  const sessions = new Map<string, Session>();
  const modes = createVerifierModeControl();
  let port = 0;

  const context = (): PageContext => ({ serverTimeMs: now() });
  const storeKey = (site: Site, traineeId: string): string =>
    site === 'lms' ? traineeId : `hrd:${traineeId}`;

  /** Headers every response carries. `Date` comes from the injectable clock so tests can skew it. */
  const baseHeaders = (res: ServerResponse): void => {
    res.setHeader('Date', new Date(now()).toUTCString());
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
  };

  const sendPage = (
    res: ServerResponse,
    status: number,
    page: SafeHtml,
    nonce?: string,
    framing: 'none' | 'self' = 'none',
  ): void => {
    baseHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader(
      'Content-Security-Policy',
      [
        nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        `frame-ancestors '${framing}'`,
      ].join('; '),
    );
    res.writeHead(status);
    res.end(page.text);
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    baseHeaders(res);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const sendStatic = (res: ServerResponse, contentType: string, text: string): void => {
    baseHeaders(res);
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(text);
  };

  const redirect = (res: ServerResponse, status: 302 | 303, location: string, cookie?: string): void => {
    baseHeaders(res);
    if (cookie) res.setHeader('Set-Cookie', cookie);
    res.writeHead(status, { Location: location });
    res.end();
  };

  const simplePage = (site: Site, title: string, message: string, signedIn: boolean): SafeHtml =>
    site === 'lms'
      ? errorPage({ ...context(), title, message, signedIn })
      : hrdErrorPage({ ...context(), title, message, signedIn });

  const notFound = (res: ServerResponse, site: Site, signedIn: boolean): void =>
    sendPage(
      res,
      404,
      simplePage(site, '페이지를 찾을 수 없습니다', '요청하신 페이지가 없거나 이동되었습니다.', signedIn),
    );

  const methodNotAllowed = (res: ServerResponse, allow: string): void => {
    baseHeaders(res);
    res.writeHead(405, { Allow: allow, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method Not Allowed');
  };

  const openSession = (site: Site, traineeId: string): { cookie: string; session: Session } => {
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
  };

  const newSessionCookie = (site: Site, traineeId: string): string => openSession(site, traineeId).cookie;

  /** Whether this trainee still owes today's first login check (only with `dailyLoginCheck`). */
  const dailyCheckDue = (site: Site, traineeId: string): boolean =>
    site === 'lms' &&
    options.dailyLoginCheck === true &&
    !isDailyLoginVerified(store.get(traineeId), koreanDay(now()));

  /** Where a passed first login check continues to. */
  const afterDailyCheck = (session: Session): string => session.afterDailyCheck ?? DEMO_PATHS.courses;

  /** The same, used up: the kept target is forgotten once the trainee is sent on. */
  const takeAfterDailyCheck = (session: Session): string => {
    const next = afterDailyCheck(session);
    session.afterDailyCheck = null;
    return next;
  };

  /** The session of this request, only if it was opened on the same site. */
  const sessionOf = (req: IncomingMessage, site: Site): Session | null => {
    const id = readCookie(req, SESSION_COOKIES[site]);
    const session = id ? sessions.get(id) : undefined;
    return session?.site === site ? session : null;
  };

  /** Which site a Host header names; null for anything else (DNS rebinding, wrong port). */
  const siteOf = (host: string | undefined): Site | null => {
    if (host === `${LMS_HOST}:${port}` || host === `localhost:${port}`) return 'lms';
    if (host === `${HRD_HOST}:${port}`) return 'hrd';
    return null;
  };

  /** Cross-site POSTs are refused when the browser names their origin (CSRF); the two sites are cross-site. */
  const originAllowed = (req: IncomingMessage, site: Site): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    return site === 'lms'
      ? origin === `http://${LMS_HOST}:${port}` || origin === `http://localhost:${port}`
      : origin === `http://${HRD_HOST}:${port}`;
  };

  /** A locked trainee sees so at once on any checkpoint, as the verifier would answer any code. */
  const lockedResult = (state: VerifierState): CheckpointResultView | null =>
    state.locked
      ? describeVerifyAnswer({ ok: false, reason: 'locked', attemptsLeft: 0, locked: true })
      : null;

  const verifierView = (state: VerifierState) => ({
    attemptsLeft: attemptsLeft(state),
    locked: state.locked,
  });

  const entryVerified = (state: VerifierState, courseId: string): boolean =>
    isCheckpointVerified(state, checkpointId(courseId, 'entry'));

  /** Opens a new assessment visit; its check must be passed before its content is served. */
  const newVisit = (session: Session, courseId: string, kind: AssessmentKind): string => {
    const token = randomBytes(18).toString('base64url');
    session.visits.set(token, { courseId, kind, passed: false });
    while (session.visits.size > MAX_VISITS_PER_SESSION) {
      const oldest = session.visits.keys().next().value;
      if (oldest === undefined) break;
      session.visits.delete(oldest);
    }
    return token;
  };

  const findVisit = (
    session: Session,
    token: string | null,
    courseId: string,
    kind: AssessmentKind,
  ): AssessmentVisit | null => {
    const visit = token === null ? undefined : session.visits.get(token);
    return visit && visit.courseId === courseId && visit.kind === kind ? visit : null;
  };

  /**
   * Runs one web-OTP verification: checks that this checkpoint is due (costs nothing if not),
   * verifies the code, records the pass and the course progress, and persists before answering.
   * The precondition and the verification run in one synchronous store change, so two tabs can
   * never both pass the same visit or lose each other's counts.
   */
  const verifyWebOtp = async (
    session: Session,
    res: ServerResponse,
    course: DemoCourse,
    request: VerifyRequest,
  ): Promise<VerifyOutcome> => {
    const { kind } = request;
    if (kind === 'dailyLogin') return refused(400, 'badRequest', '잘못된 요청입니다.');
    const perSession = kind === 'session' || kind === 'video';
    const assessment = isAssessmentKind(kind) ? kind : null;
    const sessionNo = request.session;
    if (perSession) {
      if (sessionNo === null) return refused(400, 'badRequest', '잘못된 요청입니다.');
      if (sessionNo < 1 || sessionNo > course.sessions.length)
        return refused(404, 'unknownSession', '차시를 찾을 수 없습니다.');
      if (kind === 'video' && !VIDEO_CHECK_SESSIONS.includes(sessionNo))
        return refused(409, 'checkNotRequired', CHECKPOINT_MESSAGES.checkNotRequired);
    }
    if (assessment && request.visit === null) return refused(400, 'badRequest', '잘못된 요청입니다.');

    const gate = await modes.gate(res);
    if (gate !== 'available') {
      log(`demo lms: checkpoint ${course.id}:${kind}: verifier ${gate}`);
      return { type: gate };
    }

    const id = checkpointId(course.id, kind, perSession ? (sessionNo ?? undefined) : undefined);
    const outcome = await store.update<VerifyOutcome>(session.traineeId, (state) => {
      let visit: AssessmentVisit | null = null;
      if (kind === 'session' && sessionNo !== null) {
        const access = sessionAccess(state, course.id, sessionNo);
        if (access === 'entryRequired')
          return { state, result: refused(403, 'entryRequired', CHECKPOINT_MESSAGES.entryRequired) };
        if (access === 'open')
          return { state, result: refused(409, 'checkNotRequired', CHECKPOINT_MESSAGES.checkNotRequired) };
      }
      if (kind === 'video' && sessionNo !== null) {
        const access = sessionAccess(state, course.id, sessionNo);
        if (access === 'entryRequired')
          return { state, result: refused(403, 'entryRequired', CHECKPOINT_MESSAGES.entryRequired) };
        if (access === 'checkRequired')
          return {
            state,
            result: refused(409, 'sessionCheckRequired', '이 차시의 본인인증을 먼저 진행하세요.'),
          };
      }
      if (assessment) {
        if (!entryVerified(state, course.id))
          return { state, result: refused(403, 'entryRequired', CHECKPOINT_MESSAGES.entryRequired) };
        visit = findVisit(session, request.visit, course.id, assessment);
        if (!visit) return { state, result: refused(409, 'visitExpired', CHECKPOINT_MESSAGES.visitExpired) };
        if (visit.passed)
          return { state, result: refused(409, 'alreadyVerified', CHECKPOINT_MESSAGES.alreadyVerified) };
      }

      const { state: next, answer } = verifyCheckpointCode(state, request.code, now());
      const result: VerifyOutcome = { type: 'answer', answer, checkpointId: id };
      if (!answer.ok) return { state: next, result };
      let passed = markCheckpointVerified(next, id);
      if (kind === 'entry') passed = recordEntryPassed(passed, course.id);
      if (kind === 'session' && sessionNo !== null)
        passed = recordSessionPassed(passed, course.id, sessionNo);
      if (visit) visit.passed = true;
      return { state: passed, result };
    });
    if (outcome.type === 'answer') {
      log(
        `demo lms: checkpoint ${id}: ${outcome.answer.reason} (attempts left ${outcome.answer.attemptsLeft})`,
      );
    } else if (outcome.type === 'refused') {
      log(`demo lms: checkpoint ${id}: refused (${outcome.error})`);
    }
    return outcome;
  };

  /**
   * Runs the first login of the day check (최초 로그인 본인인증) through the same verifier (window,
   * replay, failures, lock); a pass records the Korean day. Refused at no cost when the LMS runs
   * without the check or the trainee already passed it today.
   */
  const verifyDailyLogin = async (
    session: Session,
    res: ServerResponse,
    code: string,
  ): Promise<VerifyOutcome> => {
    // Without the option the kind is unknown here, exactly as before it existed.
    if (options.dailyLoginCheck !== true) return refused(400, 'badRequest', '잘못된 요청입니다.');
    const gate = await modes.gate(res);
    if (gate !== 'available') {
      log(`demo lms: checkpoint dailyLogin: verifier ${gate}`);
      return { type: gate };
    }
    const day = koreanDay(now());
    const id = `dailyLogin:${day}`;
    const outcome = await store.update<VerifyOutcome>(session.traineeId, (state) => {
      if (isDailyLoginVerified(state, day))
        return {
          state,
          result: refused(409, 'alreadyVerified', CHECKPOINT_MESSAGES.dailyLoginNotRequired),
        };
      const { state: next, answer } = verifyCheckpointCode(state, code, now());
      const result: VerifyOutcome = { type: 'answer', answer, checkpointId: id };
      return { state: answer.ok ? recordDailyLoginPassed(next, day) : next, result };
    });
    if (outcome.type === 'answer') {
      log(
        `demo lms: checkpoint ${id}: ${outcome.answer.reason} (attempts left ${outcome.answer.attemptsLeft})`,
      );
    } else if (outcome.type === 'refused') {
      log(`demo lms: checkpoint ${id}: refused (${outcome.error})`);
    }
    return outcome;
  };

  /** Where a passed checkpoint sends the trainee. */
  const nextAfter = (course: DemoCourse, kind: CheckpointKind, sessionNo: number | null): string => {
    if (kind === 'entry') return coursePath(course.id);
    if ((kind === 'session' || kind === 'video') && sessionNo !== null)
      return learnPath(course.id, sessionNo);
    return isAssessmentKind(kind) ? assessmentPath(course.id, kind) : coursePath(course.id);
  };

  /** The result area's view of an outcome, for the no-JavaScript form posts. */
  const resultView = (outcome: Exclude<VerifyOutcome, { type: 'aborted' }>): CheckpointResultView => {
    switch (outcome.type) {
      case 'answer':
        return describeVerifyAnswer(outcome.answer);
      case 'refused':
        return { outcome: 'error', message: outcome.message };
      case 'unavailable':
        return { outcome: 'error', message: CHECKPOINT_MESSAGES.verifierDown };
    }
  };

  /** Issues the trainee's HRD mOTP seed (held by "HRD" and the phone app) the first time it is needed. */
  const ensureHrdSecret = (traineeId: string): Promise<VerifierState> =>
    store.update(storeKey('hrd', traineeId), (state) => {
      if (state.secretBase32 !== null) return { state, result: state };
      const issued = issueSecret(state, randomBytes(DEMO_SECRET_BYTES));
      log(`demo lms: issued the HRD mOTP app seed for ${traineeId}`);
      return { state: issued, result: issued };
    });

  // ---------------------------------------------------------------------------------------------
  // Request handling shared by both sites

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const site = siteOf(req.headers.host);
    if (!site) {
      baseHeaders(res);
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected Request');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${site === 'lms' ? LMS_HOST : HRD_HOST}:${port}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'POST' && !originAllowed(req, site)) {
      sendJson(res, 403, errorBody('forbiddenOrigin', '허용되지 않은 요청입니다.'));
      return;
    }

    if (path === '/favicon.ico') {
      baseHeaders(res);
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === DEMO_PATHS.testVerifierModeApi) {
      if (options.testControls !== true) {
        sendJson(res, 404, errorBody('notFound', '요청하신 API가 없습니다.'));
        return;
      }
      return handleTestControls(req, res, method);
    }
    if (site === 'lms' && path === DEMO_PATHS.stylesheet) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      return sendStatic(res, 'text/css; charset=utf-8', lmsStylesheet ?? '');
    }
    if (site === 'hrd' && path === HRD_PATHS.stylesheet) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      return sendStatic(res, 'text/css; charset=utf-8', hrdStylesheet ?? '');
    }
    if (site === 'hrd' && path === HRD_PATHS.script) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      return sendStatic(res, 'text/javascript; charset=utf-8', hrdScript ?? '');
    }
    if (site === 'hrd' && path === HRD_PATHS.statusFrame) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      // HRD's own box frames this page, so it (alone) may be framed by its own origin.
      return sendPage(res, 200, hrdStatusFramePage(context()), undefined, 'self');
    }
    if (path === DEMO_PATHS.login) return handleLogin(req, res, site, url, method);
    if (path === DEMO_PATHS.logout) {
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      const id = readCookie(req, SESSION_COOKIES[site]);
      if (id) sessions.delete(id);
      redirect(
        res,
        303,
        DEMO_PATHS.login,
        `${SESSION_COOKIES[site]}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
      );
      return;
    }

    // Everything else needs a session.
    const session = sessionOf(req, site);
    if (path.startsWith('/api/') || path.startsWith('/hrd/api/')) {
      if (!session) {
        sendJson(res, 401, errorBody('unauthenticated', CHECKPOINT_MESSAGES.unauthenticated));
        return;
      }
      return site === 'lms'
        ? handleLmsApi(req, res, session, path, url, method)
        : handleHrdApi(req, res, session, path, method);
    }
    if (
      !session &&
      options.autoLogin === true &&
      method === 'GET' &&
      url.searchParams.get(AUTO_LOGIN_PARAM) === '1'
    ) {
      url.searchParams.delete(AUTO_LOGIN_PARAM);
      redirect(res, 302, `${url.pathname}${url.search}`, newSessionCookie(site, DEMO_TRAINEE.id));
      return;
    }
    if (!session) {
      const target = `${url.pathname}${url.search}`;
      redirect(
        res,
        302,
        target === DEMO_PATHS.home
          ? DEMO_PATHS.login
          : `${DEMO_PATHS.login}?next=${encodeURIComponent(target)}`,
      );
      return;
    }
    if (path === DEMO_PATHS.home) {
      redirect(res, 302, DEMO_PATHS.courses);
      return;
    }
    // 최초 로그인 본인인증: course pages wait for today's check; 나의 강의실, 웹 OTP 발급, the
    // identity pages and the APIs stay reachable so a trainee can issue a key first.
    if (path.startsWith(`${DEMO_PATHS.courses}/`) && dailyCheckDue(site, session.traineeId)) {
      const target = `${url.pathname}${url.search}`;
      if (method === 'GET' && isLocalPath(target)) session.afterDailyCheck = target;
      redirect(res, method === 'GET' ? 302 : 303, DEMO_PATHS.dailyCheckpoint);
      return;
    }
    if (path === DEMO_PATHS.identityPhone || path === DEMO_PATHS.identityIpin) {
      return handleIdentity(
        req,
        res,
        session,
        url,
        method,
        path === DEMO_PATHS.identityPhone ? 'phone' : 'ipin',
      );
    }
    return site === 'lms'
      ? handleLmsPage(req, res, session, url, method)
      : handleHrdPage(res, session, url, method);
  };

  const handleLogin = async (
    req: IncomingMessage,
    res: ServerResponse,
    site: Site,
    url: URL,
    method: string,
  ): Promise<void> => {
    const render = (next: string | null, error: string | null): SafeHtml =>
      site === 'lms' ? loginPage({ ...context(), next, error }) : hrdLoginPage({ ...context(), next, error });
    if (method === 'GET') {
      const next = url.searchParams.get('next');
      sendPage(res, 200, render(next && isLocalPath(next) ? next : null, null));
      return;
    }
    if (method !== 'POST') return methodNotAllowed(res, 'GET, POST');
    const form = await readForm(req);
    const next = form.get('next');
    const safeNext = next && isLocalPath(next) ? next : null;
    const nameMatches = (form.get('name') ?? '').trim() === DEMO_TRAINEE.name;
    const phoneMatches = phoneDigits(form.get('phone') ?? '') === phoneDigits(DEMO_TRAINEE.phone);
    if (!nameMatches || !phoneMatches) {
      sendPage(res, 401, render(safeNext, '이름 또는 휴대폰 번호가 일치하지 않습니다.'));
      return;
    }
    if (site === 'hrd') await ensureHrdSecret(DEMO_TRAINEE.id);
    const { cookie, session } = openSession(site, DEMO_TRAINEE.id);
    if (dailyCheckDue(site, DEMO_TRAINEE.id)) {
      session.afterDailyCheck = safeNext;
      redirect(res, 303, DEMO_PATHS.dailyCheckpoint, cookie);
      return;
    }
    redirect(res, 303, safeNext ?? DEMO_PATHS.courses, cookie);
  };

  /** 휴대폰/아이핀 본인인증 on either site: a success resets that site's verifier. */
  const handleIdentity = async (
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    url: URL,
    method: string,
    kind: 'phone' | 'ipin',
  ): Promise<void> => {
    if (method !== 'GET' && method !== 'POST') return methodNotAllowed(res, 'GET, POST');
    const form = method === 'POST' ? await readForm(req) : null;
    const rawNext = form ? form.get('next') : url.searchParams.get('next');
    const next = rawNext && isLocalPath(rawNext) ? rawNext : null;
    let result: IdentityResult | null = null;

    const reset = async (): Promise<void> => {
      await store.update(storeKey(session.site, session.traineeId), (state) => ({
        state: resetAfterIdentityVerification(state),
        result: undefined,
      }));
      log(
        `demo lms: ${kind} identity verification on ${session.site}: verifier reset for ${session.traineeId}`,
      );
    };

    if (form && kind === 'phone') {
      if (form.get('step') === 'request') {
        const carrier = CARRIERS.find((candidate) => candidate === form.get('carrier'));
        session.carrier = carrier ?? CARRIERS[0];
        session.smsCodeSent = true;
      } else if (!session.smsCodeSent) {
        result = { outcome: 'failure', message: IDENTITY_MESSAGES.smsNotRequested };
      } else if ((form.get('code') ?? '').trim() === DEMO_SMS_CODE) {
        await reset();
        session.smsCodeSent = false;
        result = { outcome: 'success', message: IDENTITY_MESSAGES.phoneSuccess };
      } else {
        result = { outcome: 'failure', message: IDENTITY_MESSAGES.wrongSmsCode };
      }
    }
    if (form && kind === 'ipin') {
      if ((form.get('ipinId') ?? '').trim() !== '' && (form.get('ipinPassword') ?? '') !== '') {
        await reset();
        result = { outcome: 'success', message: IDENTITY_MESSAGES.ipinSuccess };
      } else {
        result = { outcome: 'failure', message: IDENTITY_MESSAGES.ipinMissing };
      }
    }

    const title = kind === 'phone' ? '휴대폰 본인인증' : '아이핀 본인인증';
    const body =
      kind === 'phone'
        ? phoneIdentityBody({ next, codeSent: session.smsCodeSent, carrier: session.carrier, result })
        : ipinIdentityBody({ next, result });
    sendPage(
      res,
      200,
      session.site === 'lms'
        ? identityPage({ ...context(), title, body })
        : hrdFramedPage({ ...context(), title, body, signedIn: true }),
    );
  };

  const handleTestControls = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
  ): Promise<void> => {
    if (method === 'POST') {
      if (mediaType(req.headers['content-type']) !== 'application/json') {
        sendJson(res, 415, errorBody('unsupportedMediaType', 'Content-Type must be application/json.'));
        return;
      }
      const mode = parseVerifierMode(await readJson(req));
      if (!mode) {
        sendJson(res, 400, errorBody('badRequest', 'mode must be normal, error or hang.'));
        return;
      }
      modes.set(mode);
      log(`demo lms: test control: verifier mode ${mode}`);
    } else if (method !== 'GET') {
      return methodNotAllowed(res, 'GET, POST');
    }
    const body: VerifierModeBody = { mode: modes.mode, held: modes.held };
    sendJson(res, 200, body);
  };

  // ---------------------------------------------------------------------------------------------
  // 데모 원격훈련원 (127.0.0.1)

  const handleLmsPage = async (
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    url: URL,
    method: string,
  ): Promise<void> => {
    const path = url.pathname;
    const state = store.get(session.traineeId);

    if (path === DEMO_PATHS.courses) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      sendPage(
        res,
        200,
        coursesPage({
          ...context(),
          courses: DEMO_COURSES,
          isEntryVerified: (courseId) => entryVerified(state, courseId),
          enrolled: state.secretBase32 !== null,
        }),
      );
      return;
    }
    if (path === DEMO_PATHS.otpEnroll) {
      if (method === 'POST') {
        const secret = randomBytes(DEMO_SECRET_BYTES);
        await store.update(session.traineeId, (current) => ({
          state: issueSecret(current, secret),
          result: undefined,
        }));
        log(`demo lms: issued a new web OTP key for ${session.traineeId}`);
        redirect(res, 303, `${DEMO_PATHS.otpEnroll}?issued=1`);
        return;
      }
      if (method !== 'GET') return methodNotAllowed(res, 'GET, POST');
      const keyUri =
        state.secretBase32 === null
          ? null
          : formatKeyUri({
              ...keyOf(state.secretBase32),
              issuer: DEMO_INSTITUTE.name,
              accountName: DEMO_TRAINEE.name,
            });
      sendPage(
        res,
        200,
        enrollPage({
          ...context(),
          keyUri,
          justIssued: url.searchParams.get('issued') === '1' && keyUri !== null,
          locked: state.locked,
        }),
      );
      return;
    }

    if (path === DEMO_PATHS.dailyCheckpoint && options.dailyLoginCheck === true) {
      const nonce = newNonce();
      if (method === 'POST') {
        // The no-JavaScript path (also taken by `form.submit()`, which skips submit handlers).
        const form = await readForm(req);
        const outcome = await verifyDailyLogin(session, res, form.get('otp') ?? '');
        if (outcome.type === 'aborted') return;
        const after = store.get(session.traineeId);
        const passed = outcome.type === 'answer' && outcome.answer.ok;
        sendPage(
          res,
          outcome.type === 'unavailable' ? 503 : 200,
          dailyLoginCheckpointPage({
            ...context(),
            ...verifierView(after),
            nonce,
            result: resultView(outcome),
            next: passed ? takeAfterDailyCheck(session) : afterDailyCheck(session),
          }),
          nonce,
        );
        return;
      }
      if (method !== 'GET') return methodNotAllowed(res, 'GET, POST');
      const next = url.searchParams.get('next');
      if (next && isLocalPath(next)) session.afterDailyCheck = next;
      if (!dailyCheckDue('lms', session.traineeId)) {
        // Already passed today: nothing to ask, carry on.
        redirect(res, 302, takeAfterDailyCheck(session));
        return;
      }
      sendPage(
        res,
        200,
        dailyLoginCheckpointPage({
          ...context(),
          ...verifierView(state),
          nonce,
          result: lockedResult(state),
          next: afterDailyCheck(session),
        }),
        nonce,
      );
      return;
    }

    const courseMatch = DEMO_PATH_PATTERNS.course.exec(path);
    if (courseMatch) {
      const course = findCourse(courseMatch[1] ?? '');
      if (!course) return notFound(res, 'lms', true);
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      sendPage(
        res,
        200,
        coursePage({
          ...context(),
          course,
          entryVerified: entryVerified(state, course.id),
          lastVerifiedSession: lastVerifiedSession(state, course.id),
        }),
      );
      return;
    }

    const checkpointMatch = DEMO_PATH_PATTERNS.entryCheckpoint.exec(path);
    if (checkpointMatch) {
      const course = findCourse(checkpointMatch[1] ?? '');
      if (!course) return notFound(res, 'lms', true);
      const nonce = newNonce();
      if (method === 'POST') {
        // The no-JavaScript path (also taken by `form.submit()`, which skips submit handlers).
        const form = await readForm(req);
        const outcome = await verifyWebOtp(session, res, course, {
          courseId: course.id,
          kind: 'entry',
          code: form.get('otp') ?? '',
          session: null,
          visit: null,
        });
        if (outcome.type === 'aborted') return;
        const after = store.get(session.traineeId);
        sendPage(
          res,
          outcome.type === 'unavailable' ? 503 : 200,
          entryCheckpointPage({
            ...context(),
            ...verifierView(after),
            course,
            nonce,
            result: resultView(outcome),
          }),
          nonce,
        );
        return;
      }
      if (method !== 'GET') return methodNotAllowed(res, 'GET, POST');
      sendPage(
        res,
        200,
        entryCheckpointPage({
          ...context(),
          ...verifierView(state),
          course,
          nonce,
          result: lockedResult(state),
        }),
        nonce,
      );
      return;
    }

    const lessonMatch = DEMO_PATH_PATTERNS.lesson.exec(path);
    if (lessonMatch) {
      const course = findCourse(lessonMatch[1] ?? '');
      const sessionNo = Number(lessonMatch[2]);
      if (!course || sessionNo < 1 || sessionNo > course.sessions.length) return notFound(res, 'lms', true);
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      // The old lesson address: the lesson player decides what the session needs.
      redirect(res, 302, learnPath(course.id, sessionNo));
      return;
    }

    const learnMatch = DEMO_PATH_PATTERNS.learn.exec(path);
    if (learnMatch) {
      const course = findCourse(learnMatch[1] ?? '');
      if (!course) return notFound(res, 'lms', true);
      if (method !== 'GET' && method !== 'POST') return methodNotAllowed(res, 'GET, POST');
      const form = method === 'POST' ? await readForm(req) : null;
      const sessionNo = parseSessionNumber(
        form ? (form.get('session') ?? url.searchParams.get('session')) : url.searchParams.get('session'),
        course,
      );
      if (sessionNo === null) return notFound(res, 'lms', true);
      if (!entryVerified(state, course.id)) {
        redirect(res, 302, entryCheckpointPath(course.id));
        return;
      }
      const popupAfterMs = parsePopupAfterMs(url.searchParams.get('popupAfterMs'));
      const nonce = newNonce();
      let view: PlayerView | null = null;
      let status = 200;
      if (form) {
        // No-JavaScript posts of the session check and of the video check.
        const kind = form.get('kind') === 'video' ? 'video' : 'session';
        const outcome = await verifyWebOtp(session, res, course, {
          courseId: course.id,
          kind,
          code: form.get('otp') ?? '',
          session: sessionNo,
          visit: null,
        });
        if (outcome.type === 'aborted') return;
        if (outcome.type === 'unavailable') status = 503;
        const shown = resultView(outcome);
        const access = sessionAccess(store.get(session.traineeId), course.id, sessionNo);
        if (kind === 'session' && (access === 'checkRequired' || shown.outcome === 'success')) {
          view = { view: 'check', result: shown };
        } else if (kind === 'video' && access === 'open') {
          view = { view: 'lesson', videoCheck: { result: shown } };
        }
      }
      const after = store.get(session.traineeId);
      view ??=
        sessionAccess(after, course.id, sessionNo) === 'checkRequired'
          ? { view: 'check', result: lockedResult(after) }
          : { view: 'lesson', videoCheck: null };
      sendPage(
        res,
        status,
        learnPage({
          ...context(),
          ...verifierView(after),
          course,
          session: sessionNo,
          state: view,
          popupAfterMs,
          nonce,
        }),
        nonce,
      );
      return;
    }

    const assessmentMatch = DEMO_PATH_PATTERNS.assessment.exec(path);
    if (assessmentMatch) {
      const course = findCourse(assessmentMatch[1] ?? '');
      const kind = ASSESSMENT_KINDS.find((candidate) => candidate === assessmentMatch[2]);
      if (!course || !kind) return notFound(res, 'lms', true);
      if (method !== 'GET' && method !== 'POST') return methodNotAllowed(res, 'GET, POST');
      if (!entryVerified(state, course.id)) {
        redirect(res, 302, entryCheckpointPath(course.id));
        return;
      }
      const nonce = newNonce();
      if (method === 'GET') {
        // Every visit asks again: a fresh visit whose check has not been passed.
        const visit = newVisit(session, course.id, kind);
        sendPage(
          res,
          200,
          assessmentPage({
            ...context(),
            ...verifierView(state),
            course,
            kind,
            visit,
            result: lockedResult(state),
            content: null,
            nonce,
          }),
          nonce,
        );
        return;
      }
      const form = await readForm(req);
      const token = form.get('visit');
      const outcome = await verifyWebOtp(session, res, course, {
        courseId: course.id,
        kind,
        code: form.get('otp') ?? '',
        session: null,
        visit: token ?? '',
      });
      if (outcome.type === 'aborted') return;
      const known = findVisit(session, token, course.id, kind);
      const after = store.get(session.traineeId);
      sendPage(
        res,
        outcome.type === 'unavailable' ? 503 : 200,
        assessmentPage({
          ...context(),
          ...verifierView(after),
          course,
          kind,
          visit: known && token !== null ? token : newVisit(session, course.id, kind),
          result: resultView(outcome),
          content: known?.passed ? assessmentContent(course, kind) : null,
          nonce,
        }),
        nonce,
      );
      return;
    }

    notFound(res, 'lms', true);
  };

  const handleLmsApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    path: string,
    url: URL,
    method: string,
  ): Promise<void> => {
    if (path === DEMO_PATHS.traineeStateApi) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      sendJson(res, 200, traineeState('lms', store.get(session.traineeId), DEMO_COURSES));
      return;
    }
    if (path === DEMO_PATHS.verifyApi) {
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      // Requiring JSON forces a CORS preflight on any cross-site attempt, on top of SameSite=Lax.
      if (mediaType(req.headers['content-type']) !== 'application/json') {
        sendJson(res, 415, errorBody('unsupportedMediaType', 'Content-Type must be application/json.'));
        return;
      }
      const request = parseVerifyRequest(await readBody(req));
      if (!request) {
        sendJson(res, 400, errorBody('badRequest', '잘못된 요청입니다.'));
        return;
      }
      const course = request.kind === 'dailyLogin' ? null : findCourse(request.courseId);
      if (request.kind !== 'dailyLogin' && !course) {
        sendJson(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
        return;
      }
      const outcome = course
        ? await verifyWebOtp(session, res, course, request)
        : await verifyDailyLogin(session, res, request.code);
      switch (outcome.type) {
        case 'aborted':
          return;
        case 'unavailable':
          sendJson(res, 503, errorBody('verifierUnavailable', CHECKPOINT_MESSAGES.verifierDown));
          return;
        case 'refused':
          sendJson(res, outcome.status, errorBody(outcome.error, outcome.message));
          return;
        case 'answer': {
          const { answer } = outcome;
          const view = describeVerifyAnswer(answer);
          const body: VerifyResponseBody = {
            outcome: view.outcome,
            message: view.message,
            reason: answer.reason,
            attemptsLeft: answer.attemptsLeft,
            locked: answer.ok ? false : answer.locked,
            checkpointId: outcome.checkpointId,
            ...(answer.ok
              ? {
                  next: course
                    ? nextAfter(course, request.kind, request.session)
                    : takeAfterDailyCheck(session),
                }
              : {}),
          };
          sendJson(res, 200, body);
          return;
        }
      }
    }
    const sessionMatch = DEMO_PATH_PATTERNS.sessionApi.exec(path);
    if (sessionMatch) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      const course = findCourse(sessionMatch[1] ?? '');
      if (!course) {
        sendJson(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
        return;
      }
      const sessionNo = Number(sessionMatch[2]);
      const title = course.sessions[sessionNo - 1];
      if (title === undefined || sessionNo < 1) {
        sendJson(res, 404, errorBody('unknownSession', '차시를 찾을 수 없습니다.'));
        return;
      }
      const state = store.get(session.traineeId);
      const access = sessionAccess(state, course.id, sessionNo);
      if (access === 'entryRequired') {
        sendJson(res, 403, {
          ...errorBody('entryRequired', CHECKPOINT_MESSAGES.entryRequired),
          next: entryCheckpointPath(course.id),
        });
        return;
      }
      const body: SessionInfoBody = {
        session: sessionNo,
        title,
        requiresCheck: access === 'checkRequired',
        kind: access === 'checkRequired' ? 'session' : null,
        ...verifierView(state),
      };
      sendJson(res, 200, body);
      return;
    }
    const assessmentMatch = DEMO_PATH_PATTERNS.assessmentApi.exec(path);
    if (assessmentMatch) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      const course = findCourse(assessmentMatch[1] ?? '');
      const kind = ASSESSMENT_KINDS.find((candidate) => candidate === assessmentMatch[2]);
      if (!course || !kind) {
        sendJson(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
        return;
      }
      const visit = findVisit(session, url.searchParams.get('visit'), course.id, kind);
      if (!visit?.passed) {
        sendJson(res, 403, errorBody('checkRequired', '본인인증 후 응시할 수 있습니다.'));
        return;
      }
      const body: AssessmentContent = assessmentContent(course, kind);
      sendJson(res, 200, body);
      return;
    }
    sendJson(res, 404, errorBody('notFound', '요청하신 API가 없습니다.'));
  };

  // ---------------------------------------------------------------------------------------------
  // 한빛 직업훈련원, HRD-connected (127.0.0.2)

  const handleHrdPage = async (
    res: ServerResponse,
    session: Session,
    url: URL,
    method: string,
  ): Promise<void> => {
    const path = url.pathname;
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    const state = await ensureHrdSecret(session.traineeId);

    if (path === DEMO_PATHS.courses) {
      sendPage(
        res,
        200,
        hrdCoursesPage({
          ...context(),
          courses: HRD_COURSES,
          isEntryVerified: (courseId) => entryVerified(state, courseId),
        }),
      );
      return;
    }
    if (path === HRD_PATHS.app) {
      if (state.secretBase32 === null) throw new Error('HRD seed missing');
      const key = keyOf(state.secretBase32);
      const nowMs = now();
      const timed = totpCodeAt(key, nowMs);
      const nonce = newNonce();
      sendPage(
        res,
        200,
        hrdAppPage({
          ...context(),
          code: timed.code,
          secondsLeft: Math.ceil(millisecondsLeftInStep(nowMs, key.period) / 1000),
          expiresAtMs: timed.expiresAt,
          nonce,
        }),
        nonce,
      );
      return;
    }
    if (path === HRD_PATHS.guide) return sendPage(res, 200, hrdGuidePage({ ...context(), signedIn: true }));
    if (path === HRD_PATHS.manual) return sendPage(res, 200, hrdManualPage({ ...context(), signedIn: true }));
    if (path === HRD_PATHS.remoteSupport)
      return sendPage(res, 200, remoteSupportPage({ ...context(), signedIn: true }));

    const courseMatch = DEMO_PATH_PATTERNS.course.exec(path);
    if (courseMatch) {
      const course = findHrdCourse(courseMatch[1] ?? '');
      if (!course) return notFound(res, 'hrd', true);
      sendPage(
        res,
        200,
        hrdCoursePage({ ...context(), course, entryVerified: entryVerified(state, course.id) }),
      );
      return;
    }
    const motpMatch = DEMO_PATH_PATTERNS.hrdMotp.exec(path);
    if (motpMatch) {
      const course = findHrdCourse(motpMatch[1] ?? '');
      if (!course) return notFound(res, 'hrd', true);
      const nonce = newNonce();
      sendPage(res, 200, hrdMotpPage({ ...context(), course, nonce, lockedOnLoad: state.locked }), nonce);
      return;
    }
    notFound(res, 'hrd', true);
  };

  const handleHrdApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    path: string,
    method: string,
  ): Promise<void> => {
    if (path === DEMO_PATHS.traineeStateApi) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      const state = await ensureHrdSecret(session.traineeId);
      sendJson(res, 200, traineeState('hrd', state, HRD_COURSES));
      return;
    }
    if (path === HRD_PATHS.verifyApi) {
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      if (mediaType(req.headers['content-type']) !== 'application/json') {
        sendJson(res, 415, errorBody('unsupportedMediaType', 'Content-Type must be application/json.'));
        return;
      }
      const request = parseHrdVerifyRequest(await readJson(req));
      if (!request) {
        sendJson(res, 400, errorBody('badRequest', '잘못된 요청입니다.'));
        return;
      }
      const course = findHrdCourse(request.courseId);
      if (!course) {
        sendJson(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
        return;
      }
      const gate = await modes.gate(res);
      if (gate === 'aborted') return;
      if (gate === 'unavailable') {
        log(`demo lms: HRD mOTP ${course.id}: verifier unavailable`);
        sendJson(res, 503, errorBody('verifierUnavailable', CHECKPOINT_MESSAGES.verifierDown));
        return;
      }
      await ensureHrdSecret(session.traineeId);
      const id = checkpointId(course.id, 'entry');
      const { answer, failures } = await store.update(storeKey('hrd', session.traineeId), (state) => {
        const { state: next, answer } = verifyCheckpointCode(state, request.motpNo, now());
        const passed = answer.ok ? recordEntryPassed(markCheckpointVerified(next, id), course.id) : next;
        return { state: passed, result: { answer, failures: passed.failures } };
      });
      log(`demo lms: HRD mOTP ${id}: ${answer.reason} (attempts left ${answer.attemptsLeft})`);
      const view = describeHrdAnswer(answer, failures);
      const body: HrdVerifyResponseBody = {
        outcome: view.outcome,
        message: view.message,
        reason: answer.reason,
        failures,
        attemptsLeft: answer.attemptsLeft,
        locked: answer.ok ? false : answer.locked,
        ...(answer.ok ? { next: coursePath(course.id) } : {}),
      };
      sendJson(res, 200, body);
      return;
    }
    sendJson(res, 404, errorBody('notFound', '요청하신 API가 없습니다.'));
  };

  // ---------------------------------------------------------------------------------------------

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      // Log the kind of failure only; request bodies may hold codes.
      log(
        `demo lms: ${req.method ?? '?'} ${safePath(req.url)} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
      if (error instanceof BodyTooLargeError && !res.headersSent) {
        sendJson(res, 413, errorBody('bodyTooLarge', '요청이 너무 큽니다.'));
        return;
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const path = safePath(req.url);
      if (path.startsWith('/api/') || path.startsWith('/hrd/api/')) {
        sendJson(res, 500, errorBody('unavailable', CHECKPOINT_MESSAGES.unavailable));
      } else {
        const site = siteOf(req.headers.host) ?? 'lms';
        sendPage(res, 500, simplePage(site, '일시적인 오류', CHECKPOINT_MESSAGES.unavailable, false));
      }
    });
  };

  const lmsServer = createServer(listener);
  const hrdServer = createServer(listener);
  port = await listenOnBoth(lmsServer, hrdServer, options.port ?? 0);
  const hrdSites = await startHrdSites({
    port,
    now,
    testControls: options.testControls === true,
    log,
  }).catch(async (error: unknown) => {
    modes.close();
    await Promise.all([closeServer(lmsServer), closeServer(hrdServer)]);
    await store.close();
    throw error;
  });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${LMS_HOST}:${port}`,
    hrdUrl: `http://${HRD_HOST}:${port}`,
    port,
    hrdSites,
    close() {
      closing ??= (async () => {
        modes.close();
        await Promise.all([closeServer(lmsServer), closeServer(hrdServer), hrdSites.close()]);
        await store.close();
      })();
      return closing;
    },
  };
}

/** The trainee's state as one site's verifier sees it; never the secret. */
function traineeState(site: Site, state: VerifierState, courses: readonly DemoCourse[]): TraineeStateBody {
  return {
    site,
    name: DEMO_TRAINEE.name,
    phone: DEMO_TRAINEE.phone,
    enrolled: state.secretBase32 !== null,
    failures: state.failures,
    locked: state.locked,
    attemptsLeft: attemptsLeft(state),
    verifiedCheckpoints: state.verifiedCheckpoints,
    courses: Object.fromEntries(
      courses.map((course) => [course.id, { lastVerifiedSession: lastVerifiedSession(state, course.id) }]),
    ),
    lastDailyLoginDay: state.lastDailyLoginDay,
  };
}

/**
 * Listens on 127.0.0.1 and then 127.0.0.2 at the same port. With port 0 the first address picks
 * the port; should it be taken on the second address, both start again on a new one.
 */
async function listenOnBoth(first: Server, second: Server, requestedPort: number): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    await listen(first, requestedPort, LMS_HOST);
    const port = (first.address() as AddressInfo).port;
    try {
      await listen(second, port, HRD_HOST);
      return port;
    } catch (error) {
      await closeServer(first);
      const retry = requestedPort === 0 && isErrnoException(error) && error.code === 'EADDRINUSE';
      if (!retry || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections (fetch keeps them) would hold close() open otherwise.
    server.closeAllConnections();
  });
}

function refused(
  status: 400 | 403 | 404 | 409,
  error: string,
  message: string,
): Extract<VerifyOutcome, { type: 'refused' }> {
  return { type: 'refused', status, error, message };
}

function isAssessmentKind(kind: CheckpointKind): kind is AssessmentKind {
  return (ASSESSMENT_KINDS as readonly string[]).includes(kind);
}

function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** `?session=n` (default 1) as a session of the course; null when it is not one. */
function parseSessionNumber(value: string | null, course: DemoCourse): number | null {
  if (value === null || value === '') return 1;
  if (!/^\d{1,3}$/.test(value)) return null;
  const session = Number(value);
  return session >= 1 && session <= course.sessions.length ? session : null;
}

/** `?popupAfterMs=` for this page load; the default when absent or not a sane number. */
function parsePopupAfterMs(value: string | null): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return DEFAULT_POPUP_AFTER_MS;
  return Math.min(Number(value), MAX_POPUP_AFTER_MS);
}

/** Request-level error body for the JSON APIs. */
function errorBody(error: string, message: string): VerifyResponseBody {
  return { outcome: 'error', error, message };
}

/**
 * Validates `{ courseId, kind, code, session?, visit? }`; null for anything else. `dailyLogin`
 * belongs to no course: its `courseId` may be absent or null (and is ignored).
 */
function parseVerifyRequest(text: string): VerifyRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { courseId, kind, code, session, visit } = value;
  if (typeof code !== 'string' || code.length > 64) return null;
  const knownKind = CHECKPOINT_KINDS.find((candidate) => candidate === kind);
  if (!knownKind) return null;
  const courseless = knownKind === 'dailyLogin' && (courseId === undefined || courseId === null);
  if (typeof courseId !== 'string' && !courseless) return null;
  if (session !== undefined && (typeof session !== 'number' || !Number.isInteger(session) || session > 999))
    return null;
  if (visit !== undefined && (typeof visit !== 'string' || visit.length > 64)) return null;
  return {
    courseId: typeof courseId === 'string' ? courseId : '',
    kind: knownKind,
    code,
    session: typeof session === 'number' ? session : null,
    visit: typeof visit === 'string' ? visit : null,
  };
}

/** Validates HRD's `{ courseId, motpNo }`. */
function parseHrdVerifyRequest(
  value: unknown,
): { readonly courseId: string; readonly motpNo: string } | null {
  if (!isRecord(value)) return null;
  const { courseId, motpNo } = value;
  if (typeof courseId !== 'string' || typeof motpNo !== 'string' || motpNo.length > 64) return null;
  return { courseId, motpNo };
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
