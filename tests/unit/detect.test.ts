// @vitest-environment happy-dom
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_MESSAGES, HRD_MESSAGES } from '@/demo/server/messages';
import {
  findEnrollmentKeyUri,
  isIdentityVerifiedPage,
  isLmsPage,
  matchCheckpoint,
  readAttemptsLeft,
  readFormResult,
} from '@/lib/checkpoints/detect';
import { DEMO_LMS_PROFILE, HRD_MOTP_PROFILE } from '@/lib/profiles/bundled';
import type { CheckpointRule, InstituteProfile } from '@/lib/profiles/types';
import { closeHtmlParser, parseHtml } from './html-parser';

const ORIGIN = 'http://127.0.0.1:8610';
const ENTRY_PATH = '/courses/c101/checkpoint/entry';
const RULE = DEMO_LMS_PROFILE.checkpoints[0] as CheckpointRule;

interface PageParts {
  readonly marker?: string;
  readonly form?: boolean;
  readonly result?: string;
}

/** The demo LMS's entry checkpoint page, reduced to what the rules read plus some noise. */
function checkpointHtml({
  marker = '최초 과정 입과시 본인인증 절차입니다.',
  form = true,
  result = '',
}: PageParts = {}) {
  return `<!doctype html><html lang="ko"><head><title>산업안전관리 실무 본인인증</title></head><body>
<nav class="breadcrumb"><a href="/courses">나의 강의실</a> › <span>본인인증</span></nav>
<h1 class="course-title">
  산업안전관리   실무
</h1>
<section class="otp-box">
  <h2>데모 원격훈련원 웹 OTP 인증 시스템</h2>
  <p class="otp-box-lead">${marker}</p>
  <table class="trainee-info"><caption>개인정보</caption>
    <thead><tr><th>성명</th><th>휴대폰 번호</th></tr></thead>
    <tbody><tr><td class="trainee-name">홍길동</td><td class="trainee-phone">01012345678</td></tr></tbody>
  </table>
  ${
    form
      ? `<form id="otp-form" method="post" action="${ENTRY_PATH}">
    <label for="otp-code">mOTP 번호</label>
    <input id="otp-code" name="otp" type="text">
    <button id="otp-submit" type="submit">인증하기</button>
  </form>`
      : ''
  }
  <div id="otp-result" role="status">${result}</div>
</section></body></html>`;
}

const parse = parseHtml;
afterAll(closeHtmlParser);
const at = (path: string) => new URL(path, ORIGIN);

