import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assessmentApiPath,
  assessmentPath,
  DEMO_PATHS,
  type DemoLms,
  entryCheckpointPath,
  learnPath,
  lessonPath,
  type SessionInfoBody,
  sessionApiPath,
  startDemoLms,
  type TraineeStateBody,
  type VerifyResponseBody,
} from '../../demo/server/app';
import { DemoClient, withoutTemplates, wrongCodeAt } from '../../demo/testing/demo-client';
import type { ParsedKeyUri } from '../../lib/otp/key-uri';
import { totpCodeAt } from '../../lib/otp/totp';

/** Mid-step, so moving ±30 s stays inside known steps. */
const START = Date.UTC(2025, 2, 3, 0, 0, 30);
const STEP_MS = 60_000;

let dataDir: string;
let nowMs: number;
let servers: DemoLms[];

async function start(): Promise<DemoLms> {
  const lms = await startDemoLms({ port: 0, dataDir, now: () => nowMs, log: () => undefined });
  servers.push(lms);
  return lms;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-progress-'));
  nowMs = START;
  servers = [];
});

afterEach(async () => {
  await Promise.all(servers.map((lms) => lms.close()));
  await rm(dataDir, { recursive: true, force: true });
});

/** A signed-in, enrolled trainee on the demo LMS. */
async function trainee(lms: DemoLms): Promise<{ client: DemoClient; key: ParsedKeyUri }> {
  const client = new DemoClient(lms.url);
  await client.login();
  return { client, key: await client.enroll() };
}

/** The current code, after moving the clock to a fresh step so the last accepted one is not replayed. */
function freshCode(key: ParsedKeyUri): string {
  nowMs += STEP_MS;
  return totpCodeAt(key, nowMs).code;
}

/** A code the verifier refuses at the suite's clock. */
function wrongCode(key: ParsedKeyUri): string {
  return wrongCodeAt(key, nowMs);
}

function verify(client: DemoClient, body: Record<string, unknown>) {
  return client.postJson<VerifyResponseBody>(DEMO_PATHS.verifyApi, { courseId: 'c101', ...body });
}

async function state(client: DemoClient): Promise<TraineeStateBody> {
  const { status, body } = await client.getJson<TraineeStateBody>(DEMO_PATHS.traineeStateApi);
  expect(status).toBe(200);
  return body;
}

/** Which sessions of c101 the sessions API says need a check. */
async function askingSessions(client: DemoClient): Promise<number[]> {
  const asking: number[] = [];
  for (let n = 1; n <= 20; n += 1) {
    const { status, body } = await client.getJson<SessionInfoBody>(sessionApiPath('c101', n));
    expect(status).toBe(200);
    expect(body.session).toBe(n);
    expect(body.kind).toBe(body.requiresCheck ? 'session' : null);
    if (body.requiresCheck) asking.push(n);
  }
  return asking;
}

