import { afterEach, describe, expect, it } from 'vitest';
import {
  ANSWER_TIMEOUT_MS,
  applyObservation,
  findUnshownAttempt,
  mergedFacts,
  type ObservationSource,
  readTab,
  recordCheckpointFrame,
} from '@/lib/background/hrd-attempts';
import type { PageFacts } from '@/lib/checkpoints/detect';
import { type CompanionDb, countersKey, type EventRecord, openCompanionDb } from '@/lib/db/schema';
import { markNoticeShown } from '@/lib/db/tabs';
import { parseRequestFields, requestFacts } from '@/lib/hrd/answers';
import type { ForwardedObservation } from '@/lib/messaging/protocol';
import { HRD_MOTP_PROFILE } from '@/lib/profiles/bundled';

const PROFILE = HRD_MOTP_PROFILE;
const ORIGIN = 'http://127.0.0.4:8610';
const OTHER_ORIGIN = 'http://127.0.0.5:8610';
const ACCREDIT = 'https://emonotp.hrdkorea.or.kr/api/v2/otp_accredit';
const RESET = 'https://emonotp.hrdkorea.or.kr/api/v2/user_reset';
const STATUS = 'https://fds.hrdkorea.or.kr/fdsService/hrdOTP/JSP/clientService/chkOtpDeviceStatus.jsp';
const RESULT = 'https://fds.hrdkorea.or.kr/fdsService/hrdOTP/JSP/validateOtp/chkOtpResult.jsp';
const TRAINEE = '01012345678';
const T = 1_700_000_000_000;

const TAB: ObservationSource = { tabId: 7, frameId: 0, origin: ORIGIN, topOrigin: ORIGIN, openerTabId: null };

const FACTS: PageFacts = {
  profileId: PROFILE.id,
  ruleId: 'hrd-loader',
  kind: 'entry',
  mode: 'hrdMotp',
  courseId: 'c42',
  courseTitle: '전기기능사 실기',
  session: null,
  traineeName: null,
  traineePhone: null,
  pageAttemptsLeft: null,
};

const opened: CompanionDb[] = [];
let dbCounter = 0;

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete({ disableAutoOpen: false }).catch(() => undefined);
  }
});

