import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_PATHS,
  type DemoLms,
  type DemoLmsOptions,
  entryCheckpointPath,
  HRD_PATHS,
  type HrdVerifyResponseBody,
  hrdMotpPath,
  startDemoLms,
  type TraineeStateBody,
  type VerifierModeBody,
  type VerifyResponseBody,
} from '../../demo/server/app';
import { DemoClient, decodeEntities, wrongCodeAt } from '../../demo/testing/demo-client';
import type { ParsedKeyUri } from '../../lib/otp/key-uri';
import { totpCodeAt } from '../../lib/otp/totp';

/** Mid-step, so moving ±30 s stays inside known steps. */
const START = Date.UTC(2025, 2, 3, 0, 0, 30);
const STEP_MS = 60_000;
const DOWN = '인증 서버에 일시적인 장애가 발생했습니다. 잠시 후 다시 시도하세요.';

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
    ...extra,
  });
  servers.push(lms);
  return lms;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-hrd-'));
  nowMs = START;
  logs = [];
  servers = [];
});

afterEach(async () => {
  await Promise.all(servers.map((lms) => lms.close()));
  await rm(dataDir, { recursive: true, force: true });
});

async function signedIn(base: string): Promise<DemoClient> {
  const client = new DemoClient(base);
  const response = await client.login();
  expect(response.status).toBe(303);
  return client;
}

/** Reads the code the trainee's (simulated) phone app shows. */
async function appCode(hrd: DemoClient): Promise<string> {
  const page = await hrd.page(HRD_PATHS.app);
  const code = /<output id="motp-app-code"[^>]*>(\d{6})<\/output>/.exec(page)?.[1];
  if (!code) throw new Error('no code on the app page');
  return code;
}

function motp(hrd: DemoClient, motpNo: string, signal?: AbortSignal) {
  return hrd.postJson<HrdVerifyResponseBody>(HRD_PATHS.verifyApi, { courseId: 'h201', motpNo }, signal);
}

/** Six digits that differ from the app's current and previous codes (unknown to the test, so: its current one shifted). */
function otherThan(code: string): string {
  return String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
}

async function state(client: DemoClient): Promise<TraineeStateBody> {
  const { status, body } = await client.getJson<TraineeStateBody>(DEMO_PATHS.traineeStateApi);
  expect(status).toBe(200);
  return body;
}

/** A code the verifier refuses at the suite's clock. */
function wrongCode(key: ParsedKeyUri): string {
  return wrongCodeAt(key, nowMs);
}

