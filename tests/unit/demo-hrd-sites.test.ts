import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { Window } from 'happy-dom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverHrdCodeInput } from '@/lib/hrd/generic';
import {
  classroomPath,
  examPath,
  GENERIC_LMS_CHECKPOINT_PATH,
  GENERIC_LMS_PATHS,
  genericClassroomPath,
  genericLessonPath,
  HRD_SITE_INFO,
  hrdSiteEntryPoints,
  INSTITUTE_PATHS,
  LAYER_LMS_PATHS,
  PLAIN_SITE_PATHS,
  PLAYER_LMS_PATHS,
  playerPath,
  popupCoursePath,
  popupPath,
  SERVICE_PATHS,
  type ServiceLogEntry,
} from '../../demo/hrd-sites';
import { type DemoLms, type DemoLmsOptions, startDemoLms } from '../../demo/server/app';
import { sixDigitsNotIn } from '../../demo/testing/demo-client';
import { parseHtml } from './html-parser';

/** Mid-step, so moving ±30 s stays inside known steps. */
const START = Date.UTC(2025, 2, 3, 0, 0, 30);
const STEP_MS = 60_000;
const TEL = '01012345678';
const TRAINEE = { USER_NM: '홍길동', USER_TEL: TEL };
const ENTRY = { EVAL_CD: '00', CLASS_TME: '00' };

let dataDir: string;
let nowMs: number;
let logs: string[];
let servers: DemoLms[];

async function start(extra: Partial<DemoLmsOptions> = {}): Promise<DemoLms> {
  const lms = await startDemoLms({
    port: 0,
    dataDir,
    now: () => nowMs,
    log: (line) => logs.push(line),
    testControls: true,
    ...extra,
  });
  servers.push(lms);
  return lms;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-hrd-sites-'));
  nowMs = START;
  logs = [];
  servers = [];
});

afterEach(async () => {
  await Promise.all(servers.map((lms) => lms.close()));
  await rm(dataDir, { recursive: true, force: true });
});

interface V2 {
  readonly code: string;
  readonly msg: string;
}

function accredit(lms: DemoLms, otpNo: string, fields: Record<string, string> = {}): Promise<V2> {
  return postJson<V2>(`${lms.hrdSites.service}${SERVICE_PATHS.accredit}`, {
    ...TRAINEE,
    ...ENTRY,
    OTPNO: otpNo,
    UT: '20250303090030',
    AGENT_ID: 'TEST',
    ...fields,
  });
}

async function postJson<T>(url: string, body: unknown, origin?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** One v1 XML answer as a field map. */
async function xmlAnswer(response: Response): Promise<Record<string, string>> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
  const text = await response.text();
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?><result>')).toBe(true);
  return Object.fromEntries([...text.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

function chkOtpResult(lms: DemoLms, otpNo: string): Promise<Record<string, string>> {
  return postForm(`${lms.hrdSites.service}${SERVICE_PATHS.otpResult}`, {
    ...TRAINEE,
    ...ENTRY,
    OTPNO: otpNo,
    UT: '20250303090030',
    AGENT_ID: 'SAESOL01',
  }).then(xmlAnswer);
}

function deviceStatus(lms: DemoLms, tel = TEL): Promise<Record<string, string>> {
  return postForm(`${lms.hrdSites.service}${SERVICE_PATHS.deviceStatus}`, {
    USER_NM: '홍길동',
    USER_TEL: tel,
  }).then(xmlAnswer);
}

/** Six digits that are neither the current nor the previous step's code. */
function wrongCode(lms: DemoLms): string {
  const current = lms.hrdSites.currentCode();
  nowMs -= STEP_MS;
  const previous = lms.hrdSites.currentCode();
  nowMs += STEP_MS;
  return sixDigitsNotIn([current, previous], Number(current) + 1);
}

async function page(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  return response.text();
}

/** The page without its JSON data block: what the trainee can see. */
function visibleMarkup(html: string): string {
  return html.replace(/<script type="application\/json" id="page-data">[\s\S]*?<\/script>/, '');
}

describe('hosts', () => {
  it('serves the seven HRD sites on 127.0.0.3–9 at the demo port', async () => {
    const lms = await start();
    const { service, popupLms, playerLms, playerFrame, layerLms, genericLms, plainSite } = lms.hrdSites;
    expect([service, popupLms, playerLms, playerFrame, layerLms, genericLms, plainSite]).toEqual(
      [3, 4, 5, 6, 7, 8, 9].map((n) => `http://127.0.0.${n}:${lms.port}`),
    );
    // The existing sites still answer on the same port.
    expect((await fetch(`${lms.url}/login`)).status).toBe(200);
  });

  it.each(['127.0.0.5', '127.0.0.8', '127.0.0.9'])(
    'fails clearly, and releases the demo’s own hosts, when %s’s port is taken',
    async (host) => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, host, resolve));
      const { port } = blocker.address() as AddressInfo;
      try {
        await expect(start({ port })).rejects.toThrow(
          `cannot listen on ${host}:${port} (EADDRINUSE); the HRD sites need 127.0.0.3-127.0.0.9 free at the demo's port`,
        );
        // 127.0.0.1 was given back: the demo starts there once the address is free.
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
        const lms = await start({ port });
        expect(lms.port).toBe(port);
      } finally {
        if (blocker.listening) blocker.close();
      }
    },
  );

  it('lists every site for npm run demo, 누리’s checkpoint and the plain site included', async () => {
    const lms = await start();
    const entries = hrdSiteEntryPoints(lms.hrdSites);
    expect(entries.map((entry) => entry.name)).toEqual([
      '한국산업인력공단 mOTP (데모)',
      '새솔 평생교육원',
      '한길 원격평생교육원',
      '다온 직업전문학교',
      '누리 원격교육원',
      '미래 사내교육 포털',
    ]);
    expect(entries.map((entry) => entry.url)).toContain(`${lms.hrdSites.genericLms}/edu/classroom?lec=3`);
    expect(entries.map((entry) => entry.url)).toContain(`${lms.hrdSites.plainSite}/`);
  });
});