describe('matchCheckpoint', () => {
  it('recognises the demo entry checkpoint and reads its facts', () => {
    const match = matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(checkpointHtml()));
    expect(match?.rule.id).toBe('demo-entry');
    expect(match?.facts).toEqual({
      profileId: 'demo-lms',
      ruleId: 'demo-entry',
      kind: 'entry',
      mode: 'webOtp',
      courseId: 'c101',
      courseTitle: '산업안전관리 실무',
      session: null,
      traineeName: '홍길동',
      traineePhone: '01012345678',
      // This reduced page states no count before the first try.
      pageAttemptsLeft: null,
    });
  });

  it('also matches with a query, a hash or a trailing slash', () => {
    for (const path of [`${ENTRY_PATH}?retry=1`, `${ENTRY_PATH}/`, `${ENTRY_PATH}#top`]) {
      const url = at(path);
      // The hash is not part of pathname+search, so it only matters that it does not break the match.
      expect(matchCheckpoint(DEMO_LMS_PROFILE, url, parse(checkpointHtml()))?.facts.courseId, path).toBe(
        'c101',
      );
    }
  });

  it('reads other course ids from the path', () => {
    expect(
      matchCheckpoint(DEMO_LMS_PROFILE, at('/courses/safety-2025/checkpoint/entry'), parse(checkpointHtml()))
        ?.facts.courseId,
    ).toBe('safety-2025');
  });

  it('works with window.location-like objects and the live document', () => {
    document.body.innerHTML = new DOMParser().parseFromString(checkpointHtml(), 'text/html').body.innerHTML;
    const match = matchCheckpoint(DEMO_LMS_PROFILE, { pathname: ENTRY_PATH, search: '' }, document);
    expect(match?.facts.traineeName).toBe('홍길동');
  });

  it('is null on another path', () => {
    for (const path of [
      '/courses/c101',
      '/courses/c101/checkpoint/entryx',
      '/courses/c101/checkpoint/exam',
      '/x/courses/c101/checkpoint/entry',
      '/courses//checkpoint/entry',
      '/',
    ]) {
      expect(matchCheckpoint(DEMO_LMS_PROFILE, at(path), parse(checkpointHtml())), path).toBeNull();
    }
  });

  it('is null without the text marker', () => {
    expect(
      matchCheckpoint(
        DEMO_LMS_PROFILE,
        at(ENTRY_PATH),
        parse(checkpointHtml({ marker: '본인인증 절차입니다.' })),
      ),
    ).toBeNull();
  });

  it('does not take the marker from the title or from attributes', () => {
    const html = checkpointHtml({ marker: '' })
      .replace('<title>', '<title>최초 과정 입과시 본인인증 ')
      .replace('<section class="otp-box">', '<section class="otp-box" data-x="최초 과정 입과시 본인인증">');
    expect(matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(html))).toBeNull();
  });

  it('does not take the marker from a script in the body (markers must be visible text)', () => {
    // CheckpointRule.textMarkers: "Each text must appear in the page's visible text." SPAs often
    // inline all their UI strings as JSON in a <script>, on every page.
    const html = checkpointHtml({ marker: '' }).replace(
      '</body>',
      '<script>window.__STRINGS__ = {"entryLead":"최초 과정 입과시 본인인증 절차입니다."};</script></body>',
    );
    expect(matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(html))).toBeNull();
  });

  it('is null without the form, or without its input or button', () => {
    expect(
      matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(checkpointHtml({ form: false }))),
    ).toBeNull();
    const noInput = checkpointHtml().replace('<input id="otp-code" name="otp" type="text">', '');
    expect(matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(noInput))).toBeNull();
    const noButton = checkpointHtml().replace(/<button id="otp-submit"[^>]*>인증하기<\/button>/, '');
    expect(matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(noButton))).toBeNull();
  });

  it('reports missing trainee cells as null rather than failing', () => {
    const html = checkpointHtml()
      .replace('<td class="trainee-name">홍길동</td>', '<td class="trainee-name">  </td>')
      .replace('<td class="trainee-phone">01012345678</td>', '');
    const match = matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(html));
    expect(match?.facts.traineeName).toBeNull();
    expect(match?.facts.traineePhone).toBeNull();
  });
});

describe('readFormResult', () => {
  const read = (text: string) => readFormResult(RULE, parse(checkpointHtml({ result: text })));

  it('success', () => {
    expect(
      read(
        '<p class="otp-result-message">본인인증이 완료되었습니다.</p><a href="/courses/c101">강의실로 이동</a>',
      ),
    ).toEqual({
      outcome: 'success',
      attemptsLeft: null,
      message: '본인인증이 완료되었습니다.강의실로 이동',
    });
  });

  it('failure with the attempts left', () => {
    expect(read('<p>인증번호가 일치하지 않습니다. (남은 횟수: 3회)</p>')).toEqual({
      outcome: 'failure',
      attemptsLeft: 3,
      message: '인증번호가 일치하지 않습니다. (남은 횟수: 3회)',
    });
  });

  it('a replayed code is a failure too', () => {
    expect(read('이미 사용된 인증번호입니다. 새 번호를 입력하세요. (남은 횟수: 1회)')).toMatchObject({
      outcome: 'failure',
      attemptsLeft: 1,
    });
  });

  it('a failure without a count', () => {
    expect(read('인증번호가 일치하지 않습니다.')).toMatchObject({ outcome: 'failure', attemptsLeft: null });
  });

  it('locked, with 0 attempts', () => {
    expect(read('인증 5회 실패로 잠겼습니다. 휴대폰 본인인증 후 다시 이용하세요.')).toEqual({
      outcome: 'locked',
      attemptsLeft: 0,
      message: '인증 5회 실패로 잠겼습니다. 휴대폰 본인인증 후 다시 이용하세요.',
    });
  });

  it('a page-side refusal is notCounted', () => {
    expect(read('6자리 숫자를 입력하세요.')).toEqual({
      outcome: 'notCounted',
      attemptsLeft: null,
      message: '6자리 숫자를 입력하세요.',
    });
    expect(read('웹 OTP가 발급되지 않았습니다. 먼저 인증키를 발급받으세요.')).toMatchObject({
      outcome: 'notCounted',
    });
  });

  it('a verifier outage is unavailable (no attempt used)', () => {
    expect(read('인증 서버에 일시적인 장애가 발생했습니다. 잠시 후 다시 시도하세요.')).toEqual({
      outcome: 'unavailable',
      attemptsLeft: null,
      message: '인증 서버에 일시적인 장애가 발생했습니다. 잠시 후 다시 시도하세요.',
    });
  });

  it('the outcomes are checked in order: success, locked, failure, notCounted, unavailable', () => {
    // A lock message that also says "일치하지 않습니다" is a lock.
    expect(read('인증번호가 일치하지 않습니다. 인증 5회 실패로 잠겼습니다.')?.outcome).toBe('locked');
    expect(read('이미 사용된 인증번호입니다. 6자리 숫자를 입력하세요.')?.outcome).toBe('failure');
  });

  it('empty, blank or unknown text → null', () => {
    expect(read('')).toBeNull();
    expect(read('   \n ')).toBeNull();
    expect(read('처리 중입니다…')).toBeNull();
  });

  it('null when the page has no result element', () => {
    const html = checkpointHtml().replace('<div id="otp-result" role="status"></div>', '');
    expect(readFormResult(RULE, parse(html))).toBeNull();
  });
});

