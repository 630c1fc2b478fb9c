import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_MESSAGES,
  coursePath,
  DEMO_PATHS,
  type DemoLms,
  entryCheckpointPath,
  startDemoLms,
  type TraineeStateBody,
  type VerifyResponseBody,
} from '../../demo/server/app';
import { DemoClient, decodeEntities, wrongCodeAt } from '../../demo/testing/demo-client';
import { encodeBase32 } from '../../lib/otp/base32';
import { type ParsedKeyUri, parseKeyUri } from '../../lib/otp/key-uri';
import { totpCodeAt } from '../../lib/otp/totp';

/** Mid-step (the 60 s step starts 30 s earlier), so moving ±30 s stays inside known steps. */
const START = Date.UTC(2025, 2, 3, 0, 0, 30);

let dataDir: string;
let nowMs: number;
let logs: string[];
let servers: DemoLms[];

async function start(): Promise<DemoLms> {
  const lms = await startDemoLms({ port: 0, dataDir, now: () => nowMs, log: (line) => logs.push(line) });
  servers.push(lms);
  return lms;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-lms-'));
  nowMs = START;
  logs = [];
  servers = [];
});

afterEach(async () => {
  await Promise.all(servers.map((lms) => lms.close()));
  await rm(dataDir, { recursive: true, force: true });
});

/** The demo's own client, with the checks this suite makes of the enrollment page and answers. */
class Client extends DemoClient {
  /** Issues a key and checks the page shows it twice alike (attribute and text) with its QR code. */
  override async enroll(): Promise<ParsedKeyUri> {
    const response = await this.fetch(DEMO_PATHS.otpEnroll, { method: 'POST' });
    expect(response.status).toBe(303);
    const page = await this.page(response.headers.get('location') ?? '');
    const uri = /<code id="otp-key-uri"[^>]*data-otpauth-uri="([^"]*)"[^>]*>([^<]*)<\/code>/.exec(page);
    expect(uri).not.toBeNull();
    const attribute = decodeEntities(uri?.[1] ?? '');
    expect(decodeEntities(uri?.[2] ?? '')).toBe(attribute);
    expect(page).toContain('<svg');
    const parsed = parseKeyUri(attribute);
    if (!parsed.ok) throw new Error(`key URI refused: ${parsed.error}`);
    return parsed.value;
  }

  async verify(code: string, courseId = 'c101'): Promise<VerifyResponseBody> {
    const response = await this.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ courseId, kind: 'entry', code }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return (await response.json()) as VerifyResponseBody;
  }

  async state(): Promise<TraineeStateBody> {
    const response = await this.fetch(DEMO_PATHS.traineeStateApi);
    expect(response.status).toBe(200);
    return (await response.json()) as TraineeStateBody;
  }
}