describe('HRD stand-in: v1 XML', () => {
  it('reports a registered phone, an unknown one, and accepts GET queries', async () => {
    const lms = await start();
    expect(await deviceStatus(lms)).toEqual({ ConnStatus: '101', OtpStatus: '101', ErrCnt: '0', Remark: '' });
    expect((await deviceStatus(lms, '01099990000')).OtpStatus).toBe('103');
    const query = new URLSearchParams({ USER_NM: '홍길동', USER_TEL: TEL });
    const viaGet = await xmlAnswer(
      await fetch(`${lms.hrdSites.service}${SERVICE_PATHS.deviceStatus}?${query}`),
    );
    expect(viaGet.OtpStatus).toBe('101');
  });

  it('answers chkOtpResult 101 for the right code and 102 with the count for a wrong one', async () => {
    const lms = await start();
    expect(await chkOtpResult(lms, wrongCode(lms))).toEqual({
      RetVal: '102',
      ErrCnt: '1',
      RetMsg: '인증번호가 일치하지 않습니다.',
      Remark: '',
    });
    expect(await chkOtpResult(lms, lms.hrdSites.currentCode())).toEqual({
      RetVal: '101',
      ErrCnt: '0',
      RetMsg: '인증되었습니다.',
      Remark: '',
    });
  });

  it('answers the 5th error with ErrCnt 5, then 103 while locked, and the device as stopped', async () => {
    const lms = await start();
    for (let n = 1; n <= 4; n += 1) expect((await chkOtpResult(lms, wrongCode(lms))).ErrCnt).toBe(String(n));
    expect(await chkOtpResult(lms, wrongCode(lms))).toMatchObject({ RetVal: '102', ErrCnt: '5' });
    expect(await chkOtpResult(lms, lms.hrdSites.currentCode())).toMatchObject({ RetVal: '103', ErrCnt: '5' });
    expect(await deviceStatus(lms)).toMatchObject({ OtpStatus: '102', ErrCnt: '5' });
  });
});

