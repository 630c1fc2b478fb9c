/**
 * HRD's stand-in (127.0.0.3): the loader script and frame, the v1 XML and v2 JSON APIs, the phone
 * app, and (tests only) an outage switch and a log of every request, codes masked. Cross-origin
 * like the real service: the institutes' origins may call it from their pages.
 */
import type { ServerResponse } from 'node:http';
import { jsonForScript } from '../../server/html';
import { LOADER_CONFIG_TOKEN } from '../bundle';
import { HRD_SITE_TRAINEE, instituteOrigins, siteOrigin } from '../hosts';
import type { LoaderConfig } from '../page-data';
import { SERVICE_PATHS } from '../paths';
import { type RequestContext, type Route, sendHtml, sendJson, sendScript, sendXml } from '../router';
import { bundleOf, routeListener, type Site, type SiteEnv, staticRoutes } from '../site';
import {
  parseAccreditFields,
  resultXml,
  V1_MISSING_FIELD,
  type V1Result,
  V2_MISSING_FIELD,
  V2_OUTAGE,
  V2_RESET_DONE,
  V2_RESET_FAILED,
  type V2Answer,
  v1DeviceStatus,
  v1Outage,
  v1ResultAnswer,
  v2AccreditAnswer,
} from './answers';
import { badTelPage, hrdFramePage, motpAppPage } from './pages';
import { createOtpRegistry, normalizeTel, type OtpRegistry } from './registry';

/** How long `hrdFrame.loadOTP()` takes, as HRD's module loads. */
export const LOAD_OTP_DELAY_MS = 500;

/** One request the stand-in received, as `GET /test/log` lists it. Never holds a code. */
export interface ServiceLogEntry {
  /** ISO time by the injected clock. */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  /** The `Origin` header, or null. */
  readonly origin: string | null;
  /** Query and body fields; `OTPNO` is always `******`. */
  readonly fields: Readonly<Record<string, string>>;
}

/** The stand-in's state and controls, for the server and the tests. */
export interface ServiceControls {
  readonly registry: OtpRegistry;
  isDown(): boolean;
  setDown(down: boolean): void;
  log(): readonly ServiceLogEntry[];
  clearLog(): void;
  /** Counts, log and outage back to the start (seeds stay, so the app keeps its codes). */
  reset(): void;
}

const MASKED = '******';
const CODE_FIELDS = new Set(['OTPNO']);

/** A phone number for logs: enough to tell phones apart, not the whole number. */
function maskTel(tel: string): string {
  const digits = normalizeTel(tel);
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '***';
}

export function createServiceSite(env: SiteEnv): { readonly site: Site; readonly controls: ServiceControls } {
  const registry = createOtpRegistry({ now: env.now, preRegistered: [HRD_SITE_TRAINEE.tel] });
  const allowedOrigins = new Set(instituteOrigins(env.port));
  const { controls, record } = serviceState(env, registry);
  const routes: Route[] = [
    ...frameRoutes(env, controls),
    ...accreditRoutes(env, controls),
    { method: 'GET', path: SERVICE_PATHS.app, handle: (context) => app(env, registry, context) },
    ...staticRoutes(env, ['motp-app']),
    ...(env.testControls ? testRoutes(controls) : []),
  ];

  const listener = routeListener({
    env,
    label: 'hrd stand-in',
    routes,
    before: (context) => {
      const isTestControl = context.url.pathname.startsWith('/test/');
      if (env.testControls && !isTestControl) record(context);
      cors(allowedOrigins, context);
      if (context.req.method !== 'OPTIONS') return false;
      context.res.writeHead(204);
      context.res.end();
      return true;
    },
  });
  return { site: { name: 'service', listener }, controls };
}

/** The outage switch and the request log, with the controls over them. */
function serviceState(
  env: SiteEnv,
  registry: OtpRegistry,
): { readonly controls: ServiceControls; readonly record: (context: RequestContext) => void } {
  let down = false;
  let requests: ServiceLogEntry[] = [];

  const controls: ServiceControls = {
    registry,
    isDown: () => down,
    setDown(next) {
      down = next;
      env.log(`hrd stand-in: outage ${down ? 'on' : 'off'}`);
    },
    log: () => requests,
    clearLog() {
      requests = [];
    },
    reset() {
      registry.clearCounts();
      requests = [];
      down = false;
    },
  };

  const record = ({ req, url, fields }: RequestContext): void => {
    const masked = Object.fromEntries(
      Object.entries(fields).map(([name, value]) => [
        name,
        CODE_FIELDS.has(name.toUpperCase()) ? MASKED : value,
      ]),
    );
    requests.push({
      at: new Date(env.now()).toISOString(),
      method: req.method ?? 'GET',
      path: url.pathname,
      origin: req.headers.origin ?? null,
      fields: masked,
    });
  };
  return { controls, record };
}