describe('demo LMS: the HRD-connected site on 127.0.0.2', () => {
  it('serves its own site on the second loopback origin, with its own sessions', async () => {
    const lms = await start();
    expect(lms.hrdUrl).toBe(`http://127.0.0.2:${lms.port}`);

    const anonymous = new DemoClient(lms.hrdUrl);
    const login = await anonymous.page(DEMO_PATHS.login);
    expect(login).toContain('한빛 직업훈련원');
    expect(login).not.toContain('데모 원격훈련원');
    expect(login).toContain('href="/static/hrd.css"');
    expect(login).toContain(`<meta name="lms-server-time" content="${nowMs}">`);
    expect((await anonymous.fetch(hrdMotpPath('h201'))).status).toBe(302);

    // A session of one site is nothing on the other.
    const lmsClient = await signedIn(lms.url);
    const borrowed = new DemoClient(lms.hrdUrl);
    borrowed.cookie = lmsClient.cookie;
    expect((await borrowed.fetch(DEMO_PATHS.courses)).status).toBe(302);

    const hrd = await signedIn(lms.hrdUrl);
    expect(hrd.cookie).toMatch(/^hrd_lms_sid=/);
    const courses = await hrd.page(DEMO_PATHS.courses);
    expect(courses).toContain('href="/courses/h201">전기기능사 실기</a>');
    expect(courses).not.toContain('c101');
    expect((await hrd.fetch('/courses/c101')).status).toBe(404);
    expect((await lmsClient.fetch('/courses/h201')).status).toBe(404);
    expect(await hrd.page('/courses/h201')).toContain(`href="${hrdMotpPath('h201')}">수강하기</a>`);

    const response = await hrd.fetch(hrdMotpPath('h201'));
    expect(response.status).toBe(200);
    const page = await response.text();
    for (const fragment of [
      '<h1 class="course-title">전기기능사 실기</h1>',
      '<h2 class="motp-title">한국산업인력공단 mOTP 인증 시스템</h2>',
      '<p class="motp-lead">최초 과정 입과시 본인인증 절차입니다.</p>',
      '“<strong>6자리</strong>” 번호를 하단의 mOTP 번호에 입력합니다.',
      '아래의 <strong>개인정보</strong>와 일치해야 합니다.',
      '스마트폰의 시간을 <strong>한국시간으로</strong> 변경 후 진행합니다.',
      'mOTP 비밀번호 5회 실패시 <strong>휴대폰 본인인증</strong>으로 초기화합니다.',
      'mOTP 장애발생시 휴대폰 또는 아이핀인증을 사용하시면 됩니다.',
      '<strong>1833-3075</strong>에 전화연락 또는 <strong>원격상담</strong>을 클릭해 주세요.',
      '<table class="motp-user"><tbody><tr><td class="user-name">홍길동</td><td class="user-phone">01012345678</td></tr></tbody></table>',
      '<input type="text" id="motpNo" name="motpNo" placeholder="mOTP 번호를 입력하세요" maxlength="6" title="mOTP 번호">',
      '<a href="#" id="btnMotpAuth" class="btn-auth" role="button">인증하기</a>',
      '<p id="motpMsg" class="motp-msg" role="status" aria-live="polite"></p>',
      '>mOTP 인증안내</a>',
      '>매뉴얼 다운받기</a>',
      `<a href="/identity/phone?next=${encodeURIComponent('/courses/h201/motp')}">휴대폰 인증</a>`,
      `<a href="/identity/ipin?next=${encodeURIComponent('/courses/h201/motp')}">아이핀 인증</a>`,
      '>원격상담</a>',
      '<iframe class="motp-frame" src="/hrd/frame/motp-status" title="mOTP 상태"></iframe>',
    ]) {
      expect(page).toContain(fragment);
    }
    const nonce = /<script src="\/hrd\/js\/motp-auth\.js" nonce="([^"]+)"><\/script>/.exec(page)?.[1];
    expect(nonce).toBeDefined();
    expect(response.headers.get('content-security-policy')).toContain(`script-src 'nonce-${nonce}'`);
    // None of the demo LMS's hooks: the generic HRD profile must recognise HRD's own markup.
    expect(page).not.toMatch(/id="otp-form"|class="site-header"|데모 원격훈련원/);

    const script = await hrd.fetch(HRD_PATHS.script);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("getElementById('btnMotpAuth')");
    const frame = await hrd.fetch(HRD_PATHS.statusFrame);
    expect(await frame.text()).toContain('mOTP 서비스 정상');
    expect(frame.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    // The LMS's own paths are not served by the HRD site and vice versa.
    expect((await lmsClient.fetch(HRD_PATHS.app)).status).toBe(404);
    expect((await hrd.fetch(DEMO_PATHS.otpEnroll)).status).toBe(404);

    // Host checks still apply: only the two loopback names at this port.
    const misdirected = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.2', port: lms.port, path: DEMO_PATHS.login, headers: { Host: 'hrd.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(misdirected).toBe(421);
    const crossSite = await hrd.fetch(HRD_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: lms.url },
      body: JSON.stringify({ courseId: 'h201', motpNo: '123456' }),
    });
    expect(crossSite.status).toBe(403);
  });

  it('verifies codes from the phone app: previous step accepted, replay refused, locked at 5', async () => {
    const lms = await start();
    const hrd = await signedIn(lms.hrdUrl);
    const appPage = await hrd.page(HRD_PATHS.app);
    expect(appPage).toContain('<title>mOTP 앱 (데모)</title>');
    expect(appPage).toMatch(/<span id="motp-app-seconds">30<\/span>초/);
    expect((await state(hrd)).site).toBe('hrd');

    // Malformed input costs nothing.
    expect((await motp(hrd, '12 34')).body).toMatchObject({
      outcome: 'invalid',
      message: 'mOTP 번호 6자리를 입력하세요.',
      failures: 0,
    });

    // A code read a minute ago (the previous step) still passes.
    const code = await appCode(hrd);
    nowMs += STEP_MS;
    const passed = await motp(hrd, code);
    expect(passed).toEqual({
      status: 200,
      body: {
        outcome: 'success',
        message: 'mOTP 인증이 완료되었습니다.',
        reason: 'accepted',
        failures: 0,
        attemptsLeft: 5,
        locked: false,
        next: '/courses/h201',
      },
    });
    expect((await state(hrd)).courses).toEqual({ h201: { lastVerifiedSession: 1 } });
    expect(await hrd.page('/courses/h201')).toContain('본인인증 완료');

    const replay = await motp(hrd, code);
    expect(replay.body).toMatchObject({
      outcome: 'failure',
      reason: 'replayed',
      message: 'mOTP 번호가 일치하지 않습니다. (실패 1회 / 5회)',
      failures: 1,
    });
    for (let failures = 2; failures <= 4; failures += 1) {
      const answer = await motp(hrd, otherThan(await appCode(hrd)));
      expect(answer.body).toMatchObject({
        outcome: 'failure',
        message: `mOTP 번호가 일치하지 않습니다. (실패 ${failures}회 / 5회)`,
        failures,
        attemptsLeft: 5 - failures,
      });
    }
    const fifth = await motp(hrd, otherThan(await appCode(hrd)));
    expect(fifth.body).toMatchObject({
      outcome: 'locked',
      message: 'mOTP 인증 5회 실패로 휴대폰 본인인증이 필요합니다.',
      failures: 5,
      locked: true,
    });
    nowMs += STEP_MS;
    expect((await motp(hrd, await appCode(hrd))).body).toMatchObject({ outcome: 'locked', reason: 'locked' });
    const hrdState = await state(hrd);
    expect(hrdState).toMatchObject({
      site: 'hrd',
      failures: 5,
      locked: true,
      attemptsLeft: 0,
      enrolled: true,
    });
    expect(await hrd.page(hrdMotpPath('h201'))).toContain(
      '<p id="motpMsg" class="motp-msg" role="status" aria-live="polite" data-outcome="locked">mOTP 인증 5회 실패로 휴대폰 본인인증이 필요합니다.</p>',
    );

    // Its own verifier: the demo LMS's web-OTP count is untouched, and no seed leaks anywhere.
    const lmsClient = await signedIn(lms.url);
    expect(await state(lmsClient)).toMatchObject({
      site: 'lms',
      failures: 0,
      locked: false,
      enrolled: false,
    });
    const file = await import('node:fs/promises').then((fs) =>
      fs.readFile(join(dataDir, 'verifier-state.json'), 'utf8'),
    );
    const seed = (JSON.parse(file) as { trainees: Record<string, { secretBase32: string | null }> }).trainees[
      'hrd:demo-trainee'
    ]?.secretBase32;
    expect(seed).toMatch(/^[A-Z2-7]{32}$/);
    expect(JSON.stringify(hrdState)).not.toContain(seed);
    expect(logs.join('\n')).not.toContain(seed);
    expect(logs.join('\n')).not.toContain(code);
  });
});