describe('findEnrollmentKeyUri', () => {
  const KEY_URI =
    'otpauth://totp/%EB%8D%B0%EB%AA%A8:%ED%99%8D%EA%B8%B8%EB%8F%99?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%EB%8D%B0%EB%AA%A8&algorithm=SHA1&digits=6&period=60';
  const enrollHtml = (text: string) =>
    `<html><body><h1>웹 OTP 발급</h1><p class="key-label">인증키 주소</p><code id="otp-key-uri">${text}</code></body></html>`;

  it('finds the key URI on the enrollment page', () => {
    const html = enrollHtml(KEY_URI.replaceAll('&', '&amp;'));
    expect(findEnrollmentKeyUri(DEMO_LMS_PROFILE, at('/otp/enroll'), parse(html))).toBe(KEY_URI);
    expect(findEnrollmentKeyUri(DEMO_LMS_PROFILE, at('/otp/enroll?issued=1'), parse(html))).toBe(KEY_URI);
  });

  it('trims the whitespace around it', () => {
    expect(
      findEnrollmentKeyUri(
        DEMO_LMS_PROFILE,
        at('/otp/enroll'),
        parse(enrollHtml(`\n  ${KEY_URI.replaceAll('&', '&amp;')}\n`)),
      ),
    ).toBe(KEY_URI);
  });

  it('is null on another path', () => {
    const html = enrollHtml(KEY_URI.replaceAll('&', '&amp;'));
    for (const path of ['/otp/enrollment', '/courses/otp/enroll', '/', ENTRY_PATH]) {
      expect(findEnrollmentKeyUri(DEMO_LMS_PROFILE, at(path), parse(html)), path).toBeNull();
    }
  });

  it('is null for text that is not an otpauth URI, or when nothing is issued', () => {
    expect(
      findEnrollmentKeyUri(DEMO_LMS_PROFILE, at('/otp/enroll'), parse(enrollHtml('https://example.com/'))),
    ).toBeNull();
    expect(findEnrollmentKeyUri(DEMO_LMS_PROFILE, at('/otp/enroll'), parse(enrollHtml('')))).toBeNull();
    const empty = '<html><body><p class="empty">발급된 인증키가 없습니다.</p></body></html>';
    expect(findEnrollmentKeyUri(DEMO_LMS_PROFILE, at('/otp/enroll'), parse(empty))).toBeNull();
  });

  it('is null for a profile without an enrollment rule', () => {
    const { enrollment: _enrollment, ...withoutEnrollment } = DEMO_LMS_PROFILE;
    expect(findEnrollmentKeyUri(withoutEnrollment, at('/otp/enroll'), parse(enrollHtml(KEY_URI)))).toBeNull();
  });
});