/** CORS as the real service answers it: the institutes' origins only. */
function cors(allowedOrigins: ReadonlySet<string>, { req, res }: RequestContext): void {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (origin === undefined || !allowedOrigins.has(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
}

/** The loader script and the frame it opens. */
function frameRoutes(env: SiteEnv, controls: ServiceControls): Route[] {
  return [
    { method: 'GET', path: SERVICE_PATHS.loader, handle: (context) => loader(env, context) },
    {
      method: 'GET',
      path: SERVICE_PATHS.frame,
      handle: ({ res }) => sendHtml(res, 200, hrdFramePage({ down: controls.isDown() })),
    },
  ];
}

function loader(env: SiteEnv, { res }: RequestContext): void {
  const config: LoaderConfig = {
    serviceOrigin: siteOrigin('service', env.port),
    serverTimeMs: env.now(),
    loadOtpDelayMs: LOAD_OTP_DELAY_MS,
  };
  sendScript(res, bundleOf(env, 'hrd-frame-loader').replace(LOADER_CONFIG_TOKEN, jsonForScript(config)));
}

/** The v1 XML API (device status, code check) and the v2 JSON API (code check, user reset). */
function accreditRoutes(env: SiteEnv, controls: ServiceControls): Route[] {
  const { registry } = controls;

  const deviceStatus = ({ res, fields }: RequestContext): void => {
    const status = v1DeviceStatus(registry.status(fields.USER_TEL ?? ''), controls.isDown());
    env.log(
      `hrd stand-in: device status ${maskTel(fields.USER_TEL ?? '')}: ${status.ConnStatus}/${status.OtpStatus}`,
    );
    sendXml(
      res,
      resultXml({ ConnStatus: status.ConnStatus, OtpStatus: status.OtpStatus, ErrCnt: status.ErrCnt }),
    );
  };

  const otpResult = ({ res, fields }: RequestContext): void => {
    const parsed = parseAccreditFields(fields);
    let answer: V1Result;
    if (controls.isDown()) {
      const status = registry.status(fields.USER_TEL ?? '');
      answer = v1Outage(status.registered ? status.errors : 0);
    } else if (!parsed.ok) {
      answer = V1_MISSING_FIELD;
    } else {
      answer = v1ResultAnswer(registry.accredit(parsed.request.tel, parsed.request.code));
    }
    env.log(
      `hrd stand-in: chkOtpResult ${maskTel(fields.USER_TEL ?? '')} EVAL_CD ${fields.EVAL_CD ?? '-'} CLASS_TME ${fields.CLASS_TME ?? '-'}: RetVal ${answer.RetVal} ErrCnt ${answer.ErrCnt}`,
    );
    sendV1(res, answer);
  };

  const accredit = ({ res, fields }: RequestContext): void => {
    const parsed = parseAccreditFields(fields);
    let answer: V2Answer;
    if (controls.isDown()) answer = V2_OUTAGE;
    else if (!parsed.ok) answer = V2_MISSING_FIELD;
    else answer = v2AccreditAnswer(registry.accredit(parsed.request.tel, parsed.request.code));
    env.log(
      `hrd stand-in: otp_accredit ${maskTel(fields.USER_TEL ?? '')} EVAL_CD ${fields.EVAL_CD ?? '-'} CLASS_TME ${fields.CLASS_TME ?? '-'}: ${answer.code}`,
    );
    sendJson(res, 200, answer);
  };

  const userReset = ({ res, fields }: RequestContext): void => {
    const tel = fields.USER_TEL ?? '';
    let answer: V2Answer;
    if (controls.isDown()) answer = V2_OUTAGE;
    else answer = tel !== '' && registry.reset(tel) ? V2_RESET_DONE : V2_RESET_FAILED;
    env.log(`hrd stand-in: user_reset ${maskTel(tel)}: ${answer.code}`);
    sendJson(res, 200, answer);
  };

  return [
    { method: 'GET', path: SERVICE_PATHS.deviceStatus, handle: deviceStatus },
    { method: 'POST', path: SERVICE_PATHS.deviceStatus, handle: deviceStatus },
    { method: 'GET', path: SERVICE_PATHS.otpResult, handle: otpResult },
    { method: 'POST', path: SERVICE_PATHS.otpResult, handle: otpResult },
    { method: 'POST', path: SERVICE_PATHS.accredit, handle: accredit },
    { method: 'POST', path: SERVICE_PATHS.userReset, handle: userReset },
  ];
}

function sendV1(res: ServerResponse, result: V1Result): void {
  sendXml(res, resultXml({ RetVal: result.RetVal, ErrCnt: result.ErrCnt, RetMsg: result.RetMsg }));
}

/** The phone app's page: the trainee's current code and how long it lasts. */
function app(env: SiteEnv, registry: OtpRegistry, { res, url }: RequestContext): void {
  const tel = normalizeTel(url.searchParams.get('tel') ?? HRD_SITE_TRAINEE.tel);
  if (!/^01\d{8,9}$/.test(tel)) {
    sendHtml(res, 400, badTelPage());
    return;
  }
  const { code, expiresAt } = registry.currentCode(tel);
  const nowMs = env.now();
  sendHtml(
    res,
    200,
    motpAppPage({
      tel,
      code,
      secondsLeft: Math.ceil((expiresAt - nowMs) / 1000),
      data: { expiresAtMs: expiresAt, serverTimeMs: nowMs },
    }),
  );
}

/** The tests' controls: the outage switch and the request log. */
function testRoutes(controls: ServiceControls): Route[] {
  return [
    {
      method: 'POST',
      path: SERVICE_PATHS.testOutage,
      handle: ({ res, fields }) => {
        if (fields.down !== 'true' && fields.down !== 'false') {
          sendJson(res, 400, { error: 'down must be true or false' });
          return;
        }
        controls.setDown(fields.down === 'true');
        sendJson(res, 200, { down: controls.isDown() });
      },
    },
    { method: 'GET', path: SERVICE_PATHS.testLog, handle: ({ res }) => sendJson(res, 200, controls.log()) },
    {
      method: 'POST',
      path: SERVICE_PATHS.testLogClear,
      handle: ({ res }) => {
        controls.clearLog();
        sendJson(res, 200, { cleared: true });
      },
    },
    {
      method: 'POST',
      path: SERVICE_PATHS.testReset,
      handle: ({ res }) => {
        controls.reset();
        sendJson(res, 200, { reset: true });
      },
    },
  ];
}