describe('HRD stand-in: v2 JSON and the counter model', () => {
  it('counts consecutive errors, locks at the 5th, stays locked, and user_reset clears it', async () => {
    const lms = await start();
    for (let n = 1; n <= 4; n += 1) {
      expect(await accredit(lms, wrongCode(lms))).toEqual({
        code: 'AP001',
        msg: `인증번호가 일치하지 않습니다.(${n}회 오류)`,
      });
    }
    expect((await deviceStatus(lms)).ErrCnt).toBe('4');
    const lockedAnswer = { code: 'AP009', msg: '5회 오류로 mOTP 인증이 잠겼습니다. 본인인증 후 이용하세요.' };
    expect(await accredit(lms, wrongCode(lms))).toEqual(lockedAnswer);
    // Locked: even the right code is refused and the count stays 5.
    expect(await accredit(lms, lms.hrdSites.currentCode())).toEqual(lockedAnswer);
    expect(await accredit(lms, wrongCode(lms))).toEqual(lockedAnswer);
    expect((await deviceStatus(lms)).ErrCnt).toBe('5');

    const reset = await postJson<V2>(`${lms.hrdSites.service}${SERVICE_PATHS.userReset}`, TRAINEE);
    expect(reset.code).toBe('200');
    expect(await deviceStatus(lms)).toMatchObject({ OtpStatus: '101', ErrCnt: '0' });
    expect((await accredit(lms, lms.hrdSites.currentCode())).code).toBe('200');
  });

  it('resets the count on success', async () => {
    const lms = await start();
    await accredit(lms, wrongCode(lms));
    await accredit(lms, wrongCode(lms));
    expect((await deviceStatus(lms)).ErrCnt).toBe('2');
    expect(await accredit(lms, lms.hrdSites.currentCode())).toEqual({ code: '200', msg: '인증되었습니다.' });
    expect((await deviceStatus(lms)).ErrCnt).toBe('0');
    expect((await accredit(lms, wrongCode(lms))).msg).toBe('인증번호가 일치하지 않습니다.(1회 오류)');
  });

  it('refuses a replayed code as a counted error, accepts the previous step once, not older', async () => {
    const lms = await start();
    const code = lms.hrdSites.currentCode();
    expect((await accredit(lms, code)).code).toBe('200');
    expect(await accredit(lms, code)).toEqual({
      code: 'AP001',
      msg: '인증번호가 일치하지 않습니다.(1회 오류)',
    });

    nowMs += STEP_MS;
    const late = lms.hrdSites.currentCode();
    nowMs += STEP_MS;
    // One step late still passes…
    expect((await accredit(lms, late)).code).toBe('200');
    const old = lms.hrdSites.currentCode();
    nowMs += 2 * STEP_MS;
    // …two steps late does not.
    expect((await accredit(lms, old)).code).toBe('AP001');
  });

  it('answers AP005 for an unknown phone, AP010 for its reset, and IE for bad input; registers phones from the app', async () => {
    const lms = await start();
    const stranger = '01077776666';
    expect(await accredit(lms, '123456', { USER_TEL: stranger })).toEqual({
      code: 'AP005',
      msg: 'mOTP 미등록 사용자입니다.',
    });
    const reset = await postJson<V2>(`${lms.hrdSites.service}${SERVICE_PATHS.userReset}`, {
      USER_NM: '김철수',
      USER_TEL: stranger,
    });
    expect(reset.code).toBe('AP010');
    expect((await accredit(lms, '12a456')).code).toBe('IE001');
    expect((await accredit(lms, '123456', { EVAL_CD: '55' })).code).toBe('IE002');
    expect((await deviceStatus(lms)).ErrCnt).toBe('0');

    const app = await page(`${lms.hrdSites.service}${SERVICE_PATHS.app}?tel=${stranger}`);
    const shown = /<output id="motp-app-code"[^>]*>(\d{6})<\/output>/.exec(app)?.[1];
    expect(shown).toBe(lms.hrdSites.currentCode(stranger));
    expect((await accredit(lms, shown ?? '', { USER_TEL: '010-7777-6666' })).code).toBe('200');
  });

  it('accepts a form body on otp_accredit too', async () => {
    const lms = await start();
    const response = await postForm(`${lms.hrdSites.service}${SERVICE_PATHS.accredit}`, {
      ...TRAINEE,
      ...ENTRY,
      OTPNO: lms.hrdSites.currentCode(),
    });
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(((await response.json()) as V2).code).toBe('200');
  });

  it('shows the current code and its seconds on the app page', async () => {
    const lms = await start();
    const app = await page(`${lms.hrdSites.service}${SERVICE_PATHS.app}?tel=${TEL}`);
    expect(app).toContain(`>${lms.hrdSites.currentCode()}</output>`);
    expect(app).toContain('<span id="motp-app-seconds">30</span>');
  });
});