describe('readAttemptsLeft', () => {
  const demo = RULE.form.attempts;
  const hrd = (HRD_MOTP_PROFILE.checkpoints[0] as CheckpointRule).form.attempts;

  it('reads what is left ("남은 횟수: 3회")', () => {
    expect(readAttemptsLeft(demo, '남은 횟수: 3회')).toBe(3);
    expect(readAttemptsLeft(demo, '인증번호가 일치하지 않습니다. (남은 횟수 1 회)')).toBe(1);
    expect(readAttemptsLeft(demo, '남은 횟수: 0회')).toBe(0);
  });

  it('turns what failed into what is left ("실패 2회 / 5회" → 3)', () => {
    expect(readAttemptsLeft(hrd, 'mOTP 번호가 일치하지 않습니다. (실패 2회 / 5회)')).toBe(3);
    expect(readAttemptsLeft(hrd, '(실패 4회/5회)')).toBe(1);
    expect(readAttemptsLeft(hrd, '실패 5회 / 5회')).toBe(0);
    // More failures than the budget never gives a negative count.
    expect(readAttemptsLeft(hrd, '실패 7회 / 5회')).toBe(0);
  });

  it('is null when the text states no count', () => {
    expect(readAttemptsLeft(demo, '인증번호가 일치하지 않습니다.')).toBeNull();
    expect(readAttemptsLeft(hrd, '남은 횟수: 3회')).toBeNull();
    expect(readAttemptsLeft(demo, '')).toBeNull();
  });
});

/** The demo LMS's box for one kind, reduced to what the rules read (see the fixtures for whole pages). */
function demoBox({ lead, attempts = 5, session }: { lead: string; attempts?: number; session?: number }) {
  return `<p class="otp-box-lead">${lead}</p>
  ${session === undefined ? '' : `<p class="session-label">현재 차시: <span class="session-number">${session}</span>차시</p>`}
  <table class="trainee-info"><tbody><tr><td class="trainee-name">홍길동</td><td class="trainee-phone">01012345678</td></tr></tbody></table>
  <form id="otp-form"><input id="otp-code"><button id="otp-submit">인증하기</button></form>
  <p class="otp-attempts" id="otp-attempts">남은 횟수: ${attempts}회</p>
  <div id="otp-result" role="status"></div>`;
}
const lmsPage = (main: string) =>
  `<html><body><header class="site-header"><a class="brand">데모 원격훈련원</a></header><main><h1 class="course-title">산업안전관리 실무</h1>${main}</main></body></html>`;

describe('page facts', () => {
  it('reads the attempts the page states before any try', () => {
    const html = lmsPage(
      `<section class="otp-box">${demoBox({ lead: '최초 과정 입과시 본인인증 절차입니다.', attempts: 2 })}</section>`,
    );
    expect(matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(html))?.facts.pageAttemptsLeft).toBe(2);
  });

  it('reads the session from the session box', () => {
    const html = lmsPage(
      `<div class="otp-box" id="session-check">${demoBox({ lead: '매 8회차 초과시 본인인증 절차입니다.', session: 17 })}</div>`,
    );
    const match = matchCheckpoint(DEMO_LMS_PROFILE, at('/courses/c101/learn?session=17'), parse(html));
    expect(match?.facts).toMatchObject({
      ruleId: 'demo-session',
      kind: 'session',
      session: 17,
      courseId: 'c101',
    });
  });

  it('reads the session the page shows, not the one in the URL (the player switches without a load)', () => {
    const html = lmsPage(
      `<div class="otp-box" id="session-check">${demoBox({ lead: '매 8회차 초과시 본인인증 절차입니다.', session: 9 })}</div>`,
    );
    expect(
      matchCheckpoint(DEMO_LMS_PROFILE, at('/courses/c101/learn?session=3'), parse(html))?.facts.session,
    ).toBe(9);
  });

  it('a session group in the URL pattern is read first', () => {
    const profile: InstituteProfile = {
      ...DEMO_LMS_PROFILE,
      checkpoints: [
        {
          ...(DEMO_LMS_PROFILE.checkpoints[2] as CheckpointRule),
          urlPattern: '^/courses/(?<courseId>[\\w-]+)/sessions/(?<session>\\d+)',
        },
      ],
    };
    const html = lmsPage(
      `<div class="otp-box" id="session-check">${demoBox({ lead: '매 8회차 초과시 본인인증 절차입니다.', session: 9 })}</div>`,
    );
    expect(matchCheckpoint(profile, at('/courses/c101/sessions/25'), parse(html))?.facts.session).toBe(25);
  });

  it('the video pop-up is told apart from the session check in the same player', () => {
    const html = lmsPage(
      `<article class="lesson" data-session="3"><h2><span class="session-number">3</span>차시</h2></article>
      <div class="video-check" role="dialog"><div class="otp-box" id="video-check-box">${demoBox({ lead: '동영상 시청 중 본인인증 절차입니다.', session: 3 })}</div></div>`,
    );
    expect(
      matchCheckpoint(DEMO_LMS_PROFILE, at('/courses/c101/learn?session=3'), parse(html))?.facts,
    ).toMatchObject({
      ruleId: 'demo-video',
      kind: 'video',
      session: 3,
    });
  });
});