describe('demo LMS: course progress and the session check', () => {
  it('follows the rule over a whole course: entry → 1; 9 asks; passed at 9, 10–16 do not and 17 asks', async () => {
    const lms = await start();
    const { client, key } = await trainee(lms);

    const before = await client.getJson<VerifyResponseBody & { next?: string }>(sessionApiPath('c101', 1));
    expect(before).toEqual({
      status: 403,
      body: expect.objectContaining({ error: 'entryRequired', next: entryCheckpointPath('c101') }),
    });
    expect((await state(client)).courses.c101).toEqual({ lastVerifiedSession: null });

    expect((await verify(client, { kind: 'entry', code: totpCodeAt(key, nowMs).code })).body.outcome).toBe(
      'success',
    );
    expect((await state(client)).courses.c101).toEqual({ lastVerifiedSession: 1 });
    expect(await askingSessions(client)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect((await client.getJson<SessionInfoBody>(sessionApiPath('c101', 9))).body).toEqual({
      session: 9,
      title: '화학물질 안전관리 (1)',
      requiresCheck: true,
      kind: 'session',
      attemptsLeft: 5,
      locked: false,
    });

    // A session that needs no check refuses a code without looking at it or counting it.
    const notDue = await verify(client, { kind: 'session', session: 5, code: freshCode(key) });
    expect(notDue).toEqual({
      status: 409,
      body: {
        outcome: 'error',
        error: 'checkNotRequired',
        message: '이 차시는 본인인증이 필요하지 않습니다.',
      },
    });
    // A wrong code at 9 counts and moves nothing.
    const wrong = await verify(client, { kind: 'session', session: 9, code: wrongCode(key) });
    expect(wrong.body).toMatchObject({ outcome: 'failure', reason: 'mismatch', attemptsLeft: 4 });
    expect((await state(client)).courses.c101).toEqual({ lastVerifiedSession: 1 });

    const at9 = await verify(client, { kind: 'session', session: 9, code: freshCode(key) });
    expect(at9.body).toEqual({
      outcome: 'success',
      message: '본인인증이 완료되었습니다.',
      reason: 'accepted',
      attemptsLeft: 5,
      locked: false,
      checkpointId: 'c101:session:9',
      next: learnPath('c101', 9),
    });
    expect((await state(client)).courses.c101).toEqual({ lastVerifiedSession: 9 });
    expect(await askingSessions(client)).toEqual([17, 18, 19, 20]);

    expect((await verify(client, { kind: 'session', session: 17, code: freshCode(key) })).body.outcome).toBe(
      'success',
    );
    expect(await askingSessions(client)).toEqual([]);
    const after = await state(client);
    expect(after.courses).toEqual({
      c101: { lastVerifiedSession: 17 },
      c102: { lastVerifiedSession: null },
      c103: { lastVerifiedSession: null },
    });
    expect(after.verifiedCheckpoints).toEqual(['c101:entry', 'c101:session:9', 'c101:session:17']);
    expect(after.failures).toBe(0);
  });

  it('keeps progress across a restart', async () => {
    const lms = await start();
    const { client, key } = await trainee(lms);
    await verify(client, { kind: 'entry', code: totpCodeAt(key, nowMs).code });
    expect((await verify(client, { kind: 'session', session: 9, code: freshCode(key) })).body.outcome).toBe(
      'success',
    );
    await lms.close();

    const restarted = await start();
    const again = new DemoClient(restarted.url);
    await again.login();
    expect((await state(again)).courses.c101).toEqual({ lastVerifiedSession: 9 });
    expect((await again.getJson<SessionInfoBody>(sessionApiPath('c101', 16))).body.requiresCheck).toBe(false);
    expect((await again.getJson<SessionInfoBody>(sessionApiPath('c101', 17))).body.requiresCheck).toBe(true);
    const page = withoutTemplates(await again.page(learnPath('c101', 17)));
    expect(page).toContain('<div class="otp-box" id="session-check"');
  });

  it('renders the lesson player server-side in the state the API describes', async () => {
    const lms = await start();
    const { client, key } = await trainee(lms);

    const gated = await client.fetch(learnPath('c101', 2));
    expect(gated.status).toBe(302);
    expect(gated.headers.get('location')).toBe(entryCheckpointPath('c101'));
    await verify(client, { kind: 'entry', code: totpCodeAt(key, nowMs).code });

    const lessonResponse = await client.fetch(`${learnPath('c101', 2)}&popupAfterMs=200`);
    expect(lessonResponse.status).toBe(200);
    const raw = await lessonResponse.text();
    const lesson = withoutTemplates(raw);
    expect(lesson).toContain(`<meta name="lms-server-time" content="${nowMs}">`);
    expect(lesson).toContain('<h1 class="course-title">산업안전관리 실무</h1>');
    expect(lesson).toContain('<nav class="session-list" aria-label="차시 목록">');
    const links = [
      ...lesson.matchAll(/<a href="\/courses\/c101\/learn\?session=(\d+)" data-session="(\d+)"([^>]*)>/g),
    ];
    expect(links.map((match) => Number(match[1]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(links.every((match) => match[1] === match[2])).toBe(true);
    expect(lesson).toContain(
      '<a class="button pager-prev" href="/courses/c101/learn?session=1" data-session="1">이전 차시</a>',
    );
    expect(lesson).toContain(
      '<a class="button pager-next" href="/courses/c101/learn?session=3" data-session="3">다음 차시</a>',
    );
    expect(links.filter((match) => match[3]?.includes('aria-current="page"')).map((m) => m[1])).toEqual([
      '2',
    ]);
    expect(lesson).toContain('<section id="player" aria-live="polite"');
    expect(lesson).toContain('<article class="lesson" data-session="2"');
    expect(lesson).toMatch(
      /<h2 class="lesson-title"[^>]*><span class="session-number">2<\/span>차시: <span class="lesson-name">산업안전보건법의 이해 \(2\)<\/span><\/h2>/,
    );
    expect(lesson).toContain('>재생</button>');
    expect(lesson).toContain('<progress class="video-progress"');
    expect(lesson).not.toContain('id="otp-form"');
    expect(lesson).toContain('"popupAfterMs":200');
    // The templates the script clones hold the check's markup, outside the document tree.
    expect(raw).toContain('<template id="tpl-session-check">');
    expect(raw).toContain('<template id="tpl-video-check">');
    const nonce = /<script nonce="([^"]+)">/.exec(raw)?.[1];
    expect(lessonResponse.headers.get('content-security-policy')).toContain(`script-src 'nonce-${nonce}'`);

    const check = withoutTemplates(await client.page(learnPath('c101', 9)));
    expect(check.match(/id="otp-form"/g)).toHaveLength(1);
    expect(check).toContain(
      '<div class="otp-box" id="session-check" role="group" aria-labelledby="otp-box-title">',
    );
    expect(check).toContain('<p class="otp-box-lead otp-lead">매 8회차 초과시 본인인증 절차입니다.</p>');
    expect(check).toContain(
      '<p class="session-label">현재 차시: <span class="session-number">9</span>차시</p>',
    );
    expect(check).toContain('<input type="hidden" name="kind" value="session">');
    expect(check).toContain('<input type="hidden" name="session" value="9">');
    expect(check).toContain('<td class="trainee-name">홍길동</td><td class="trainee-phone">01012345678</td>');
    expect(check).toContain('<p class="otp-attempts" id="otp-attempts">남은 횟수: 5회</p>');
    expect(check).not.toContain('class="lesson"');

    // The default session, unknown sessions and the old lesson address.
    expect(withoutTemplates(await client.page(learnPath('c101')))).toContain(
      'data-session="1" aria-current="page"',
    );
    expect((await client.fetch(learnPath('c101', 21))).status).toBe(404);
    expect((await client.fetch(`${learnPath('c101')}?session=x`)).status).toBe(404);
    const old = await client.fetch(lessonPath('c101', 9));
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe(learnPath('c101', 9));
  });

  it('passes the session check through a plain form post too', async () => {
    const lms = await start();
    const { client, key } = await trainee(lms);
    await verify(client, { kind: 'entry', code: totpCodeAt(key, nowMs).code });
    const response = await client.postForm(learnPath('c101', 9), {
      courseId: 'c101',
      kind: 'session',
      session: '9',
      otp: freshCode(key),
    });
    expect(response.status).toBe(200);
    const page = withoutTemplates(await response.text());
    expect(page).toContain(
      'data-outcome="success"><p class="otp-result-message">본인인증이 완료되었습니다.</p>',
    );
    expect((await state(client)).courses.c101).toEqual({ lastVerifiedSession: 9 });
  });

  it('verifies each video pop-up independently, only on sessions that have one', async () => {
    const lms = await start();
    const { client, key } = await trainee(lms);
    await verify(client, { kind: 'entry', code: totpCodeAt(key, nowMs).code });

    for (let round = 0; round < 2; round += 1) {
      const answer = await verify(client, { kind: 'video', session: 3, code: freshCode(key) });
      expect(answer.body).toMatchObject({
        outcome: 'success',
        checkpointId: 'c101:video:3',
        next: learnPath('c101', 3),
      });
    }
    // A replayed pop-up code is refused like any other.
    expect(
      (await verify(client, { kind: 'video', session: 3, code: totpCodeAt(key, nowMs).code })).body,
    ).toMatchObject({
      reason: 'replayed',
    });
    expect((await verify(client, { kind: 'video', session: 4, code: freshCode(key) })).body).toMatchObject({
      error: 'checkNotRequired',
    });
    // Session 11 has a pop-up, but its session check (due since 9) comes first.
    expect(
      await verify(client, { kind: 'video', session: 11, code: totpCodeAt(key, nowMs).code }),
    ).toMatchObject({ status: 409, body: { error: 'sessionCheckRequired' } });
    expect((await state(client)).failures).toBe(1);
  });

  it('shows the verifier count in every box and the identity links once locked', async () => {
    const lms = await start();
    const { client, key } = await trainee(lms);
    const entry = await client.page(entryCheckpointPath('c101'));
    expect(entry).toContain('<p class="otp-attempts" id="otp-attempts">남은 횟수: 5회</p>');
    expect(entry).not.toContain('id="otp-recovery"');
    await verify(client, { kind: 'entry', code: wrongCode(key) });
    expect(await client.page(entryCheckpointPath('c101'))).toContain('남은 횟수: 4회</p>');
    for (let i = 0; i < 4; i += 1) await verify(client, { kind: 'entry', code: wrongCode(key) });
    const locked = await client.page(entryCheckpointPath('c101'));
    expect(locked).toContain('<p class="otp-attempts" id="otp-attempts">남은 횟수: 0회</p>');
    expect(locked).toContain(
      `<a href="/identity/phone?next=${encodeURIComponent(entryCheckpointPath('c101'))}">휴대폰 본인인증</a>`,
    );
    expect(locked).toContain(
      `<a href="/identity/ipin?next=${encodeURIComponent(entryCheckpointPath('c101'))}">아이핀 본인인증</a>`,
    );
  });
});

describe('demo LMS: assessments ask on every visit', () => {
  const LEADS = {
    evaluation: '진행단계 평가 응시 전 본인인증 절차입니다.',
    exam: '시험 응시 전 본인인증 절차입니다.',
    assignment: '과제 제출 전 본인인증 절차입니다.',
  } as const;

  const visitOf = (page: string): string => {
    const token = /<input type="hidden" name="visit" value="([^"]+)">/.exec(page)?.[1];
    if (!token) throw new Error('no visit token');
    return token;
  };

  it.each(['evaluation', 'exam', 'assignment'] as const)('%s', async (kind) => {
    const lms = await start();
    const { client, key } = await trainee(lms);
    expect((await client.fetch(assessmentPath('c101', kind))).headers.get('location')).toBe(
      entryCheckpointPath('c101'),
    );
    await verify(client, { kind: 'entry', code: totpCodeAt(key, nowMs).code });

    const course = await client.page('/courses/c101');
    expect(course).toContain(`href="${assessmentPath('c101', kind)}"`);
    expect(course).toContain(`href="${learnPath('c101')}">강의 듣기</a>`);

    const first = await client.page(assessmentPath('c101', kind));
    expect(first).toContain(
      `<section class="otp-box" id="assessment-check" aria-labelledby="otp-box-title">`,
    );
    expect(first).toContain(`<p class="otp-box-lead otp-lead">${LEADS[kind]}</p>`);
    expect(first).toContain(`<input type="hidden" name="kind" value="${kind}">`);
    expect(first).not.toContain('<section class="assessment');
    const visitA = visitOf(first);
    const content = (visit: string) =>
      client.getJson<{ kind?: string; questions?: unknown[]; upload?: boolean }>(
        `${assessmentApiPath('c101', kind)}?visit=${encodeURIComponent(visit)}`,
      );
    expect((await content(visitA)).status).toBe(403);

    const passed = await verify(client, { kind, visit: visitA, code: freshCode(key) });
    expect(passed.body).toMatchObject({
      outcome: 'success',
      checkpointId: `c101:${kind}`,
      next: assessmentPath('c101', kind),
    });
    const shown = await content(visitA);
    expect(shown.status).toBe(200);
    expect(shown.body.kind).toBe(kind);
    expect(kind === 'assignment' ? shown.body.upload : (shown.body.questions?.length ?? 0) > 0).toBe(true);
    // One success per visit.
    expect((await verify(client, { kind, visit: visitA, code: freshCode(key) })).body).toMatchObject({
      error: 'alreadyVerified',
    });

    // The next visit asks again, and the earlier success does not open it.
    const second = await client.page(assessmentPath('c101', kind));
    const visitB = visitOf(second);
    expect(visitB).not.toBe(visitA);
    expect(second).not.toContain('<section class="assessment');
    expect((await content(visitB)).status).toBe(403);
    // A visit of another assessment or an invented one is refused without counting.
    expect((await verify(client, { kind, visit: 'not-a-visit', code: wrongCode(key) })).body).toMatchObject({
      error: 'visitExpired',
    });
    expect((await state(client)).failures).toBe(0);

    // Through the no-JavaScript form, the content comes with the answer.
    const fallback = await client.postForm(assessmentPath('c101', kind), {
      courseId: 'c101',
      kind,
      visit: visitB,
      otp: freshCode(key),
    });
    const page = await fallback.text();
    expect(page).toContain('data-outcome="success"');
    expect(page).toContain(`<section class="assessment card" data-kind="${kind}"`);
    expect((await content(visitB)).status).toBe(200);
  });

  it('does not let one session use another session’s visit', async () => {
    const lms = await start();
    const { client, key } = await trainee(lms);
    await verify(client, { kind: 'entry', code: totpCodeAt(key, nowMs).code });
    const visit = visitOf(await client.page(assessmentPath('c101', 'exam')));
    const other = new DemoClient(lms.url);
    await other.login();
    expect(
      (
        await other.postJson<VerifyResponseBody>(DEMO_PATHS.verifyApi, {
          courseId: 'c101',
          kind: 'exam',
          visit,
          code: freshCode(key),
        })
      ).body,
    ).toMatchObject({ error: 'visitExpired' });
  });
});
