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
 * It also starts the HRD-integrated sites on 127.0.0.3–127.0.0.9 at the same port (demo/hrd-sites):
 * a stand-in for HRD Korea's mOTP service, four institute LMSes wired to it (one that no extension
 * profile names) and a plain site with no HRD integration.
 * Sessions live in memory; verifier state and course progress are persisted.
 *
 * This file is the wiring: the shared state, the two sites' route tables (`sites/lms.ts`,
 * `sites/hrd.ts`, over `sites/common.ts`), the dispatcher that picks the site by Host header
 * (`sites/dispatch.ts`) and the servers.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HrdSitesInfo, startHrdSites } from '../hrd-sites';
import { closeServer, listen } from '../shared/listen';
import { pageScriptBundles } from './bundle';
import { createDispatcher, type HostedSite } from './sites/dispatch';
import type { DemoEnv } from './sites/env';
import { createHrdSite } from './sites/hrd';
import { createLmsSite } from './sites/lms';
import { createResponder } from './sites/respond';
import { createSessionBook } from './sites/sessions';
import { openDemoStore } from './store';
import { createVerifierModeControl } from './verifier-mode';

export type {
  HrdVerifyResponseBody,
  SessionInfoBody,
  Site,
  TraineeStateBody,
  VerifierModeBody,
  VerifyResponseBody,
} from './api';

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
   * Port on 127.0.0.1 and 127.0.0.2 (and 127.0.0.3–9 for the HRD-integrated sites); 0 (the
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
   * The HRD-integrated sites on 127.0.0.3–127.0.0.9 at the same port: HRD's stand-in service,
   * four institute LMSes wired to it as real ones are (누리 on .8 named by no extension profile)
   * and a plain site without HRD (.9) (see demo/hrd-sites).
   */
  readonly hrdSites: HrdSitesInfo;
  /** Stops listening, drops open connections, releases held requests and flushes the store. */
  close(): Promise<void>;
}

const LMS_HOST = '127.0.0.1';
const HRD_HOST = '127.0.0.2';
/** How often `startDemoLms({ port: 0 })` tries for a port free on both addresses. */
const PORT_ATTEMPTS = 5;

/** Starts the demo LMS on 127.0.0.1 and 127.0.0.2 and resolves once both listen. */
export async function startDemoLms(options: DemoLmsOptions): Promise<DemoLms> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const store = await openDemoStore({ dataDir: options.dataDir, log });
  const staticDir = new URL('./static/', import.meta.url);
  const [[lmsStylesheet = '', hrdStylesheet = '', hrdScript = ''], scripts] = await Promise.all([
    Promise.all(
      ['lms.css', 'hrd.css', 'motp-auth.js'].map((name) => readFile(new URL(name, staticDir), 'utf8')),
    ),
    pageScriptBundles(),
  ]);
  const modes = createVerifierModeControl();
  const env: DemoEnv = {
    now,
    log,
    store,
    modes,
    sessions: createSessionBook(),
    respond: createResponder(now),
    autoLogin: options.autoLogin === true,
    testControls: options.testControls === true,
    dailyLoginCheck: options.dailyLoginCheck === true,
    scripts,
  };
  const lms = createLmsSite(env, { stylesheet: lmsStylesheet });
  const hrd = createHrdSite(env, { stylesheet: hrdStylesheet, script: hrdScript });

  let port = 0;
  const listener = createDispatcher({
    env,
    siteOf: (host) => {
      if (host === `${LMS_HOST}:${port}` || host === `localhost:${port}`)
        return { site: lms, origin: `http://${LMS_HOST}:${port}` };
      if (host === `${HRD_HOST}:${port}`) return { site: hrd, origin: `http://${HRD_HOST}:${port}` };
      return null;
    },
    // Cross-site POSTs are refused when the browser names their origin (CSRF); the two sites are cross-site.
    originAllowed: (origin, hosted: HostedSite) =>
      origin === undefined ||
      origin === hosted.origin ||
      (hosted.site === lms && origin === `http://localhost:${port}`),
    fallbackSite: lms,
  });

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

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