const HRD_ORIGIN = 'http://127.0.0.2:8610';

/** The manual's HRD mOTP box. */
function hrdHtml({ script = true, frame = true, lead = '최초 과정 입과시 본인인증 절차입니다.' } = {}) {
  return `<html><head>${script ? '<script src="/hrd/js/motp-auth.js"></script>' : ''}</head><body>
  <h1 class="course-title">전기기능사 실기</h1>
  <div class="motp-box"><h2>한국산업인력공단 mOTP 인증 시스템</h2><p>${lead}</p>
  <table class="motp-user"><tbody><tr><td class="user-name">홍길동</td><td class="user-phone">01012345678</td></tr></tbody></table>
  <input id="motpNo" placeholder="mOTP 번호를 입력하세요">
  <a href="#" id="btnMotpAuth" class="btn-auth" role="button">인증하기</a>
  <p id="motpMsg" class="motp-msg"></p>
  ${frame ? '<iframe class="motp-frame" src="/hrd/frame/motp-status"></iframe>' : ''}</div></body></html>`;
}

describe('the HRD mOTP profile', () => {
  const hrdAt = (path: string) => new URL(path, HRD_ORIGIN);

  it('recognises the manual’s box in HRD mode, with HRD’s script or its frame', () => {
    for (const [script, frame] of [
      [true, true],
      [true, false],
      [false, true],
    ]) {
      const match = matchCheckpoint(
        HRD_MOTP_PROFILE,
        hrdAt('/courses/h201/motp'),
        parse(hrdHtml({ script, frame })),
      );
      expect(match?.facts, `script ${script}, frame ${frame}`).toEqual({
        profileId: 'hrd-motp',
        ruleId: 'hrd-entry',
        kind: 'entry',
        mode: 'hrdMotp',
        courseId: 'h201',
        courseTitle: '전기기능사 실기',
        session: null,
        traineeName: '홍길동',
        traineePhone: '01012345678',
        pageAttemptsLeft: null,
      });
    }
  });

  it('does not recognise the box without HRD’s script and frame', () => {
    expect(
      matchCheckpoint(
        HRD_MOTP_PROFILE,
        hrdAt('/courses/h201/motp'),
        parse(hrdHtml({ script: false, frame: false })),
      ),
    ).toBeNull();
  });

  it('tells the kinds apart by the lead', () => {
    const kindOf = (lead: string) =>
      matchCheckpoint(HRD_MOTP_PROFILE, hrdAt('/courses/h201/motp'), parse(hrdHtml({ lead })))?.rule.id ??
      null;
    expect(kindOf('최초 과정 입과시 본인인증 절차입니다.')).toBe('hrd-entry');
    expect(kindOf('매 8회차 초과시 본인인증 절차입니다.')).toBe('hrd-session');
    expect(kindOf('진행단계 평가 응시 전 본인인증 절차입니다.')).toBe('hrd-assessment');
    expect(kindOf('본인인증 절차입니다.')).toBeNull();
  });

  it('reads no course id from a URL without one', () => {
    expect(
      matchCheckpoint(HRD_MOTP_PROFILE, hrdAt('/motp/auth'), parse(hrdHtml()))?.facts.courseId,
    ).toBeNull();
    expect(matchCheckpoint(HRD_MOTP_PROFILE, hrdAt('/course/h201'), parse(hrdHtml()))?.facts.courseId).toBe(
      'h201',
    );
  });

  it('reads the course id when the URL has one deeper in the path', () => {
    // The rule is generic ("the course id is read when the URL has one"), and LMSs wired to HRD
    // rarely put /courses/ first.
    for (const path of ['/lms/courses/h201/motp', '/user/course/h201?tab=motp']) {
      expect(matchCheckpoint(HRD_MOTP_PROFILE, hrdAt(path), parse(hrdHtml()))?.facts.courseId, path).toBe(
        'h201',
      );
    }
  });

  it('reads HRD’s answers', () => {
    const rule = HRD_MOTP_PROFILE.checkpoints[0] as CheckpointRule;
    const answer = (text: string) =>
      readFormResult(
        rule,
        parse(
          hrdHtml().replace(
            '<p id="motpMsg" class="motp-msg"></p>',
            `<p id="motpMsg" class="motp-msg">${text}</p>`,
          ),
        ),
      );
    expect(answer('mOTP 인증이 완료되었습니다.')?.outcome).toBe('success');
    expect(answer('mOTP 번호가 일치하지 않습니다. (실패 2회 / 5회)')).toMatchObject({
      outcome: 'failure',
      attemptsLeft: 3,
    });
    expect(answer('mOTP 인증 5회 실패로 휴대폰 본인인증이 필요합니다.')).toMatchObject({
      outcome: 'locked',
      attemptsLeft: 0,
    });
    expect(answer('mOTP 번호 6자리를 입력하세요.')?.outcome).toBe('notCounted');
    expect(answer('인증 서버에 일시적인 장애가 발생했습니다.')?.outcome).toBe('unavailable');
  });
});