describe('demo LMS: identity re-verification', () => {
  it('휴대폰 본인인증 unlocks the web-OTP verifier of its own site only', async () => {
    const lms = await start();
    const client = await signedIn(lms.url);
    const key = await client.enroll();
    for (let i = 0; i < 5; i += 1) {
      await client.postJson(DEMO_PATHS.verifyApi, { courseId: 'c101', kind: 'entry', code: wrongCode(key) });
    }
    const hrd = await signedIn(lms.hrdUrl);
    for (let i = 0; i < 5; i += 1) await motp(hrd, otherThan(await appCode(hrd)));
    expect(await state(client)).toMatchObject({ locked: true, attemptsLeft: 0 });
    expect(await state(hrd)).toMatchObject({ locked: true, attemptsLeft: 0 });

    const page = await client.page(
      `${DEMO_PATHS.identityPhone}?next=${encodeURIComponent('/courses/c101/checkpoint/entry')}`,
    );
    expect(page).toContain('<h1 id="identity-title">휴대폰 본인인증</h1>');
    expect(page).toContain('value="홍길동" readonly');
    expect(page).toContain('value="010-1234-5678" readonly');
    expect(page).toContain('<select id="identity-carrier" name="carrier">');
    expect(page).toContain('>인증번호 받기</button>');
    expect(page).toContain('<input id="sms-code" name="code"');
    expect(page).toContain('>확인</button>');
    expect(page).not.toContain('[데모] 인증번호');

    const early = await (
      await client.postForm(DEMO_PATHS.identityPhone, { step: 'verify', code: '123456' })
    ).text();
    expect(early).toContain('<p id="identity-result" class="identity-result" data-outcome="failure"');
    const sent = await (
      await client.postForm(DEMO_PATHS.identityPhone, {
        step: 'request',
        carrier: 'KT',
        next: '/courses/c101',
      })
    ).text();
    expect(sent).toContain('[데모] 인증번호: 123456');
    expect(sent).toContain('<option value="KT" selected>KT</option>');
    const wrong = await (
      await client.postForm(DEMO_PATHS.identityPhone, { step: 'verify', code: '654321' })
    ).text();
    expect(wrong).toMatch(/data-outcome="failure"[^>]*>인증번호가 올바르지 않습니다\.<\/p>/);
    expect((await state(client)).locked).toBe(true);

    const right = await (
      await client.postForm(DEMO_PATHS.identityPhone, {
        step: 'verify',
        code: '123456',
        next: entryCheckpointPath('c101'),
      })
    ).text();
    expect(right).toMatch(
      /<p id="identity-result" class="identity-result" data-outcome="success"[^>]*>휴대폰 본인인증이 완료되었습니다\. OTP 잠금이 해제되었습니다\.<\/p>/,
    );
    expect(right).toContain(`href="${entryCheckpointPath('c101')}">이전 화면으로 돌아가기</a>`);
    expect(await state(client)).toMatchObject({ failures: 0, locked: false, attemptsLeft: 5 });
    nowMs += STEP_MS;
    expect(
      (
        await client.postJson<VerifyResponseBody>(DEMO_PATHS.verifyApi, {
          courseId: 'c101',
          kind: 'entry',
          code: totpCodeAt(key, nowMs).code,
        })
      ).body.outcome,
    ).toBe('success');
    // The code is used up: a second confirmation needs a new request.
    expect(
      await (await client.postForm(DEMO_PATHS.identityPhone, { step: 'verify', code: '123456' })).text(),
    ).toContain('data-outcome="failure"');

    // The HRD site's verifier is still locked until its own identity verification.
    expect(await state(hrd)).toMatchObject({ locked: true });
    const hrdPage = await hrd.page(DEMO_PATHS.identityIpin);
    expect(hrdPage).toContain('한빛 직업훈련원');
    expect(hrdPage).toContain('<input id="ipin-id" name="ipinId" type="text"');
    expect(hrdPage).toContain('<input id="ipin-password" name="ipinPassword" type="password"');
    const empty = await (
      await hrd.postForm(DEMO_PATHS.identityIpin, { ipinId: 'hong', ipinPassword: '' })
    ).text();
    expect(empty).toContain('data-outcome="failure"');
    expect((await state(hrd)).locked).toBe(true);
    const ipin = await (
      await hrd.postForm(DEMO_PATHS.identityIpin, { ipinId: 'hong', ipinPassword: 'pw' })
    ).text();
    expect(ipin).toContain('아이핀 본인인증이 완료되었습니다. OTP 잠금이 해제되었습니다.');
    expect(await state(hrd)).toMatchObject({ failures: 0, locked: false, attemptsLeft: 5 });
    nowMs += STEP_MS;
    expect((await motp(hrd, await appCode(hrd))).body.outcome).toBe('success');
  });
});