describe('demo LMS server', () => {
  it('listens on 127.0.0.1 and sends unauthenticated visitors to the login page', async () => {
    const lms = await start();
    expect(lms.url).toBe(`http://127.0.0.1:${lms.port}`);
    expect(lms.port).toBeGreaterThan(0);
    const client = new Client(lms.url);

    const page = await client.fetch(entryCheckpointPath('c101'));
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent('/courses/c101/checkpoint/entry')}`,
    );

    const state = await client.fetch(DEMO_PATHS.traineeStateApi);
    expect(state.status).toBe(401);
    expect(await state.json()).toMatchObject({ outcome: 'error', error: 'unauthenticated' });

    const verify = await client.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ courseId: 'c101', kind: 'entry', code: '123456' }),
    });
    expect(verify.status).toBe(401);

    const forged = new Client(lms.url);
    forged.cookie = 'demo_lms_sid=not-a-session';
    expect((await forged.fetch(DEMO_PATHS.courses)).status).toBe(302);
  });

  it('logs in with the prefilled demo trainee and sets a safe session cookie', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    const loginPage = await client.page(DEMO_PATHS.login);
    expect(loginPage).toContain('<html lang="ko">');
    expect(loginPage).toContain('value="홍길동"');
    expect(loginPage).toContain('value="010-1234-5678"');
    expect(loginPage).toContain('href="/static/lms.css"');

    const response = await client.login();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(DEMO_PATHS.courses);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^demo_lms_sid=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');

    const courses = await client.page(DEMO_PATHS.courses);
    expect(courses).toContain('나의 강의실');
    expect(courses).toContain('데모 원격훈련원');
    expect(courses).toContain(`href="${coursePath('c101')}"`);
    expect(courses).toContain('산업안전관리 실무');
    expect(courses).toContain(`href="${DEMO_PATHS.otpEnroll}"`);
    expect(courses.match(/class="course-card"/g)?.length ?? 0).toBeGreaterThanOrEqual(3);

    const css = await client.fetch(DEMO_PATHS.stylesheet);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.otp-box');
  });

  it('refuses a wrong name or number and never redirects off-site after login', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    const wrong = await client.fetch(DEMO_PATHS.login, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: '김철수', phone: '010-1234-5678' }).toString(),
    });
    expect(wrong.status).toBe(401);
    expect(client.cookie).toBeNull();

    const offsite = await client.fetch(DEMO_PATHS.login, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: '홍길동', phone: '01012345678', next: '//evil.example/' }).toString(),
    });
    expect(offsite.status).toBe(303);
    expect(offsite.headers.get('location')).toBe(DEMO_PATHS.courses);
  });

  it('escapes what it reflects into pages', async () => {
    const lms = await start();
    const page = await new Client(lms.url).page(
      `${DEMO_PATHS.login}?next=${encodeURIComponent('/courses?x="><script>alert(1)</script>')}`,
    );
    expect(page).not.toContain('"><script>alert(1)');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('enrolls, verifies a real TOTP code, refuses its replay and records the checkpoint', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    await client.login();

    expect(await client.verify('123456')).toMatchObject({
      outcome: 'error',
      reason: 'notEnrolled',
      message: CHECKPOINT_MESSAGES.notEnrolled,
    });
    const before = await client.page(coursePath('c101'));
    expect(before).toContain('본인인증 필요');
    expect(before).toContain(`href="${entryCheckpointPath('c101')}"`);

    const key = await client.enroll();
    expect(key).toMatchObject({
      issuer: '데모 원격훈련원',
      accountName: '홍길동',
      algorithm: 'SHA1',
      digits: 6,
      period: 60,
    });
    expect(key.secret.length).toBe(20);

    const { code } = totpCodeAt(key, nowMs);
    const success = await client.verify(code);
    expect(success).toEqual({
      outcome: 'success',
      message: '본인인증이 완료되었습니다.',
      reason: 'accepted',
      attemptsLeft: 5,
      locked: false,
      checkpointId: 'c101:entry',
      next: '/courses/c101',
    });

    nowMs += 10_000;
    const replay = await client.verify(code);
    expect(replay).toMatchObject({
      outcome: 'failure',
      reason: 'replayed',
      attemptsLeft: 4,
      message: '이미 사용된 인증번호입니다. 새 번호를 입력하세요. (남은 횟수: 4회)',
    });

    const state = await client.state();
    expect(state).toEqual({
      site: 'lms',
      name: '홍길동',
      phone: '010-1234-5678',
      enrolled: true,
      failures: 1,
      locked: false,
      attemptsLeft: 4,
      verifiedCheckpoints: ['c101:entry'],
      courses: {
        c101: { lastVerifiedSession: 1 },
        c102: { lastVerifiedSession: null },
        c103: { lastVerifiedSession: null },
      },
      lastDailyLoginDay: null,
    });
    const after = await client.page(coursePath('c101'));
    expect(after).toContain('본인인증 완료');
    expect(after).not.toContain(`href="${entryCheckpointPath('c101')}"`);

    // Malformed input costs nothing.
    expect(await client.verify('12 34')).toMatchObject({
      outcome: 'invalid',
      reason: 'malformed',
      message: '6자리 숫자를 입력하세요.',
    });
    expect((await client.state()).failures).toBe(1);

    // Neither the secret nor any code reached the logs or the state API.
    const secret = encodeBase32(key.secret);
    expect(JSON.stringify(state)).not.toContain(secret);
    expect(logs.join('\n')).not.toContain(secret);
    expect(logs.join('\n')).not.toContain(code);
  });

  it('a new enrollment replaces the old key', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    await client.login();
    const oldKey = await client.enroll();
    const newKey = await client.enroll();
    expect(encodeBase32(newKey.secret)).not.toBe(encodeBase32(oldKey.secret));
    const oldCode = totpCodeAt(oldKey, nowMs).code;
    const newCode = totpCodeAt(newKey, nowMs).code;
    expect(oldCode).not.toBe(newCode);
    expect((await client.verify(oldCode)).reason).toBe('mismatch');
    expect((await client.verify(newCode)).reason).toBe('accepted');
  });

  it('locks after 5 wrong codes, stays locked for the right code, and still after a restart', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    await client.login();
    const key = await client.enroll();

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const answer = await client.verify(wrongCodeAt(key, nowMs));
      expect(answer).toMatchObject({
        outcome: 'failure',
        reason: 'mismatch',
        attemptsLeft: 5 - attempt,
        message: `인증번호가 일치하지 않습니다. (남은 횟수: ${5 - attempt}회)`,
      });
    }
    const fifth = await client.verify(wrongCodeAt(key, nowMs));
    expect(fifth).toMatchObject({
      outcome: 'locked',
      reason: 'mismatch',
      attemptsLeft: 0,
      locked: true,
      message: '인증 5회 실패로 잠겼습니다. 휴대폰 본인인증 후 다시 이용하세요.',
    });
    const right = await client.verify(totpCodeAt(key, nowMs).code);
    expect(right).toMatchObject({ outcome: 'locked', reason: 'locked', attemptsLeft: 0 });

    // The checkpoint page shows the lock on load.
    const page = await client.page(entryCheckpointPath('c101'));
    expect(page).toContain(
      'id="otp-result" role="status" aria-live="polite" data-outcome="locked" data-attempts-left="0"',
    );

    await lms.close();
    const restarted = await start();
    const again = new Client(restarted.url);
    await again.login();
    expect(await again.state()).toMatchObject({ enrolled: true, failures: 5, locked: true, attemptsLeft: 0 });
    nowMs += 60_000;
    expect(await again.verify(totpCodeAt(key, nowMs).code)).toMatchObject({ reason: 'locked' });
  });

  it('serves the checkpoint page with the structure the extension reads', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    await client.login();
    const response = await client.fetch(entryCheckpointPath('c101'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('date')).toBe(new Date(nowMs).toUTCString());
    const page = await response.text();

    expect(page).toContain('<html lang="ko">');
    expect(page).toContain('<h1 class="course-title">산업안전관리 실무</h1>');
    expect(page).toContain('데모 원격훈련원 웹 OTP 인증 시스템');
    expect(page).toContain('최초 과정 입과시 본인인증 절차입니다.');
    expect(page).toContain('<td class="trainee-name">홍길동</td><td class="trainee-phone">01012345678</td>');
    expect(page).toContain('<form id="otp-form"');
    expect(page).toContain('<label for="otp-code"');
    expect(page).toMatch(
      /<input id="otp-code" name="otp" [^>]*placeholder="mOTP 번호를 입력하세요" inputmode="numeric" autocomplete="one-time-code"/,
    );
    expect(page).toContain('<button id="otp-submit" type="submit"');
    expect(page).toContain('>인증하기</button>');
    expect(page).toContain('<div id="otp-result" role="status" aria-live="polite" data-outcome=""></div>');
    expect(page).not.toMatch(/data-checkpoint=|data-course-id=/);

    // The inline script runs only through the CSP nonce.
    const nonce = /<script nonce="([^"]+)">/.exec(page)?.[1];
    expect(nonce).toBeDefined();
    expect(response.headers.get('content-security-policy')).toContain(`script-src 'nonce-${nonce}'`);

    expect((await client.fetch(entryCheckpointPath('c999'))).status).toBe(404);
  });

  it('verifies through a plain form post too (form.submit() skips the page script)', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    await client.login();
    const key = await client.enroll();
    const response = await client.fetch(entryCheckpointPath('c102'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        courseId: 'c102',
        kind: 'entry',
        otp: totpCodeAt(key, nowMs).code,
      }).toString(),
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(
      'data-outcome="success"><p class="otp-result-message">본인인증이 완료되었습니다.</p>',
    );
    expect(page).toContain('>강의실로 이동</a>');
    expect((await client.state()).verifiedCheckpoints).toEqual(['c102:entry']);
  });

  it('guards the API: JSON only, known courses, same origin, own host', async () => {
    const lms = await start();
    const client = new Client(lms.url);
    await client.login();

    const text = await client.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ courseId: 'c101', kind: 'entry', code: '123456' }),
    });
    expect(text.status).toBe(415);

    const badKind = await client.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ courseId: 'c101', kind: 'dailyLogin', code: '123456' }),
    });
    expect(badKind.status).toBe(400);

    // An assessment check needs the visit it is for; a session check needs its session.
    for (const body of [
      { courseId: 'c101', kind: 'exam', code: '123456' },
      { courseId: 'c101', kind: 'session', code: '123456' },
      { courseId: 'c101', kind: 'session', code: '123456', session: '9' },
    ]) {
      const response = await client.fetch(DEMO_PATHS.verifyApi, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    }

    const unknown = await client.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ courseId: 'c999', kind: 'entry', code: '123456' }),
    });
    expect(unknown.status).toBe(404);

    const crossSite = await client.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: JSON.stringify({ courseId: 'c101', kind: 'entry', code: '123456' }),
    });
    expect(crossSite.status).toBe(403);

    // None of the refused requests cost an attempt.
    expect((await client.state()).failures).toBe(0);

    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: lms.port, path: DEMO_PATHS.login, headers: { Host: 'attacker.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(421);
  });
});
