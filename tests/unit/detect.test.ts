// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findEnrollmentKeyUri, matchCheckpoint, readFormResult } from '@/lib/checkpoints/detect';
import { DEMO_LMS_PROFILE } from '@/lib/profiles/bundled';
import type { CheckpointRule } from '@/lib/profiles/types';

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

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const at = (path: string) => new URL(path, ORIGIN);

describe('matchCheckpoint', () => {
  it('recognises the demo entry checkpoint and reads its facts', () => {
    const match = matchCheckpoint(DEMO_LMS_PROFILE, at(ENTRY_PATH), parse(checkpointHtml()));
    expect(match?.rule.id).toBe('demo-entry');
    expect(match?.facts).toEqual({
      profileId: 'demo-lms',
      ruleId: 'demo-entry',
      kind: 'entry',
      courseId: 'c101',
      courseTitle: '산업안전관리 실무',
      traineeName: '홍길동',
      traineePhone: '01012345678',
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

  it('a page-side refusal is an error (not counted)', () => {
    expect(read('6자리 숫자를 입력하세요.')).toEqual({
      outcome: 'error',
      attemptsLeft: null,
      message: '6자리 숫자를 입력하세요.',
    });
    expect(read('웹 OTP가 발급되지 않았습니다. 먼저 인증키를 발급받으세요.')).toMatchObject({
      outcome: 'error',
    });
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