describe('HRD stand-in: CORS, outage and the request log', () => {
  it('answers preflights and echoes only the institutes’ origins', async () => {
    const lms = await start();
    const url = `${lms.hrdSites.service}${SERVICE_PATHS.accredit}`;
    for (const origin of [
      lms.hrdSites.popupLms,
      lms.hrdSites.playerFrame,
      lms.hrdSites.layerLms,
      lms.hrdSites.genericLms,
    ]) {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type');
    }
    for (const origin of [lms.url, lms.hrdSites.plainSite]) {
      const foreign = await fetch(url, { method: 'OPTIONS', headers: { Origin: origin } });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    }
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: lms.hrdSites.playerFrame },
      body: JSON.stringify({ ...TRAINEE, ...ENTRY, OTPNO: '000000' }),
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe(lms.hrdSites.playerFrame);
  });

  it('switches the outage on and off', async () => {
    const lms = await start();
    const outage = (down: boolean) =>
      postJson<{ down: boolean }>(`${lms.hrdSites.service}${SERVICE_PATHS.testOutage}`, { down });
    expect(await outage(true)).toEqual({ down: true });
    expect(await deviceStatus(lms)).toMatchObject({ ConnStatus: '102' });
    expect(await chkOtpResult(lms, lms.hrdSites.currentCode())).toMatchObject({
      RetVal: '901',
      RetMsg: '서비스 점검 중입니다',
    });
    expect(await accredit(lms, lms.hrdSites.currentCode())).toEqual({
      code: 'WE001',
      msg: '서비스 장애가 발생했습니다.',
    });
    expect(await page(`${lms.hrdSites.service}${SERVICE_PATHS.frame}`)).toContain('data-status="down"');
    expect(await outage(false)).toEqual({ down: false });
    expect(await deviceStatus(lms)).toMatchObject({ ConnStatus: '101', OtpStatus: '101' });
    expect((await accredit(lms, lms.hrdSites.currentCode())).code).toBe('200');
  });

  it('logs every request with OTPNO masked, and never logs a code anywhere', async () => {
    const lms = await start();
    const code = lms.hrdSites.currentCode();
    await fetch(`${lms.hrdSites.service}${SERVICE_PATHS.loader}`);
    await postJson<V2>(
      `${lms.hrdSites.service}${SERVICE_PATHS.accredit}`,
      { ...TRAINEE, ...ENTRY, OTPNO: code },
      lms.hrdSites.layerLms,
    );
    await fetch(`${lms.hrdSites.service}${SERVICE_PATHS.otpResult}?OTPNO=${code}&USER_TEL=${TEL}`);
    const response = await fetch(`${lms.hrdSites.service}${SERVICE_PATHS.testLog}`);
    const entries = (await response.json()) as ServiceLogEntry[];
    expect(entries.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `GET ${SERVICE_PATHS.loader}`,
      `POST ${SERVICE_PATHS.accredit}`,
      `GET ${SERVICE_PATHS.otpResult}`,
    ]);
    expect(entries[1]).toEqual({
      at: new Date(START).toISOString(),
      method: 'POST',
      path: SERVICE_PATHS.accredit,
      origin: lms.hrdSites.layerLms,
      fields: { ...TRAINEE, ...ENTRY, OTPNO: '******' },
    });
    expect(entries[2]?.fields.OTPNO).toBe('******');
    expect(JSON.stringify(entries)).not.toContain(code);
    expect(lms.hrdSites.log()).toEqual(entries);
    expect(logs.some((line) => line.includes('otp_accredit'))).toBe(true);
    expect(logs.join('\n')).not.toContain(code);

    await postJson(`${lms.hrdSites.service}${SERVICE_PATHS.testLogClear}`, {});
    expect(lms.hrdSites.log()).toEqual([]);
  });

  it('test/reset clears counts, log and outage', async () => {
    const lms = await start();
    await accredit(lms, wrongCode(lms));
    lms.hrdSites.setOutage(true);
    await postJson(`${lms.hrdSites.service}${SERVICE_PATHS.testReset}`, {});
    expect(lms.hrdSites.log()).toEqual([]);
    expect(await deviceStatus(lms)).toEqual({ ConnStatus: '101', OtpStatus: '101', ErrCnt: '0', Remark: '' });
  });

  it('has no test controls and no log without testControls', async () => {
    const lms = await start({ testControls: false });
    const response = await fetch(`${lms.hrdSites.service}${SERVICE_PATHS.testOutage}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"down":true}',
    });
    expect(response.status).toBe(404);
    expect(() => lms.hrdSites.log()).toThrow(/testControls/);
    expect((await deviceStatus(lms)).ConnStatus).toBe('101');
  });
});

describe('bundled browser scripts', () => {
  it('serves the loader with HRD’s clock baked in, as valid JavaScript', async () => {
    const lms = await start();
    const response = await fetch(`${lms.hrdSites.service}${SERVICE_PATHS.loader}`);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=UTF-8');
    const source = await response.text();
    expect(source).not.toContain('__HRD_LOADER_CONFIG__');
    expect(source).toContain(`"serverTimeMs":${START}`);
    expect(source).toContain(`"serviceOrigin":"${lms.hrdSites.service}"`);
    for (const name of ['loadHrdFrame', 'loadOTP', 'loadKeyPad', 'hideKeyPad', 'getUT'])
      expect(source).toContain(name);
    expect(() => new Script(source)).not.toThrow();
  });

  it('serves every page script non-empty and parseable from its site', async () => {
    const lms = await start();
    const scripts: readonly (readonly [string, string])[] = [
      [lms.hrdSites.service, 'motp-app'],
      [lms.hrdSites.popupLms, 'popup-course'],
      [lms.hrdSites.popupLms, 'popup-checkpoint'],
      [lms.hrdSites.playerFrame, 'player-box'],
      [lms.hrdSites.layerLms, 'layer-classroom'],
      [lms.hrdSites.layerLms, 'layer-exam'],
      [lms.hrdSites.layerLms, 'identity-phone'],
      [lms.hrdSites.playerLms, 'identity-phone'],
      [lms.hrdSites.genericLms, 'generic-classroom'],
    ];
    for (const [origin, name] of scripts) {
      const response = await fetch(`${origin}/static/${name}.js`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=UTF-8');
      const source = await response.text();
      expect(source.length, name).toBeGreaterThan(200);
      expect(source.startsWith('"use strict";\n(() => {'), name).toBe(true);
      expect(() => new Script(source), name).not.toThrow();
    }
    expect((await fetch(`${lms.hrdSites.popupLms}${INSTITUTE_PATHS.stylesheet}`)).status).toBe(200);
  });
});

describe('새솔 평생교육원 (popup, v1)', () => {
  it('opens the popup from the course page and loads HRD’s loader, frame host and keypad input there', async () => {
    const lms = await start();
    const course = await page(`${lms.hrdSites.popupLms}${popupCoursePath('c201')}`);
    expect(course).toContain('id="btnMotpAuth" data-motp-eval="00" data-motp-class="00">mOTP 인증</button>');
    expect(course).toContain('id="btnExamAuth" data-motp-eval="02" data-motp-class="01">시험 응시</a>');
    expect(course).toContain('<script src="/static/popup-course.js"></script>');

    const popup = await page(`${lms.hrdSites.popupLms}${popupPath('c201', '00', '00')}`);
    expect(popup).toContain(`<script src="${lms.hrdSites.service}${SERVICE_PATHS.loader}"></script>`);
    expect(popup).toContain('<div id="hrdOtpFrame"');
    expect(popup).toContain('<input type="password" id="otpNo" name="otpNo" maxlength="6" readonly');
    expect(popup).toContain('onclick="fnOtpCheck(); return false;">입력확인</a>');
    expect(visibleMarkup(popup)).toContain('<td id="userName">홍길동</td>');
    expect(visibleMarkup(popup)).toContain('<td id="userPhone">010-1234-5678</td>');
    expect(popup).toMatch(/<div id="otpFallback"[^>]*hidden>/);
    expect((await fetch(`${lms.hrdSites.popupLms}${popupPath('c201', '01', '05')}`)).status).toBe(404);
  });

  it('remembers a recorded pass per course and shows it', async () => {
    const lms = await start();
    const url = `${lms.hrdSites.popupLms}${popupCoursePath('c201')}`;
    expect(await page(url)).toContain('<td class="otp-state" data-state="todo">미인증</td>');
    const done = await postForm(`${lms.hrdSites.popupLms}/motp/complete.jsp`, {
      courseId: 'c201',
      evalCd: '00',
      classTme: '00',
    });
    expect(done.status).toBe(200);
    expect(await page(url)).toContain('<td class="otp-state" data-state="done">입과 인증 완료</td>');
  });
});

describe('한길 원격평생교육원 (player iframe, v2)', () => {
  it('asks at sessions 1, 9 and 17 only, through a cross-origin box', async () => {
    const lms = await start();
    const player = (session: number) => page(`${lms.hrdSites.playerLms}${playerPath('c301', session)}`);
    const nine = await player(9);
    const returnUrl = encodeURIComponent(`${lms.hrdSites.playerLms}${playerPath('c301', 9)}`);
    expect(nine).toContain(
      `<iframe id="otpFrame" src="${lms.hrdSites.playerFrame}${PLAYER_LMS_PATHS.box}?courseId=c301&amp;evalCd=01&amp;classTme=9&amp;returnUrl=${returnUrl}"`,
    );
    expect(await player(1)).toContain('evalCd=00&amp;classTme=00');
    expect(await player(17)).toContain('classTme=17');
    for (const session of [2, 8, 10, 20]) {
      const other = await player(session);
      expect(other).not.toContain('id="otpFrame"');
      expect(other).toContain('id="lessonContent"');
    }
  });

  it('serves the box without showing the trainee, and stops asking once the pass is recorded', async () => {
    const lms = await start();
    const returnUrl = `${lms.hrdSites.playerLms}${playerPath('c301', 9)}`;
    const boxUrl = `${lms.hrdSites.playerFrame}${PLAYER_LMS_PATHS.box}?${new URLSearchParams({
      courseId: 'c301',
      evalCd: '01',
      classTme: '9',
      returnUrl,
    })}`;
    const response = await fetch(boxUrl);
    expect(response.headers.get('content-security-policy')).toBe(
      `frame-ancestors 'self' ${lms.hrdSites.playerLms}`,
    );
    const box = await response.text();
    expect(box).toContain('<input type="text" id="mOtpNum" maxlength="6" placeholder="인증번호"');
    expect(box).toContain('<button type="button" id="btnAuth" class="btn btn-primary">인증하기</button>');
    expect(box).toContain(`<script src="${lms.hrdSites.service}${SERVICE_PATHS.loader}"></script>`);
    expect(box).toContain('<div id="hrdOtpFrame"');
    expect(visibleMarkup(box)).not.toContain('홍길동');
    expect(visibleMarkup(box)).not.toContain('010-1234-5678');
    expect(box).toContain(`"returnUrl":"${returnUrl}"`);
    // A foreign return URL is not followed.
    const foreign = await page(
      boxUrl.replace(encodeURIComponent(returnUrl), encodeURIComponent('http://evil.test/')),
    );
    expect(foreign).not.toContain('evil.test');

    await postJson(`${lms.hrdSites.playerFrame}${PLAYER_LMS_PATHS.complete}`, {
      courseId: 'c301',
      evalCd: '01',
      classTme: '9',
    });
    const nine = await page(returnUrl);
    expect(nine).not.toContain('id="otpFrame"');
    expect(nine).toContain('id="lessonContent"');
    expect(await page(`${lms.hrdSites.playerLms}${playerPath('c301', 17)}`)).toContain('id="otpFrame"');
  });
});

describe('다온 직업전문학교 (layer, v2)', () => {
  it('shows the chooser layer with the readonly trainee box, and asks entry twice', async () => {
    const lms = await start();
    const url = `${lms.hrdSites.layerLms}${classroomPath('c401')}`;
    const first = await page(url);
    expect(first).toContain('<div class="layer-popup" id="motpLayer"');
    expect(first).not.toContain('<iframe');
    expect(first).toContain('<h3>mOTP 본인인증</h3>');
    expect(first).toContain('<h3>휴대폰 본인인증</h3>');
    expect(first).toContain('id="btnChooseMotp">인증하기</button>');
    expect(first).toContain('id="btnChoosePhone">인증하기</button>');
    expect(first).toContain('<input type="text" readonly value="홍길동" id="userNm">');
    expect(first).toContain('<input type="text" readonly value="010-1234-5678" id="userTel">');
    expect(first).toContain('<input type="text" id="otp_no" maxlength="6" placeholder="otp 번호"');
    expect(first).toContain('<button type="button" id="otpConfirm"');
    expect(first).toContain('data-step="1"');

    const complete = () =>
      postJson<{ complete: boolean }>(`${lms.hrdSites.layerLms}${LAYER_LMS_PATHS.complete}`, {
        courseId: 'c401',
        evalCd: '00',
        classTme: '00',
      });
    expect(await complete()).toEqual({ complete: false });
    expect(await page(url)).toContain('data-step="2"');
    expect(await complete()).toEqual({ complete: true });
    const after = await page(url);
    expect(after).not.toContain('id="motpLayer"');
    expect(after).toMatch(/<p id="classroomStatus" class="status-ok">입과 인증 완료/);
  });

  it('shows the exam’s loading placeholder and no input until HRD’s module has loaded', async () => {
    const lms = await start();
    const exam = await page(`${lms.hrdSites.layerLms}${examPath('c401')}`);
    expect(exam).toContain('<p id="otpLoading" class="loading">OTP 모듈을 불러오는 중입니다...</p>');
    expect(exam).not.toContain('id="otp_no"');
    expect(exam).toContain('"EVAL_CD":"02","CLASS_TME":"01"');
    expect(exam).toContain('<script src="/static/layer-exam.js"></script>');
  });
});

describe('identity verification pages', () => {
  it('each institute serves 휴대폰 본인인증 with the reset wired to HRD', async () => {
    const lms = await start();
    for (const origin of [lms.hrdSites.popupLms, lms.hrdSites.playerLms, lms.hrdSites.layerLms]) {
      const identity = await page(`${origin}${INSTITUTE_PATHS.identityPhone}`);
      expect(identity).toContain('id="btnSendSms" class="btn">인증번호 받기</button>');
      expect(identity).toContain('id="btnConfirmSms" class="btn btn-primary">확인</button>');
      expect(identity).toContain('<p id="identity-result" class="identity-result"></p>');
      expect(identity).toContain(`"serviceOrigin":"${lms.hrdSites.service}"`);
      expect(identity).toContain('<script src="/static/identity-phone.js"></script>');
    }
  });
});

/** happy-dom's notices for the loader and stylesheet it does not fetch, kept out of the output. */
const quietConsole = new Proxy(console, {
  get(target, key, receiver) {
    if (key !== 'error' && key !== 'warn') return Reflect.get(target, key, receiver);
    return (...args: unknown[]) => {
      if (/loading is disabled/i.test(String(args[0]))) return;
      (target[key] as (...rest: unknown[]) => void)(...args);
    };
  },
});

interface CheckpointRun {
  readonly alerts: readonly string[];
  readonly reloaded: boolean;
  /** Where the page went (its own URL when it did not navigate). */
  readonly href: string;
  /** Fields of the page's requests to HRD's stand-in. */
  readonly sent: readonly Record<string, string>[];
}

/**
 * 누리's checkpoint page as a browser runs it: its markup and its own bundle in happy-dom, HRD's
 * loader stubbed (`getUT`), `fetch` sent to the real servers with the page's Origin and, as the
 * browser's CORS check does, refused when the stand-in does not allow that origin.
 */
async function runGenericCheckpoint(lms: DemoLms, code: string): Promise<CheckpointRun> {
  const site = lms.hrdSites.genericLms;
  const url = `${site}${GENERIC_LMS_CHECKPOINT_PATH}`;
  const markup = await page(url);
  const bundle = await (await fetch(`${site}/static/generic-classroom.js`)).text();
  const win = new Window({
    url,
    console: quietConsole,
    settings: {
      // Only the demo's own bundle runs here, built from this repository.
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: { disableMainFrameNavigation: true },
    },
  });
  const alerts: string[] = [];
  const sent: Record<string, string>[] = [];
  let reloaded = false;
  try {
    win.document.write(markup);
    const scope = win as unknown as Record<string, unknown>;
    scope.alert = (message: string) => {
      alerts.push(message);
    };
    scope.hrdFrame = {
      loadHrdFrame: () => undefined,
      loadOTP: async () => undefined,
      loadKeyPad: () => undefined,
      hideKeyPad: () => undefined,
      getUT: () => '20250303090030',
    };
    scope.fetch = async (input: string, init: { readonly method: string; readonly body: unknown }) => {
      const target = new URL(input, url);
      const body = String(init.body);
      if (target.origin === lms.hrdSites.service) sent.push(Object.fromEntries(new URLSearchParams(body)));
      const response = await fetch(target, {
        method: init.method,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', Origin: site },
        body,
      });
      if (target.origin !== site && response.headers.get('access-control-allow-origin') !== site) {
        throw new TypeError('Failed to fetch');
      }
      return response;
    };
    win.location.reload = () => {
      reloaded = true;
    };
    const script = win.document.createElement('script');
    script.textContent = bundle;
    win.document.body.append(script);

    const input = win.document.querySelector('input[name="cert_val"]') as unknown as HTMLInputElement;
    input.value = code;
    (win.document.querySelector('.cert_btns button') as unknown as HTMLButtonElement).click();
    const deadline = Date.now() + 5000;
    while (!reloaded && win.location.href === url && Date.now() < deadline) {
      if (alerts.length > 0 && sent.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { alerts, reloaded, href: win.location.href, sent };
  } finally {
    await win.happyDOM.close();
  }
}

async function redirectOf(url: string): Promise<string | null> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return response.headers.get('location');
}

describe('누리 원격교육원 (another vendor, no profile; v2 by fetch)', () => {
  it('serves a home page without HRD’s loader, frame or any code input', async () => {
    const lms = await start();
    const home = await page(`${lms.hrdSites.genericLms}${GENERIC_LMS_PATHS.home}`);
    expect(home).toContain('<title>누리 원격교육원 - 과정안내</title>');
    expect(home).toContain(`<a href="${genericClassroomPath(3)}" class="btn_line">학습하기</a>`);
    expect(home).not.toContain('hrdFrameLoader');
    expect(home).not.toContain('hrdOtpFrame');
    expect(home).not.toContain('<input');
    expect(home).not.toContain('<script');
    expect(HRD_SITE_INFO.genericLms).toEqual({ name: '누리 원격교육원', agentId: 'NURI0001' });
  });

  it('makes 3차시’s classroom the checkpoint, in its own markup, with HRD’s loader and frame', async () => {
    const lms = await start();
    expect(GENERIC_LMS_CHECKPOINT_PATH).toBe('/edu/classroom?lec=3');
    const checkpoint = await page(`${lms.hrdSites.genericLms}${GENERIC_LMS_CHECKPOINT_PATH}`);
    expect(checkpoint).toContain(`<script src="${lms.hrdSites.service}${SERVICE_PATHS.loader}"></script>`);
    expect(checkpoint).toContain('<script src="/static/generic-classroom.js"></script>');
    expect(checkpoint).toContain('<div id="hrdOtpFrame"></div>');
    expect(checkpoint).toContain(
      '<input type="text" name="cert_val" placeholder="OTP 번호" maxlength="6" inputmode="numeric" autocomplete="off" class="ipt_cert">',
    );
    expect(checkpoint).toContain('<button type="button" class="btn_cert">인증하기</button>');
    expect(visibleMarkup(checkpoint)).toContain(
      '<input type="text" name="mem_nm" value="홍길동" class="ipt_ro" readonly>',
    );
    expect(visibleMarkup(checkpoint)).toContain(
      '<input type="text" name="mem_tel" value="010-1234-5678" class="ipt_ro" readonly>',
    );
    expect(checkpoint).toContain('"agentId":"NURI0001"');
    expect(checkpoint).toContain('"EVAL_CD":"01","CLASS_TME":"3"');
    // Nothing of the other vendors' markup.
    for (const other of [
      'id="otp_no"',
      'id="otpNo"',
      'id="mOtpNum"',
      'id="btnAuth"',
      'id="otpConfirm"',
      'id="userNm"',
      'motp-box',
      'layer-popup',
      'hrd-otp-frame',
      'site-header',
      'class="box',
      'btn-primary',
    ]) {
      expect(checkpoint, other).not.toContain(other);
    }
    // The code input has no id; the generic discoverer still finds it.
    expect(discoverHrdCodeInput(parseHtml(checkpoint))?.getAttribute('name')).toBe('cert_val');
  });

  it('a wrong code: the page asks HRD (v2, its origin allowed), alerts the mismatch and reloads', async () => {
    const lms = await start();
    const run = await runGenericCheckpoint(lms, wrongCode(lms));
    expect(run.alerts).toEqual(['인증번호가 일치하지 않습니다. 다시 입력 하세요.']);
    expect(run.reloaded).toBe(true);
    expect(run.sent).toHaveLength(1);
    expect(run.sent[0]).toMatchObject({
      AGENT_ID: 'NURI0001',
      USER_NM: '홍길동',
      USER_TEL: TEL,
      EVAL_CD: '01',
      CLASS_TME: '3',
      USRDT: '20250303090030',
    });
    expect(lms.hrdSites.errorCount()).toBe(1);
    const [entry] = lms.hrdSites.log().filter((e) => e.path === SERVICE_PATHS.accredit);
    expect(entry).toMatchObject({
      method: 'POST',
      origin: lms.hrdSites.genericLms,
      fields: { EVAL_CD: '01', CLASS_TME: '3', OTPNO: '******' },
    });
  });

  it('the right code: the pass is recorded and the page goes to the lesson, which stays open', async () => {
    const lms = await start();
    const site = lms.hrdSites.genericLms;
    expect(await redirectOf(`${site}${genericLessonPath(3)}`)).toBe(genericClassroomPath(3));
    await runGenericCheckpoint(lms, wrongCode(lms));
    const run = await runGenericCheckpoint(lms, lms.hrdSites.currentCode());
    expect(run.alerts).toEqual(['본인인증이 완료되었습니다. 학습을 시작합니다.']);
    expect(run.reloaded).toBe(false);
    expect(run.href).toBe(`${site}${genericLessonPath(3)}`);
    expect(lms.hrdSites.errorCount()).toBe(0);
    expect(await redirectOf(`${site}${GENERIC_LMS_CHECKPOINT_PATH}`)).toBe(genericLessonPath(3));
    const lesson = await page(`${site}${genericLessonPath(3)}`);
    expect(lesson).toContain('<div class="vod_area" data-lec="3">');
    expect(lesson).not.toContain('hrdOtpFrame');
    expect(await page(`${site}${GENERIC_LMS_PATHS.home}`)).toContain('<td>인증완료</td>');
    // The LMS forgets its passes with the rest.
    lms.hrdSites.reset();
    expect(await redirectOf(`${site}${genericLessonPath(3)}`)).toBe(genericClassroomPath(3));
  });

  it('the 5th wrong code and every code after it: the lock alert, then a reload', async () => {
    const lms = await start();
    for (let n = 1; n <= 4; n += 1) await runGenericCheckpoint(lms, wrongCode(lms));
    const locked =
      'mOTP 인증번호 5회 오류로 인증이 잠금 처리되었습니다. 한국산업인력공단 고객센터(1833-3075)로 문의하세요.';
    const fifth = await runGenericCheckpoint(lms, wrongCode(lms));
    expect(fifth.alerts).toEqual([locked]);
    expect(fifth.reloaded).toBe(true);
    expect(lms.hrdSites.errorCount()).toBe(5);
    const after = await runGenericCheckpoint(lms, lms.hrdSites.currentCode());
    expect(after.alerts).toEqual([locked]);
    expect(after.reloaded).toBe(true);
  });

  it('HRD’s outage: HRD’s own message, then a reload; a short code never reaches HRD', async () => {
    const lms = await start();
    lms.hrdSites.setOutage(true);
    const down = await runGenericCheckpoint(lms, lms.hrdSites.currentCode());
    expect(down.alerts).toEqual(['서비스 장애가 발생했습니다.']);
    expect(down.reloaded).toBe(true);
    lms.hrdSites.setOutage(false);
    const short = await runGenericCheckpoint(lms, '123');
    expect(short).toMatchObject({ alerts: ['OTP 번호 6자리를 입력하세요.'], reloaded: false, sent: [] });
    expect(lms.hrdSites.errorCount()).toBe(0);
  });

  it('asks only at checked lectures, refuses unknown ones and a pass for anything else', async () => {
    const lms = await start();
    const site = lms.hrdSites.genericLms;
    expect(await redirectOf(`${site}${genericClassroomPath(1)}`)).toBe(genericLessonPath(1));
    expect(await page(`${site}${genericLessonPath(1)}`)).toContain('data-lec="1"');
    for (const lec of ['0', '7', '99', 'abc', '']) {
      expect((await fetch(`${site}${GENERIC_LMS_PATHS.classroom}?lec=${lec}`)).status, lec).toBe(404);
      expect((await fetch(`${site}${GENERIC_LMS_PATHS.lesson}?lec=${lec}`)).status, lec).toBe(404);
    }
    for (const fields of [
      { lec: '1', eval_cd: '01', class_tme: '1' },
      { lec: '3', eval_cd: '00', class_tme: '3' },
      { lec: '3', eval_cd: '01', class_tme: '00' },
    ]) {
      expect((await postForm(`${site}${GENERIC_LMS_PATHS.certDone}`, fields)).status).toBe(400);
    }
    expect(
      (await postForm(`${site}${GENERIC_LMS_PATHS.certDone}`, { lec: '3', eval_cd: '01', class_tme: '3' }))
        .status,
    ).toBe(200);
    expect(await redirectOf(`${site}${GENERIC_LMS_CHECKPOINT_PATH}`)).toBe(genericLessonPath(3));
  });
});

describe('미래 사내교육 포털 (no HRD integration)', () => {
  it('serves a sign-in page with its own OTP field and nothing of HRD’s', async () => {
    const lms = await start();
    const signIn = await page(`${lms.hrdSites.plainSite}${PLAIN_SITE_PATHS.home}`);
    expect(signIn).toContain('<title>로그인 | 미래 사내교육 포털</title>');
    expect(signIn).toContain('name="otp" maxlength="6"');
    for (const hrd of [
      'mOTP',
      'hrdFrameLoader',
      'hrdOtpFrame',
      'hrdkorea',
      lms.hrdSites.service,
      '<script',
    ]) {
      expect(signIn, hrd).not.toContain(hrd);
    }
    const refused = await postForm(`${lms.hrdSites.plainSite}${PLAIN_SITE_PATHS.login}`, {
      empno: 'E1001',
      passwd: 'x',
      otp: '123456',
    });
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(
      '<p class="mr-error" role="alert">아이디 또는 비밀번호가 올바르지 않습니다.</p>',
    );
    expect((await fetch(`${lms.hrdSites.plainSite}/edu/classroom?lec=3`)).status).toBe(404);
  });
});
