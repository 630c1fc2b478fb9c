/**
 * The demo LMS: a small reference remote-training LMS with a real server-side TOTP verifier,
 * built on node:http only. It is what `npm run demo` starts and what the end-to-end tests drive.
 * It listens on 127.0.0.1 only and keeps sessions in memory; verifier state is persisted.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatKeyUri } from '../../lib/otp/key-uri';
import {
  DEMO_COURSES,
  DEMO_INSTITUTE,
  DEMO_TRAINEE,
  type DemoCourse,
  findCourse,
  phoneDigits,
} from './catalog';
import type { SafeHtml } from './html';
import { CHECKPOINT_MESSAGES, type CheckpointOutcome, describeVerifyAnswer } from './messages';
import {
  coursePage,
  coursesPage,
  enrollPage,
  entryCheckpointPage,
  errorPage,
  lessonPage,
  loginPage,
} from './pages';
import {
  AUTO_LOGIN_PARAM,
  CHECKPOINT_KINDS,
  type CheckpointKind,
  checkpointId,
  coursePath,
  DEMO_PATH_PATTERNS,
  DEMO_PATHS,
  entryCheckpointPath,
  isLocalPath,
} from './routes';
import { openDemoStore } from './store';
import {
  attemptsLeft,
  DEMO_SECRET_BYTES,
  isCheckpointVerified,
  issueSecret,
  keyOf,
  markCheckpointVerified,
  type VerifyAnswer,
  type VerifyReason,
  verifyCheckpointCode,
} from './verifier';

export { DEMO_COURSES, DEMO_INSTITUTE, DEMO_TRAINEE } from './catalog';
export { CHECKPOINT_MESSAGES, CHECKPOINT_OUTCOMES, type CheckpointOutcome } from './messages';
export {
  AUTO_LOGIN_PARAM,
  CHECKPOINT_KINDS,
  checkpointId,
  coursePath,
  DEMO_PATH_PATTERNS,
  DEMO_PATHS,
  entryCheckpointPath,
  lessonPath,
} from './routes';

/** Options of `startDemoLms`. */
export interface DemoLmsOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
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
  /** Operational log lines (never secrets or codes). Defaults to `console.log`. */
  readonly log?: (line: string) => void;
}

/** A running demo LMS. */
export interface DemoLms {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops listening, drops open connections and flushes the store. */
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
  /** Where to go after success (the course page). */
  readonly next?: string;
}

/** Body of `GET /api/trainee/state`. Never contains the secret. */
export interface TraineeStateBody {
  readonly name: string;
  readonly phone: string;
  readonly enrolled: boolean;
  readonly failures: number;
  readonly locked: boolean;
  readonly attemptsLeft: number;
  readonly verifiedCheckpoints: readonly string[];
}

const SESSION_COOKIE = 'demo_lms_sid';
const MAX_BODY_BYTES = 16 * 1024;

interface Session {
  readonly traineeId: string;
}