describe('isLmsPage', () => {
  it('the demo LMS’s pages carry its header; other pages of the origin do not', () => {
    expect(isLmsPage(DEMO_LMS_PROFILE, parse(lmsPage('<p>나의 강의실</p>')))).toBe(true);
    expect(isLmsPage(DEMO_LMS_PROFILE, parse('<html><body><pre>static file</pre></body></html>'))).toBe(
      false,
    );
    expect(isLmsPage(DEMO_LMS_PROFILE, parse(checkpointHtml()))).toBe(false);
  });

  it('a profile without page markers treats every page of its origin as the LMS', () => {
    expect(HRD_MOTP_PROFILE.pageMarkers).toBeUndefined();
    expect(isLmsPage(HRD_MOTP_PROFILE, parse('<html><body></body></html>'))).toBe(true);
  });
});

describe('isIdentityVerifiedPage', () => {
  const identityHtml = (outcome: string, text: string) =>
    lmsPage(
      `<h1>휴대폰 본인인증</h1><p id="identity-result" class="identity-result" data-outcome="${outcome}" role="status">${text}</p>`,
    );
  const SUCCESS = '휴대폰 본인인증이 완료되었습니다. OTP 잠금이 해제되었습니다.';

  it('is true on the phone or i-PIN page that says the lock was lifted', () => {
    expect(
      isIdentityVerifiedPage(
        DEMO_LMS_PROFILE,
        at('/identity/phone'),
        parse(identityHtml('success', SUCCESS)),
      ),
    ).toBe(true);
    expect(
      isIdentityVerifiedPage(
        DEMO_LMS_PROFILE,
        at('/identity/ipin?next=%2Fcourses%2Fc101'),
        parse(identityHtml('success', '아이핀 본인인증이 완료되었습니다. OTP 잠금이 해제되었습니다.')),
      ),
    ).toBe(true);
    expect(
      isIdentityVerifiedPage(
        HRD_MOTP_PROFILE,
        new URL('/identity/phone', HRD_ORIGIN),
        parse(identityHtml('success', SUCCESS)),
      ),
    ).toBe(true);
  });

  it('is false for a failure, another text, another page, or a profile without the rule', () => {
    expect(
      isIdentityVerifiedPage(
        DEMO_LMS_PROFILE,
        at('/identity/phone'),
        parse(identityHtml('failure', '인증번호가 올바르지 않습니다.')),
      ),
    ).toBe(false);
    // The success text inside an element that does not say success.
    expect(
      isIdentityVerifiedPage(
        DEMO_LMS_PROFILE,
        at('/identity/phone'),
        parse(identityHtml('failure', SUCCESS)),
      ),
    ).toBe(false);
    expect(
      isIdentityVerifiedPage(
        DEMO_LMS_PROFILE,
        at('/identity/phone'),
        parse(identityHtml('success', '처리 중입니다.')),
      ),
    ).toBe(false);
    expect(
      isIdentityVerifiedPage(DEMO_LMS_PROFILE, at('/courses/c101'), parse(identityHtml('success', SUCCESS))),
    ).toBe(false);
    expect(
      isIdentityVerifiedPage(
        DEMO_LMS_PROFILE,
        at('/help/identity/phone'),
        parse(identityHtml('success', SUCCESS)),
      ),
    ).toBe(false);
    const { identityVerified: _rule, ...withoutRule } = DEMO_LMS_PROFILE;
    expect(
      isIdentityVerifiedPage(withoutRule, at('/identity/phone'), parse(identityHtml('success', SUCCESS))),
    ).toBe(false);
  });
});

