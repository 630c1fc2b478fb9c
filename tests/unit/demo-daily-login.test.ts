import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_LEADS,
  CHECKPOINT_MESSAGES,
  coursePath,
  DEMO_PATHS,
  type DemoLms,
  entryCheckpointPath,
  learnPath,
  startDemoLms,
  type TraineeStateBody,
  type VerifyResponseBody,
} from '../../demo/server/app';
import { parseVerifierState, STORE_FILE_NAME } from '../../demo/server/store';
import { createVerifierState, koreanDay } from '../../demo/server/verifier';
import { DemoClient, wrongCodeAt } from '../../demo/testing/demo-client';
import { totpCodeAt } from '../../lib/otp/totp';

/** 2025-03-03 09:00:30 KST, mid-step. */
const START = Date.UTC(2025, 2, 3, 0, 0, 30);
/** 2025-03-03 23:59:30 KST: still the same Korean day. */
const LATE_SAME_DAY = Date.UTC(2025, 2, 3, 14, 59, 30);
/** 2025-03-04 00:00:30 KST: 15:00 UTC has passed, a new Korean day. */
const NEXT_DAY = Date.UTC(2025, 2, 3, 15, 0, 30);

let dataDir: string;
let nowMs: number;
let servers: DemoLms[];

async function start(dailyLoginCheck?: boolean): Promise<DemoLms> {
  const lms = await startDemoLms({
    port: 0,
    dataDir,
    now: () => nowMs,
    log: () => {},
    ...(dailyLoginCheck === undefined ? {} : { dailyLoginCheck }),
  });
  servers.push(lms);
  return lms;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-daily-'));
  nowMs = START;
  servers = [];
});

afterEach(async () => {
  await Promise.all(servers.map((lms) => lms.close()));
  await rm(dataDir, { recursive: true, force: true });
});

/** The demo's own client, with the requests this suite makes of the daily sign-in check. */
class Client extends DemoClient {
  /** Signs in and answers where the sign-in sends the trainee. */
  async signIn(next?: string): Promise<string | null> {
    const form = new URLSearchParams({ name: '홍길동', phone: '010-1234-5678' });
    if (next !== undefined) form.set('next', next);
    const response = await this.fetch(DEMO_PATHS.login, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(response.status).toBe(303);
    return response.headers.get('location');
  }

  async verifyDaily(code: string): Promise<{ status: number; body: VerifyResponseBody }> {
    const response = await this.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // As the page script sends it: the box has no courseId field.
      body: JSON.stringify({ courseId: null, kind: 'dailyLogin', code }),
    });
    return { status: response.status, body: (await response.json()) as VerifyResponseBody };
  }

  async state(): Promise<TraineeStateBody> {
    const response = await this.fetch(DEMO_PATHS.traineeStateApi);
    expect(response.status).toBe(200);
    return (await response.json()) as TraineeStateBody;
  }

  /** Where a GET goes: null when it is served (200), else the redirect target. */
  async goes(path: string): Promise<string | null> {
    const response = await this.fetch(path);
    await response.arrayBuffer();
    if (response.status === 200) return null;
    expect(response.status).toBe(302);
    return response.headers.get('location');
  }
}

describe('koreanDay', () => {
  it('turns at 15:00 UTC', () => {
    expect(koreanDay(START)).toBe('2025-03-03');
    expect(koreanDay(LATE_SAME_DAY)).toBe('2025-03-03');
    expect(koreanDay(NEXT_DAY)).toBe('2025-03-04');
    expect(koreanDay(Date.UTC(2025, 2, 2, 15, 0, 0))).toBe('2025-03-03');
    expect(koreanDay(Date.UTC(2025, 2, 2, 14, 59, 59, 999))).toBe('2025-03-02');
  });

  it('is null in a fresh verifier state and in a stored state without it', () => {
    expect(createVerifierState().lastDailyLoginDay).toBeNull();
    const { lastDailyLoginDay: _omitted, ...older } = createVerifierState();
    expect(parseVerifierState(older)?.lastDailyLoginDay).toBeNull();
    expect(parseVerifierState({ ...older, lastDailyLoginDay: '2025-03-03' })?.lastDailyLoginDay).toBe(
      '2025-03-03',
    );
    expect(parseVerifierState({ ...older, lastDailyLoginDay: 'yesterday' })).toBeNull();
    expect(parseVerifierState({ ...older, lastDailyLoginDay: 20250303 })).toBeNull();
  });
});