/** Starts the demo LMS on 127.0.0.1 and resolves once it is listening. */
export async function startDemoLms(options: DemoLmsOptions): Promise<DemoLms> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const store = await openDemoStore({ dataDir: options.dataDir, log });
  const stylesheet = await readFile(new URL('./static/lms.css', import.meta.url), 'utf8');
  const sessions = new Map<string, Session>();
  let port = 0;

  const server = createServer((req, res) => {
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
      if (safePath(req.url).startsWith('/api/')) {
        sendJson(res, 500, errorBody('unavailable', CHECKPOINT_MESSAGES.unavailable));
      } else {
        sendPage(
          res,
          500,
          errorPage({ title: '일시적인 오류', message: CHECKPOINT_MESSAGES.unavailable, signedIn: false }),
        );
      }
    });
  });

  /** Headers every response carries. `Date` comes from the injectable clock so tests can skew it. */
  const baseHeaders = (res: ServerResponse): void => {
    res.setHeader('Date', new Date(now()).toUTCString());
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
  };

  const sendPage = (res: ServerResponse, status: number, page: SafeHtml, nonce?: string): void => {
    baseHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader(
      'Content-Security-Policy',
      [
        nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
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

  const redirect = (res: ServerResponse, status: 302 | 303, location: string, cookie?: string): void => {
    baseHeaders(res);
    if (cookie) res.setHeader('Set-Cookie', cookie);
    res.writeHead(status, { Location: location });
    res.end();
  };

  const notFound = (res: ServerResponse, signedIn: boolean): void =>
    sendPage(
      res,
      404,
      errorPage({
        title: '페이지를 찾을 수 없습니다',
        message: '요청하신 페이지가 없거나 이동되었습니다.',
        signedIn,
      }),
    );

  const methodNotAllowed = (res: ServerResponse, allow: string): void => {
    baseHeaders(res);
    res.writeHead(405, { Allow: allow, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method Not Allowed');
  };

  const newSessionCookie = (traineeId: string): string => {
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, { traineeId });
    return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
  };

  const sessionOf = (req: IncomingMessage): Session | null => {
    const id = readCookie(req, SESSION_COOKIE);
    return id ? (sessions.get(id) ?? null) : null;
  };

  /** Checks the Host header so a DNS-rebound name cannot reach the demo from a web page. */
  const hostAllowed = (req: IncomingMessage): boolean =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  /** Cross-site POSTs are refused when the browser names their origin (CSRF). */
  const originAllowed = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return (
      origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
    );
  };

  /** Runs one verification, records a passed checkpoint and persists before answering. */
  const verify = async (
    session: Session,
    course: DemoCourse,
    kind: CheckpointKind,
    code: string,
  ): Promise<VerifyAnswer> => {
    const id = checkpointId(course.id, kind);
    const answer = await store.update(session.traineeId, (state) => {
      const { state: next, answer } = verifyCheckpointCode(state, code, now());
      return { state: answer.ok ? markCheckpointVerified(next, id) : next, result: answer };
    });
    log(`demo lms: checkpoint ${id}: ${answer.reason} (attempts left ${answer.attemptsLeft})`);
    return answer;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req)) {
      baseHeaders(res);
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected Request');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'POST' && !originAllowed(req)) {
      sendJson(res, 403, errorBody('forbiddenOrigin', '허용되지 않은 요청입니다.'));
      return;
    }

    // Public routes.
    if (path === DEMO_PATHS.stylesheet) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      baseHeaders(res);
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8' });
      res.end(stylesheet);
      return;
    }
    if (path === '/favicon.ico') {
      baseHeaders(res);
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === DEMO_PATHS.login) {
      if (method === 'GET') {
        const next = url.searchParams.get('next');
        sendPage(res, 200, loginPage({ next: next && isLocalPath(next) ? next : null, error: null }));
        return;
      }
      if (method !== 'POST') return methodNotAllowed(res, 'GET, POST');
      const form = await readForm(req);
      const next = form.get('next');
      const safeNext = next && isLocalPath(next) ? next : null;
      const nameMatches = (form.get('name') ?? '').trim() === DEMO_TRAINEE.name;
      const phoneMatches = phoneDigits(form.get('phone') ?? '') === phoneDigits(DEMO_TRAINEE.phone);
      if (!nameMatches || !phoneMatches) {
        sendPage(
          res,
          401,
          loginPage({ next: safeNext, error: '이름 또는 휴대폰 번호가 일치하지 않습니다.' }),
        );
        return;
      }
      redirect(res, 303, safeNext ?? DEMO_PATHS.courses, newSessionCookie(DEMO_TRAINEE.id));
      return;
    }
    if (path === DEMO_PATHS.logout) {
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      const id = readCookie(req, SESSION_COOKIE);
      if (id) sessions.delete(id);
      redirect(res, 303, DEMO_PATHS.login, `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return;
    }

    // Everything else needs a session.
    const session = sessionOf(req);
    if (path.startsWith('/api/')) {
      if (!session) {
        sendJson(res, 401, errorBody('unauthenticated', CHECKPOINT_MESSAGES.unauthenticated));
        return;
      }
      return handleApi(req, res, session, path, method);
    }
    if (
      !session &&
      options.autoLogin === true &&
      method === 'GET' &&
      url.searchParams.get(AUTO_LOGIN_PARAM) === '1'
    ) {
      url.searchParams.delete(AUTO_LOGIN_PARAM);
      redirect(res, 302, `${url.pathname}${url.search}`, newSessionCookie(DEMO_TRAINEE.id));
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
    const state = store.get(session.traineeId);

    if (path === DEMO_PATHS.home) {
      redirect(res, 302, DEMO_PATHS.courses);
      return;
    }
    if (path === DEMO_PATHS.courses) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      sendPage(
        res,
        200,
        coursesPage({
          courses: DEMO_COURSES,
          isEntryVerified: (courseId) => isCheckpointVerified(state, checkpointId(courseId, 'entry')),
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
          keyUri,
          justIssued: url.searchParams.get('issued') === '1' && keyUri !== null,
          locked: state.locked,
        }),
      );
      return;
    }

    const courseMatch = DEMO_PATH_PATTERNS.course.exec(path);
    if (courseMatch) {
      const course = findCourse(courseMatch[1] ?? '');
      if (!course) return notFound(res, true);
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      sendPage(
        res,
        200,
        coursePage({ course, entryVerified: isCheckpointVerified(state, checkpointId(course.id, 'entry')) }),
      );
      return;
    }

    const checkpointMatch = DEMO_PATH_PATTERNS.entryCheckpoint.exec(path);
    if (checkpointMatch) {
      const course = findCourse(checkpointMatch[1] ?? '');
      if (!course) return notFound(res, true);
      const nonce = randomBytes(16).toString('base64');
      if (method === 'POST') {
        // The no-JavaScript path (also taken by `form.submit()`, which skips submit handlers).
        const form = await readForm(req);
        const answer = await verify(session, course, 'entry', form.get('otp') ?? '');
        sendPage(
          res,
          200,
          entryCheckpointPage({ course, kind: 'entry', nonce, result: describeVerifyAnswer(answer) }),
          nonce,
        );
        return;
      }
      if (method !== 'GET') return methodNotAllowed(res, 'GET, POST');
      // A trainee already locked sees so at once, as the verifier would answer any code.
      const result = state.locked
        ? describeVerifyAnswer({ ok: false, reason: 'locked', attemptsLeft: 0, locked: true })
        : null;
      sendPage(res, 200, entryCheckpointPage({ course, kind: 'entry', nonce, result }), nonce);
      return;
    }

    const lessonMatch = DEMO_PATH_PATTERNS.lesson.exec(path);
    if (lessonMatch) {
      const course = findCourse(lessonMatch[1] ?? '');
      const sessionNo = Number(lessonMatch[2]);
      if (!course || sessionNo < 1 || sessionNo > course.sessions.length) return notFound(res, true);
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      if (!isCheckpointVerified(state, checkpointId(course.id, 'entry'))) {
        redirect(res, 302, entryCheckpointPath(course.id));
        return;
      }
      sendPage(res, 200, lessonPage({ course, session: sessionNo }));
      return;
    }

    notFound(res, true);
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    path: string,
    method: string,
  ): Promise<void> => {
    if (path === DEMO_PATHS.traineeStateApi) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      const state = store.get(session.traineeId);
      const body: TraineeStateBody = {
        name: DEMO_TRAINEE.name,
        phone: DEMO_TRAINEE.phone,
        enrolled: state.secretBase32 !== null,
        failures: state.failures,
        locked: state.locked,
        attemptsLeft: attemptsLeft(state),
        verifiedCheckpoints: state.verifiedCheckpoints,
      };
      sendJson(res, 200, body);
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
      const course = findCourse(request.courseId);
      if (!course) {
        sendJson(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
        return;
      }
      const answer = await verify(session, course, request.kind, request.code);
      const view = describeVerifyAnswer(answer);
      const body: VerifyResponseBody = {
        outcome: view.outcome,
        message: view.message,
        reason: answer.reason,
        attemptsLeft: answer.attemptsLeft,
        locked: answer.ok ? false : answer.locked,
        checkpointId: checkpointId(course.id, request.kind),
        ...(answer.ok ? { next: coursePath(course.id) } : {}),
      };
      sendJson(res, 200, body);
      return;
    }
    sendJson(res, 404, errorBody('notFound', '요청하신 API가 없습니다.'));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          // Keep-alive connections (fetch keeps them) would hold close() open otherwise.
          server.closeAllConnections();
        });
        await store.close();
      })();
      return closing;
    },
  };
}

/** Request-level error body for the JSON API. */
function errorBody(error: string, message: string): VerifyResponseBody {
  return { outcome: 'error', error, message };
}

interface VerifyRequest {
  readonly courseId: string;
  readonly kind: CheckpointKind;
  readonly code: string;
}

/** Validates `{ courseId, kind, code }`; null for anything else. */
function parseVerifyRequest(text: string): VerifyRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { courseId, kind, code } = value as Record<string, unknown>;
  if (typeof courseId !== 'string' || typeof code !== 'string' || code.length > 64) return null;
  const knownKind = CHECKPOINT_KINDS.find((candidate) => candidate === kind);
  if (!knownKind) return null;
  return { courseId, kind: knownKind, code };
}

/** A body over MAX_BODY_BYTES; answered with 413 rather than read to the end. */
class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}

/** Reads a request body up to MAX_BODY_BYTES as UTF-8. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded')
    return new URLSearchParams();
  return new URLSearchParams(await readBody(req));
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/** The path of a request URL without its query, for logs (queries may carry anything). */
function safePath(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/';
}