describe('every answer the demo LMS writes into its result area is read', () => {
  // The profile is the demo's description: a text it does not classify makes the content script
  // wait resultTimeoutMs and then report the verifier as unavailable, with the page's own words lost.
  const read = (text: string) =>
    readFormResult(RULE, parse(checkpointHtml({ result: `<p class="otp-result-message">${text}</p>` })));
  const NOT_AN_ATTEMPT = ['notCounted', 'unavailable'];

  it.each([
    ['success', CHECKPOINT_MESSAGES.success, ['success']],
    ['mismatch', CHECKPOINT_MESSAGES.mismatch(3), ['failure']],
    ['replayed', CHECKPOINT_MESSAGES.replayed(2), ['failure']],
    ['locked', CHECKPOINT_MESSAGES.locked, ['locked']],
    ['malformed', CHECKPOINT_MESSAGES.malformed, ['notCounted']],
    ['notEnrolled', CHECKPOINT_MESSAGES.notEnrolled, ['notCounted']],
    ['verifierDown', CHECKPOINT_MESSAGES.verifierDown, ['unavailable']],
    ['unavailable', CHECKPOINT_MESSAGES.unavailable, ['unavailable']],
    ['unauthenticated', CHECKPOINT_MESSAGES.unauthenticated, NOT_AN_ATTEMPT],
    ['entryRequired', CHECKPOINT_MESSAGES.entryRequired, NOT_AN_ATTEMPT],
    ['checkNotRequired', CHECKPOINT_MESSAGES.checkNotRequired, NOT_AN_ATTEMPT],
    ['visitExpired', CHECKPOINT_MESSAGES.visitExpired, NOT_AN_ATTEMPT],
    ['alreadyVerified', CHECKPOINT_MESSAGES.alreadyVerified, ['success', ...NOT_AN_ATTEMPT]],
  ] as const)('CHECKPOINT_MESSAGES.%s', (_name, text, outcomes) => {
    const result = read(text);
    expect(result, text).not.toBeNull();
    expect(outcomes).toContain(result?.outcome);
    expect(result?.message).toBe(text);
  });

  it.each([
    ['success', HRD_MESSAGES.success, 'success', null],
    ['mismatch', HRD_MESSAGES.mismatch(2), 'failure', 3],
    ['locked', HRD_MESSAGES.locked, 'locked', 0],
    ['malformed', HRD_MESSAGES.malformed, 'notCounted', null],
  ] as const)('HRD_MESSAGES.%s', (_name, text, outcome, attemptsLeft) => {
    const rule = HRD_MOTP_PROFILE.checkpoints[0] as CheckpointRule;
    const doc = parse(
      hrdHtml().replace(
        '<p id="motpMsg" class="motp-msg"></p>',
        `<p id="motpMsg" class="motp-msg">${text}</p>`,
      ),
    );
    expect(readFormResult(rule, doc)).toEqual({ outcome, attemptsLeft, message: text });
  });
});