function freshDb(): CompanionDb {
  dbCounter += 1;
  const db = openCompanionDb(`hrd-attempts-${dbCounter}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  return db;
}

const request = (
  id: number,
  body = 'EVAL_CD=00&CLASS_TME=00&OTPNO=123456',
  url = ACCREDIT,
): ForwardedObservation => ({
  kind: 'request',
  id,
  url,
  facts: requestFacts(parseRequestFields(url, body)),
});
const answer = (id: number, body: string, url = ACCREDIT, status = 200): ForwardedObservation => ({
  kind: 'answer',
  id,
  url,
  status,
  body,
});
const v2 = (code: string, msg = '') => JSON.stringify({ code, msg });

function harness(db = freshDb()) {
  const apply = (observation: ForwardedObservation, now: number, pageId = 'page-1', source = TAB) =>
    applyObservation(db, source, PROFILE, pageId, observation, TRAINEE, now);
  const counters = async (trainee = TRAINEE) =>
    db.counters.get(countersKey({ profileId: PROFILE.id, origin: ORIGIN, trainee }));
  const events = async (type?: EventRecord['type']) =>
    (await db.events.orderBy('id').toArray()).filter((event) => !type || event.type === type);
  return { db, apply, counters, events };
}

describe('one attempt, one history entry', () => {
  it('a request carrying a code, then AP001: one failure, one wrong code', async () => {
    const h = harness();
    await h.apply(request(1), T);
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({ key: 'page-1:1', outcome: 'pending' });
    // Until the answer, the code already counts.
    expect(await h.counters()).toMatchObject({ wrongCodes: 1, codesLocked: false });
    expect(await h.events('codeSubmitted')).toHaveLength(0);

    const result = await h.apply(answer(1, v2('AP001', '인증번호 불일치')), T + 300);
    expect(result.changed).toBe(true);
    expect(await h.counters()).toMatchObject({ wrongCodes: 1, codesLocked: false });
    const events = await h.events('codeSubmitted');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'failure', attemptsLeft: 4, profileId: PROFILE.id, at: T });
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({
      outcome: 'failure',
      authority: 'answer',
      message: '인증번호 불일치',
    });
  });

  it('a request without a code (status, logging) is no attempt', async () => {
    const h = harness();
    await h.apply(request(1, 'USER_TEL=01012345678', STATUS), T);
    await h.apply(request(2, 'EVAL_CD=00'), T);
    expect((await h.db.tabs.get(7))?.attempt).toBeNull();
    expect(await h.counters()).toBeUndefined();
  });

  it('the same answer seen twice (a replay) counts once', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply(answer(1, v2('AP001')), T + 100);
    await h.apply(request(1), T + 150);
    await h.apply(answer(1, v2('AP001')), T + 200);
    expect(await h.counters()).toMatchObject({ wrongCodes: 1 });
    expect(await h.events('codeSubmitted')).toHaveLength(1);
  });

  it('a reload after the answer: the next page’s unanswered request expires to unknown and still counts', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply(answer(1, v2('AP001')), T + 200);
    // The page reloaded; the new page (a new page id, its request ids start again) sent a code.
    await h.apply(request(1), T + 5_000, 'page-2');
    expect(await h.counters()).toMatchObject({ wrongCodes: 2 });
    expect((await readTab(h.db, PROFILE, 7, T + 5_000 + ANSWER_TIMEOUT_MS - 1))?.attempt?.outcome).toBe(
      'pending',
    );
    expect(await h.events('codeSubmitted')).toHaveLength(1);

    const tab = await readTab(h.db, PROFILE, 7, T + 5_000 + ANSWER_TIMEOUT_MS);
    expect(tab?.attempt).toMatchObject({ key: 'page-2:1', outcome: 'unknown' });
    expect(await h.counters()).toMatchObject({ wrongCodes: 2 });
    const events = await h.events('codeSubmitted');
    expect(events.map((e) => [e.outcome, e.attemptsLeft])).toEqual([
      ['failure', 4],
      ['unknown', 3],
    ]);
    // Reading again writes nothing more.
    await readTab(h.db, PROFILE, 7, T + 60_000);
    expect(await h.events('codeSubmitted')).toHaveLength(2);
  });

  it('an expired attempt is written down before the next request starts its own', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply(request(1), T + ANSWER_TIMEOUT_MS + 1, 'page-2');
    const events = await h.events('codeSubmitted');
    expect(events.map((e) => e.outcome)).toEqual(['unknown']);
    expect(await h.counters()).toMatchObject({ wrongCodes: 2 });
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({ key: 'page-2:1', outcome: 'pending' });
  });

  it('a late answer corrects the unknown entry in place', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await readTab(h.db, PROFILE, 7, T + ANSWER_TIMEOUT_MS);
    expect((await h.events('codeSubmitted')).map((e) => e.outcome)).toEqual(['unknown']);
    await h.apply(answer(1, v2('200', '인증 성공')), T + ANSWER_TIMEOUT_MS + 50);
    expect((await h.events('codeSubmitted')).map((e) => e.outcome)).toEqual(['success']);
    expect(await h.counters()).toMatchObject({ wrongCodes: 0 });
  });

  it('an answer whose request went unseen is still one attempt', async () => {
    const h = harness();
    await h.apply(answer(4, v2('AP001')), T);
    expect(await h.counters()).toMatchObject({ wrongCodes: 1 });
    const events = await h.events('codeSubmitted');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'failure', attemptsLeft: 4 });
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({ key: 'page-1:4', outcome: 'failure' });
  });

  it('an unreadable answer whose request went unseen is nothing', async () => {
    const h = harness();
    await h.apply(answer(4, '{"code":'), T);
    await h.apply(answer(5, v2('AP001'), ACCREDIT, 404), T);
    expect(await h.events()).toEqual([]);
    expect(await h.counters()).toMatchObject({ wrongCodes: 0 });
  });

  it('a failed request (no answer) is unknown at once, and still counts', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply({ kind: 'failed', id: 1, url: ACCREDIT }, T + 20);
    expect((await h.db.tabs.get(7))?.attempt?.outcome).toBe('unknown');
    expect(await h.counters()).toMatchObject({ wrongCodes: 1 });
    expect((await h.events('codeSubmitted')).map((e) => e.outcome)).toEqual(['unknown']);
  });

  it('an outage answer (HTTP 503) costs no attempt', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply(answer(1, 'Service Unavailable', ACCREDIT, 503), T + 100);
    expect(await h.counters()).toMatchObject({ wrongCodes: 0 });
    expect((await h.events('codeSubmitted')).map((e) => e.outcome)).toEqual(['unavailable']);
    expect(await h.events('verifierUnavailable')).toHaveLength(1);
    expect((await h.db.tabs.get(7))?.device).toBe('serviceDown');
  });
});

describe('the lock', () => {
  async function fourWrong(h: ReturnType<typeof harness>) {
    for (let id = 1; id <= 4; id += 1) {
      await h.apply(request(id), T + id * 1_000);
      await h.apply(answer(id, v2('AP001')), T + id * 1_000 + 100);
    }
    expect(await h.counters()).toMatchObject({ wrongCodes: 4, codesLocked: false });
  }

  it('“5회 오류…” before the answer, then AP009: locked, one entry, one codesLocked', async () => {
    const h = harness();
    await fourWrong(h);
    await h.apply(request(5), T + 10_000);
    await h.apply({ kind: 'dialog', text: '5회 오류가 발생하였습니다. mOTP인증이 잠겼습니다.' }, T + 10_100);
    expect(await h.counters()).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({ outcome: 'locked', authority: 'dialog' });

    await h.apply(answer(5, v2('AP009', '5회 오류')), T + 10_200);
    expect(await h.counters()).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({ outcome: 'locked', authority: 'answer' });
    const submitted = await h.events('codeSubmitted');
    expect(submitted).toHaveLength(5);
    expect(submitted[4]).toMatchObject({ outcome: 'locked', attemptsLeft: 0 });
    expect(await h.events('codesLocked')).toHaveLength(1);
    expect((await h.db.tabs.get(7))?.device).toBe('locked');
  });

  it('“5회 오류…” before the answer of a request that went unseen: still one entry', async () => {
    const h = harness();
    await recordCheckpointFrame(h.db, TAB, PROFILE, FACTS, TRAINEE, T);
    await fourWrong(h);
    // Minutes later: the alert speaks of a new attempt, not of the fourth.
    await h.apply({ kind: 'dialog', text: '5회 오류가 발생하였습니다. mOTP인증이 잠겼습니다.' }, T + 300_000);
    expect(await h.events('codeSubmitted')).toHaveLength(5);
    expect(await h.counters()).toMatchObject({ wrongCodes: 5, codesLocked: true });
    await h.apply(answer(5, v2('AP009')), T + 300_100);
    expect(await h.events('codeSubmitted')).toHaveLength(5);
    expect(await h.events('codesLocked')).toHaveLength(1);
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({ outcome: 'locked', authority: 'answer' });
  });

  it('a mismatch alert before the answer of an unseen request: one entry, one wrong code', async () => {
    const h = harness();
    await recordCheckpointFrame(h.db, TAB, PROFILE, FACTS, TRAINEE, T);
    await h.apply({ kind: 'dialog', text: '인증번호가 일치하지 않습니다. 다시 입력 하세요.' }, T);
    expect(await h.counters()).toMatchObject({ wrongCodes: 1 });
    await h.apply(answer(3, v2('AP001', '불일치')), T + 50);
    await h.apply(answer(3, v2('AP001', '불일치')), T + 60);
    expect(await h.counters()).toMatchObject({ wrongCodes: 1 });
    const submitted = await h.events('codeSubmitted');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ outcome: 'failure', attemptsLeft: 4 });
    expect((await h.db.tabs.get(7))?.attempt).toMatchObject({
      key: 'page-1:3',
      authority: 'answer',
      message: '불일치',
    });
  });

  it('an outage alert after AP001 changes nothing', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply(answer(1, v2('AP001')), T + 100);
    const result = await h.apply({ kind: 'dialog', text: 'OTP 장애가 발생했습니다' }, T + 200);
    expect(result.changed).toBe(false);
    expect(await h.counters()).toMatchObject({ wrongCodes: 1 });
    expect((await h.events('codeSubmitted')).map((e) => e.outcome)).toEqual(['failure']);
    expect(await h.events('verifierUnavailable')).toHaveLength(0);
  });

  it('user_reset 200 clears the lock and logs lockReset', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply(answer(1, v2('AP009')), T + 100);
    expect(await h.counters()).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(await h.events('codesLocked')).toHaveLength(1);

    await h.apply(request(2, 'USER_NM=홍길동&USER_TEL=010-1234-5678', RESET), T + 60_000);
    await h.apply(answer(2, v2('200'), RESET), T + 60_100);
    expect(await h.counters()).toMatchObject({ wrongCodes: 0, codesLocked: false });
    expect(await h.events('lockReset')).toHaveLength(1);
    expect((await h.db.tabs.get(7))?.device).toBe('ready');
    // The reset is no attempt.
    expect(await h.events('codeSubmitted')).toHaveLength(1);
  });

  it('counts stay with the exact origin: another origin of the profile neither shares nor clears them', async () => {
    const h = harness();
    const other: ObservationSource = { ...TAB, origin: OTHER_ORIGIN, topOrigin: OTHER_ORIGIN };
    const countersAt = (origin: string) =>
      h.db.counters.get(countersKey({ profileId: PROFILE.id, origin, trainee: TRAINEE }));
    await h.apply(request(1), T);
    await h.apply(answer(1, v2('AP009')), T + 100);
    expect(await countersAt(ORIGIN)).toMatchObject({ wrongCodes: 5, codesLocked: true });
    // The same tab navigated to the profile's other origin, which answers a wrong code and a reset.
    await h.apply(request(1), T + 1_000, 'page-2', other);
    await h.apply(answer(1, v2('AP001')), T + 1_100, 'page-2', other);
    await h.apply(request(2, 'USER_NM=홍길동&USER_TEL=010-1234-5678', RESET), T + 2_000, 'page-2', other);
    await h.apply(answer(2, v2('200'), RESET), T + 2_100, 'page-2', other);
    expect(await countersAt(OTHER_ORIGIN)).toMatchObject({ wrongCodes: 0, codesLocked: false });
    expect(await countersAt(ORIGIN)).toMatchObject({ wrongCodes: 5, codesLocked: true });
  });

  it('a lesson player’s frame on another host counts at the tab’s address: the LMS’s own reset lifts it', async () => {
    const h = harness();
    const playerFrame: ObservationSource = { ...TAB, frameId: 3, origin: OTHER_ORIGIN, topOrigin: ORIGIN };
    await h.apply(request(1), T, 'frame-1', playerFrame);
    await h.apply(answer(1, v2('AP009')), T + 100, 'frame-1', playerFrame);
    expect(await h.counters()).toMatchObject({ wrongCodes: 5, codesLocked: true });
    // The LMS's identity verification page, the tab's own top frame, calls user_reset.
    await h.apply(request(2, 'USER_NM=홍길동&USER_TEL=010-1234-5678', RESET), T + 60_000, 'page-2');
    await h.apply(answer(2, v2('200'), RESET), T + 60_100, 'page-2');
    expect(await h.counters()).toMatchObject({ wrongCodes: 0, codesLocked: false });
    expect(await h.db.counters.count()).toBe(1);
  });

  it('a failed reset (AP010) keeps the lock and logs nothing', async () => {
    const h = harness();
    await h.apply(request(1), T);
    await h.apply(answer(1, v2('AP009')), T + 100);
    await h.apply(answer(2, v2('AP010'), RESET), T + 60_000);
    expect(await h.counters()).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(await h.events('lockReset')).toHaveLength(0);
  });

  it('a reset with nothing to clear logs no lockReset', async () => {
    const h = harness();
    await h.apply(answer(1, v2('200'), RESET), T);
    expect(await h.events('lockReset')).toHaveLength(0);
  });
});

describe('device status (v1)', () => {
  const status = (conn: string, otp: string, errCnt: string) =>
    `<result><ConnStatus>${conn}</ConnStatus><OtpStatus>${otp}</OtpStatus><ErrCnt>${errCnt}</ErrCnt></result>`;

  it('sets the count to HRD’s exactly, from none', async () => {
    const h = harness();
    await h.apply(request(1, 'USER_TEL=01012345678', STATUS), T);
    await h.apply(answer(1, status('101', '101', '3'), STATUS), T + 100);
    expect(await h.counters()).toMatchObject({ wrongCodes: 3, codesLocked: false });
    expect(await h.events()).toEqual([]);
    expect((await h.db.tabs.get(7))?.device).toBe('ready');
  });

  it('corrects a stricter count left by answers that never came', async () => {
    const h = harness();
    for (let id = 1; id <= 4; id += 1) {
      await h.apply(request(id), T + id * 20_000, `page-${id}`);
      await readTab(h.db, PROFILE, 7, T + id * 20_000 + ANSWER_TIMEOUT_MS);
    }
    expect(await h.counters()).toMatchObject({ wrongCodes: 4 });
    await h.apply(answer(9, status('101', '101', '3'), STATUS), T + 200_000, 'page-9');
    expect(await h.counters()).toMatchObject({ wrongCodes: 3, codesLocked: false });
    expect(await h.events('codeSubmitted')).toHaveLength(4);
  });

  it('OtpStatus 102 is the lock', async () => {
    const h = harness();
    await h.apply(answer(1, status('101', '102', '5'), STATUS), T);
    expect(await h.counters()).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect((await h.db.tabs.get(7))?.device).toBe('locked');
  });

  it('v1 chkOtpResult ErrCnt is the count', async () => {
    const h = harness();
    await h.apply(request(1, 'OTPNO=123456', RESULT), T);
    await h.apply(answer(1, '<result><RetVal>102</RetVal><ErrCnt>3</ErrCnt></result>', RESULT), T + 100);
    expect(await h.counters()).toMatchObject({ wrongCodes: 3 });
    expect((await h.events('codeSubmitted'))[0]).toMatchObject({ outcome: 'failure', attemptsLeft: 2 });
  });
});

describe('findUnshownAttempt', () => {
  const POPUP: ObservationSource = {
    tabId: 8,
    frameId: 0,
    origin: ORIGIN,
    topOrigin: ORIGIN,
    openerTabId: 7,
  };

  async function attemptIn(h: ReturnType<typeof harness>, source: ObservationSource) {
    await recordCheckpointFrame(h.db, source, PROFILE, FACTS, TRAINEE, T);
    await h.apply(request(1), T + 100, 'popup-page', source);
    await h.apply(answer(1, v2('200')), T + 200, 'popup-page', source);
  }

  it('finds the popup’s attempt from the tab that opened it', async () => {
    const h = harness();
    await attemptIn(h, POPUP);
    const found = await findUnshownAttempt(h.db, 7, ORIGIN, T + 1_000);
    expect(found?.tabId).toBe(8);
    expect(found?.attempt?.outcome).toBe('success');
    // On another origin too: the opener names it.
    expect((await findUnshownAttempt(h.db, 7, OTHER_ORIGIN, T + 1_000))?.tabId).toBe(8);
  });

  it('finds it by origin when the browser named no opener, never on another origin', async () => {
    const h = harness();
    await attemptIn(h, { ...POPUP, openerTabId: null });
    expect((await findUnshownAttempt(h.db, 7, ORIGIN, T + 1_000))?.tabId).toBe(8);
    expect(await findUnshownAttempt(h.db, 7, OTHER_ORIGIN, T + 1_000)).toBeNull();
  });

  it('finds the tab’s own attempt first', async () => {
    const h = harness();
    await attemptIn(h, POPUP);
    await h.apply(request(1), T + 500, 'course-page', TAB);
    expect((await findUnshownAttempt(h.db, 7, ORIGIN, T + 1_000))?.tabId).toBe(7);
  });

  it('not once the notice was shown, nor long after', async () => {
    const h = harness();
    await attemptIn(h, POPUP);
    expect(await findUnshownAttempt(h.db, 7, ORIGIN, T + 10 * 60_000)).toBeNull();
    await markNoticeShown(h.db, 8, T + 1_000);
    expect(await findUnshownAttempt(h.db, 7, ORIGIN, T + 1_100)).toBeNull();
    expect(await findUnshownAttempt(h.db, 8, ORIGIN, T + 1_100)).toBeNull();
  });

  it('a new attempt after the notice is unshown again', async () => {
    const h = harness();
    await attemptIn(h, POPUP);
    await markNoticeShown(h.db, 8, T + 1_000);
    await h.apply(request(2), T + 2_000, 'popup-page', POPUP);
    expect((await findUnshownAttempt(h.db, 7, ORIGIN, T + 2_100))?.attempt?.key).toBe('popup-page:2');
  });
});

describe('fill-routing facts from the page’s own request', () => {
  it('EVAL_CD 01 with CLASS_TME 9 is session 9', async () => {
    const h = harness();
    await recordCheckpointFrame(h.db, TAB, PROFILE, FACTS, TRAINEE, T);
    await h.apply(request(1, 'EVAL_CD=01&CLASS_TME=9&OTPNO=123456'), T + 100);
    const tab = await h.db.tabs.get(7);
    expect(tab?.requestFacts).toMatchObject({ kind: 'session', session: 9 });
    const merged = mergedFacts(tab ?? null, FACTS);
    expect(merged).toMatchObject({ kind: 'session', session: 9, courseId: 'c42' });

    await h.apply(answer(1, v2('200')), T + 200);
    const submitted = await h.events('codeSubmitted');
    expect(submitted[0]).toMatchObject({ kind: 'session', session: 9, courseId: 'c42', outcome: 'success' });
  });

  it('an assessment’s CLASS_TME is not a session, and the page’s session gives way', async () => {
    const h = harness();
    await h.apply(request(1, 'EVAL_CD=02&CLASS_TME=2&OTPNO=123456'), T);
    const merged = mergedFacts((await h.db.tabs.get(7)) ?? null, { ...FACTS, kind: 'session', session: 4 });
    expect(merged).toMatchObject({ kind: 'exam', session: null });
  });

  it('without request facts the page’s facts stand', () => {
    expect(mergedFacts(null, FACTS)).toBe(FACTS);
  });

  it('a request with USER_TEL keys the counters by that phone, normalized', async () => {
    const h = harness();
    await h.apply(request(1, 'EVAL_CD=00&USER_NM=홍길동&USER_TEL=010-9876-5432&OTPNO=123456'), T);
    await h.apply(answer(1, v2('AP001')), T + 100);
    expect(await h.counters('01098765432')).toMatchObject({ wrongCodes: 1 });
    expect(await h.counters(TRAINEE)).toBeUndefined();
    const tab = await h.db.tabs.get(7);
    expect(tab?.trainee).toBe('01098765432');
    expect(mergedFacts(tab ?? null, FACTS)).toMatchObject({
      traineeName: '홍길동',
      traineePhone: '010-9876-5432',
    });
  });
});