describe('demo LMS: verifier test controls', () => {
  const setMode = (client: DemoClient, mode: string) =>
    client.postJson<VerifierModeBody>(DEMO_PATHS.testVerifierModeApi, { mode });

  it('are not served unless enabled', async () => {
    const lms = await start();
    const client = new DemoClient(lms.url);
    expect((await setMode(client, 'error')).status).toBe(404);
    expect((await client.fetch(DEMO_PATHS.testVerifierModeApi)).status).toBe(404);
  });

  it('error: both verify APIs and the form answer 503 with the outage text and count nothing', async () => {
    const lms = await start({ testControls: true });
    const client = await signedIn(lms.url);
    const key = await client.enroll();
    const hrd = await signedIn(lms.hrdUrl);
    expect((await setMode(client, 'sideways')).status).toBe(400);
    expect(await setMode(client, 'error')).toEqual({ status: 200, body: { mode: 'error', held: 0 } });

    const code = totpCodeAt(key, nowMs).code;
    for (const attempt of [code, wrongCode(key)]) {
      const answer = await client.postJson<VerifyResponseBody>(DEMO_PATHS.verifyApi, {
        courseId: 'c101',
        kind: 'entry',
        code: attempt,
      });
      expect(answer).toEqual({
        status: 503,
        body: { outcome: 'error', error: 'verifierUnavailable', message: DOWN },
      });
    }
    const form = await client.postForm(entryCheckpointPath('c101'), {
      courseId: 'c101',
      kind: 'entry',
      otp: code,
    });
    expect(form.status).toBe(503);
    expect(decodeEntities(await form.text())).toContain(
      `data-outcome="error"><p class="otp-result-message">${DOWN}</p>`,
    );
    const hrdCode = await appCode(hrd);
    expect(await motp(hrd, hrdCode)).toEqual({
      status: 503,
      body: { outcome: 'error', error: 'verifierUnavailable', message: DOWN },
    });
    expect(await state(client)).toMatchObject({ failures: 0, verifiedCheckpoints: [] });
    expect(await state(hrd)).toMatchObject({ failures: 0, verifiedCheckpoints: [] });

    // Back to normal, the very same codes were never consumed.
    await setMode(client, 'normal');
    expect(
      (
        await client.postJson<VerifyResponseBody>(DEMO_PATHS.verifyApi, {
          courseId: 'c101',
          kind: 'entry',
          code,
        })
      ).body.outcome,
    ).toBe('success');
    expect((await motp(hrd, hrdCode)).body.outcome).toBe('success');
  });

  it('hang: holds verifications until the mode changes (then 503) or the client gives up, counting nothing', async () => {
    const lms = await start({ testControls: true });
    const client = await signedIn(lms.url);
    const key = await client.enroll();
    const hrd = await signedIn(lms.hrdUrl);
    await setMode(client, 'hang');

    const held = async (): Promise<number> =>
      (await client.getJson<VerifierModeBody>(DEMO_PATHS.testVerifierModeApi)).body.held;
    const waitForHeld = async (count: number): Promise<void> => {
      for (let i = 0; i < 200 && (await held()) !== count; i += 1)
        await new Promise((r) => setTimeout(r, 10));
      expect(await held()).toBe(count);
    };

    // A client that gives up (as a page with a timeout would).
    const abort = new AbortController();
    const abandoned = client
      .postJson(DEMO_PATHS.verifyApi, { courseId: 'c101', kind: 'entry', code: wrongCode(key) }, abort.signal)
      .catch((error: unknown) => error);
    await waitForHeld(1);
    abort.abort();
    expect(await abandoned).toBeInstanceOf(Error);
    await waitForHeld(0);

    // Held requests on both sites answer 503 once the mode changes back.
    const webOtp = client.postJson<VerifyResponseBody>(DEMO_PATHS.verifyApi, {
      courseId: 'c101',
      kind: 'entry',
      code: wrongCode(key),
    });
    const hrdAnswer = motp(hrd, '000000');
    await waitForHeld(2);
    let settled = false;
    void Promise.all([webOtp, hrdAnswer]).then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    expect(await setMode(client, 'normal')).toEqual({ status: 200, body: { mode: 'normal', held: 0 } });
    expect(await webOtp).toEqual({ status: 503, body: expect.objectContaining({ message: DOWN }) });
    expect(await hrdAnswer).toEqual({ status: 503, body: expect.objectContaining({ message: DOWN }) });
    expect(await state(client)).toMatchObject({ failures: 0 });
    expect(await state(hrd)).toMatchObject({ failures: 0 });
  });

  it('hang: closing the LMS releases held requests', async () => {
    const lms = await start({ testControls: true });
    const client = await signedIn(lms.url);
    await client.enroll();
    await setMode(client, 'hang');
    const pending = client
      .postJson(DEMO_PATHS.verifyApi, { courseId: 'c101', kind: 'entry', code: '123456' })
      .catch((error: unknown) => error);
    for (let i = 0; i < 200; i += 1) {
      const { body } = await client.getJson<VerifierModeBody>(DEMO_PATHS.testVerifierModeApi);
      if (body.held === 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const closed = Date.now();
    await lms.close();
    expect(Date.now() - closed).toBeLessThan(5_000);
    await pending;
  });
});

describe('the seed stays server-side', () => {
  it('the HRD seed never appears in any HRD page or API answer', async () => {
    const lms = await start();
    const hrd = await signedIn(lms.hrdUrl);
    const pages = await Promise.all(
      [HRD_PATHS.app, hrdMotpPath('h201'), DEMO_PATHS.courses, DEMO_PATHS.traineeStateApi].map((path) =>
        hrd.fetch(path).then((response) => response.text()),
      ),
    );
    const file = await import('node:fs/promises').then((fs) =>
      fs.readFile(join(dataDir, 'verifier-state.json'), 'utf8'),
    );
    const seed = (JSON.parse(file) as { trainees: Record<string, { secretBase32: string }> }).trainees[
      'hrd:demo-trainee'
    ]?.secretBase32;
    expect(seed).toBeDefined();
    for (const page of pages) expect(page).not.toContain(seed);
  });
});