describe('demo LMS: first login of the day check (최초 로그인 본인인증)', () => {
  it.each([
    ['by default', undefined],
    ['with dailyLoginCheck: false', false],
  ] as const)('asks nothing %s', async (_label, option) => {
    const lms = await start(option);
    const client = new Client(lms.url);
    expect(await client.signIn()).toBe(DEMO_PATHS.courses);
    expect(await client.signIn(coursePath('c101'))).toBe(coursePath('c101'));
    expect(await client.goes(coursePath('c101'))).toBeNull();
    expect(await client.goes(entryCheckpointPath('c101'))).toBeNull();
    const daily = await client.fetch(DEMO_PATHS.dailyCheckpoint);
    expect(daily.status).toBe(404);
    await daily.arrayBuffer();
    await client.enroll();
    const refused = await client.verifyDaily('123456');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ outcome: 'error', error: 'badRequest' });
    expect((await client.state()).lastDailyLoginDay).toBeNull();
  });

  it('sends a sign-in to the check and holds course pages until it is passed', async () => {
    const lms = await start(true);
    const client = new Client(lms.url);
    expect(await client.signIn()).toBe(DEMO_PATHS.dailyCheckpoint);

    // Reachable before the check: 나의 강의실, 웹 OTP 발급, identity, the APIs.
    expect(await client.goes(DEMO_PATHS.courses)).toBeNull();
    expect(await client.goes(DEMO_PATHS.otpEnroll)).toBeNull();
    expect(await client.goes(DEMO_PATHS.identityPhone)).toBeNull();
    expect((await client.state()).lastDailyLoginDay).toBeNull();

    // Course pages and everything under them wait for the check.
    for (const path of [
      coursePath('c101'),
      entryCheckpointPath('c101'),
      learnPath('c101', 1),
      '/courses/c101/exam',
    ])
      expect(await client.goes(path)).toBe(DEMO_PATHS.dailyCheckpoint);
    const post = await client.fetch(entryCheckpointPath('c101'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'otp=123456',
    });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe(DEMO_PATHS.dailyCheckpoint);

    const page = await client.page(DEMO_PATHS.dailyCheckpoint);
    expect(page).toContain('<h1 class="course-title">최초 로그인 본인인증</h1>');
    expect(page).toContain('데모 원격훈련원 웹 OTP 인증 시스템');
    expect(page).toContain(`<p class="otp-box-lead otp-lead">${CHECKPOINT_LEADS.dailyLogin}</p>`);
    expect(CHECKPOINT_LEADS.dailyLogin).toBe('오늘 최초 로그인 시 본인인증 절차입니다.');
    expect(page).toContain('<td class="trainee-name">홍길동</td>');
    expect(page).toContain('<td class="trainee-phone">01012345678</td>');
    expect(page).toMatch(/<form id="otp-form"[^>]*action="\/checkpoint\/daily"/);
    expect(page).toContain('<input type="hidden" name="kind" value="dailyLogin">');
    expect(page).not.toContain('name="courseId"');
    for (const id of ['otp-code', 'otp-submit', 'otp-attempts', 'otp-result'])
      expect(page).toContain(`id="${id}"`);
    expect(page).toContain('남은 횟수: 5회');
    expect(page).toMatch(/<script nonce="[^"]+">/);

    // Not enrolled yet: the verifier says so and counts nothing.
    const notEnrolled = await client.verifyDaily('123456');
    expect(notEnrolled.body.reason).toBe('notEnrolled');

    const key = await client.enroll();
    const wrong = await client.verifyDaily(wrongCodeAt(key, nowMs));
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ outcome: 'failure', reason: 'mismatch', attemptsLeft: 4 });
    expect(wrong.body.next).toBeUndefined();
    expect(await client.goes(coursePath('c101'))).toBe(DEMO_PATHS.dailyCheckpoint);

    const code = totpCodeAt(key, nowMs).code;
    const passed = await client.verifyDaily(code);
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({
      outcome: 'success',
      message: CHECKPOINT_MESSAGES.success,
      reason: 'accepted',
      attemptsLeft: 5,
      checkpointId: 'dailyLogin:2025-03-03',
      // The course page last asked for (a GET) is where the trainee continues.
      next: coursePath('c101'),
    });
    expect((await client.state()).lastDailyLoginDay).toBe('2025-03-03');
    const file = JSON.parse(await readFile(join(dataDir, STORE_FILE_NAME), 'utf8'));
    expect(file.trainees['demo-trainee']).toMatchObject({
      lastDailyLoginDay: '2025-03-03',
    });

    // Course pages open; the check itself asks nothing more today.
    expect(await client.goes(coursePath('c101'))).toBeNull();
    expect(await client.goes(entryCheckpointPath('c101'))).toBeNull();
    expect(await client.goes(DEMO_PATHS.dailyCheckpoint)).toBe(DEMO_PATHS.courses);
    const again = await client.verifyDaily(code);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('alreadyVerified');
  });

  it('continues to the sign-in target or the course page it held', async () => {
    const lms = await start(true);
    const client = new Client(lms.url);
    expect(await client.signIn(coursePath('c102'))).toBe(DEMO_PATHS.dailyCheckpoint);
    const key = await client.enroll();
    // A course page visited meanwhile becomes the target.
    expect(await client.goes(learnPath('c101', 1))).toBe(DEMO_PATHS.dailyCheckpoint);
    const passed = await client.verifyDaily(totpCodeAt(key, nowMs).code);
    expect(passed.body.next).toBe(learnPath('c101', 1));

    nowMs = NEXT_DAY;
    const other = new Client(lms.url);
    expect(await other.signIn(coursePath('c102'))).toBe(DEMO_PATHS.dailyCheckpoint);
    const page = await other.page(DEMO_PATHS.dailyCheckpoint);
    expect(page).toContain('최초 로그인 본인인증');
    const done = await other.verifyDaily(totpCodeAt(key, nowMs).code);
    expect(done.body).toMatchObject({ outcome: 'success', next: coursePath('c102') });
  });

  it('asks once per Korean day: the same day goes straight on, the next day asks again', async () => {
    const lms = await start(true);
    const first = new Client(lms.url);
    await first.signIn();
    const key = await first.enroll();
    expect((await first.verifyDaily(totpCodeAt(key, nowMs).code)).body.outcome).toBe('success');

    nowMs = LATE_SAME_DAY;
    const sameDay = new Client(lms.url);
    expect(await sameDay.signIn()).toBe(DEMO_PATHS.courses);
    expect(await sameDay.signIn(coursePath('c101'))).toBe(coursePath('c101'));
    expect(await sameDay.goes(coursePath('c101'))).toBeNull();

    nowMs = NEXT_DAY;
    // A session still open across midnight (KST) is asked again at the next course page.
    expect(await sameDay.goes(coursePath('c101'))).toBe(DEMO_PATHS.dailyCheckpoint);
    const nextDay = new Client(lms.url);
    expect(await nextDay.signIn()).toBe(DEMO_PATHS.dailyCheckpoint);
    expect((await nextDay.state()).lastDailyLoginDay).toBe('2025-03-03');
    expect((await nextDay.verifyDaily(totpCodeAt(key, nowMs).code)).body.outcome).toBe('success');
    expect((await nextDay.state()).lastDailyLoginDay).toBe('2025-03-04');
    expect(await sameDay.goes(coursePath('c101'))).toBeNull();
  });

  it('survives a restart: the day is persisted', async () => {
    const lms = await start(true);
    const client = new Client(lms.url);
    await client.signIn();
    const key = await client.enroll();
    expect((await client.verifyDaily(totpCodeAt(key, nowMs).code)).body.outcome).toBe('success');
    await lms.close();

    const restarted = await start(true);
    const again = new Client(restarted.url);
    expect(await again.signIn()).toBe(DEMO_PATHS.courses);
  });

  it('uses the same verifier: replays count, five failures lock, the form works without JavaScript', async () => {
    const lms = await start(true);
    const client = new Client(lms.url);
    await client.signIn();
    const key = await client.enroll();
    const post = async (otp: string): Promise<string> => {
      const response = await client.fetch(DEMO_PATHS.dailyCheckpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ kind: 'dailyLogin', otp }).toString(),
      });
      expect(response.status).toBe(200);
      return response.text();
    };

    for (let failure = 1; failure <= 4; failure += 1) {
      const page = await post(wrongCodeAt(key, nowMs));
      expect(page).toContain('data-outcome="failure"');
      expect(page).toContain(`data-attempts-left="${5 - failure}"`);
      expect(page).toContain(CHECKPOINT_MESSAGES.mismatch(5 - failure));
    }
    const locked = await post(wrongCodeAt(key, nowMs));
    expect(locked).toContain('data-outcome="locked"');
    expect(locked).toContain(CHECKPOINT_MESSAGES.locked);
    expect(locked).toContain(`/identity/phone?next=${encodeURIComponent(DEMO_PATHS.dailyCheckpoint)}`);
    const stillLocked = await client.verifyDaily(totpCodeAt(key, nowMs).code);
    expect(stillLocked.body).toMatchObject({ outcome: 'locked', reason: 'locked' });
    expect(await client.page(DEMO_PATHS.dailyCheckpoint)).toContain('data-outcome="locked"');
    expect((await client.state()).lastDailyLoginDay).toBeNull();
  });

  it('refuses a code already spent on another check, and shows success with a link without JavaScript', async () => {
    const lms = await start(true);
    const client = new Client(lms.url);
    await client.signIn(coursePath('c103'));
    const key = await client.enroll();
    const code = totpCodeAt(key, nowMs).code;
    // The verify API stays reachable: spend this step's code on the entry check.
    const entry = await client.fetch(DEMO_PATHS.verifyApi, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ courseId: 'c101', kind: 'entry', code }),
    });
    expect(((await entry.json()) as VerifyResponseBody).outcome).toBe('success');
    const replay = await client.verifyDaily(code);
    expect(replay.body).toMatchObject({ outcome: 'failure', reason: 'replayed', attemptsLeft: 4 });

    nowMs += 60_000;
    const response = await client.fetch(DEMO_PATHS.dailyCheckpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ kind: 'dailyLogin', otp: totpCodeAt(key, nowMs).code }).toString(),
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('data-outcome="success"');
    expect(page).toContain(CHECKPOINT_MESSAGES.success);
    expect(page).toContain(
      `<a class="button" href="${coursePath('c103')}">${CHECKPOINT_MESSAGES.successLink}</a>`,
    );
    expect((await client.state()).lastDailyLoginDay).toBe('2025-03-03');
  });

  it('leaves the HRD site alone', async () => {
    const lms = await start(true);
    const client = new Client(lms.hrdUrl);
    expect(await client.signIn()).toBe(DEMO_PATHS.courses);
    expect(await client.goes(coursePath('h201'))).not.toBe(DEMO_PATHS.dailyCheckpoint);
    const daily = await client.fetch(DEMO_PATHS.dailyCheckpoint);
    expect(daily.status).toBe(404);
    await daily.arrayBuffer();
  });
});
