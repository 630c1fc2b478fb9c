// @vitest-environment happy-dom
/**
 * A selector or pattern the browser refuses at run time (a profile stored before the schema
 * checked it): it is caught and reported once, and the rest of the profile works.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  findEnrollmentKeyUri,
  isIdentityVerifiedPage,
  isLmsPage,
  matchCheckpoint,
  ProfileProblems,
  readFormResult,
} from '@/lib/checkpoints/detect';
import { DEMO_LMS_PROFILE } from '@/lib/profiles/bundled';
import type { CheckpointRule, InstituteProfile } from '@/lib/profiles/types';
import { closeHtmlParser, parseHtml } from './html-parser';

afterAll(closeHtmlParser);

const BOGUS = '.x:::bogus';
const ENTRY = DEMO_LMS_PROFILE.checkpoints[0] as CheckpointRule;
const at = (path: string) => new URL(path, 'http://127.0.0.1:8610');

/**
 * A fresh document each time: happy-dom throws on an invalid selector only the first time a
 * document sees it (it caches the parse), where browsers throw every time.
 */
const page = () => parseHtml(HTML);
const HTML = `<!doctype html><html lang="ko"><body>
<header class="site-header"></header>
<h1 class="course-title">산업안전관리 실무</h1>
<p>최초 과정 입과시 본인인증 절차입니다.</p>
<span class="trainee-name">홍길동</span><span class="trainee-phone">01012345678</span>
<div id="otp-attempts">남은 횟수: 4회</div>
<form id="otp-form"><input id="otp-code" type="text"><button id="otp-submit">인증하기</button></form>
<div id="otp-result">인증번호가 일치하지 않습니다. (남은 횟수 3회)</div>
<pre id="otp-key-uri">otpauth://totp/x?secret=JBSWY3DPEHPK3PXP</pre>
</body></html>`;

/** The demo profile with a broken first rule in front of the real entry rule. */
function withBrokenRule(broken: Partial<CheckpointRule>): InstituteProfile {
  return {
    ...DEMO_LMS_PROFILE,
    checkpoints: [{ ...ENTRY, id: 'broken', ...broken }, ...DEMO_LMS_PROFILE.checkpoints],
  };
}

describe('a selector the browser refuses', () => {
  it.each<[string, Partial<CheckpointRule>]>([
    ['requiredSelectors', { requiredSelectors: [BOGUS] }],
    ['anySelectors', { anySelectors: [BOGUS] }],
    ['form.codeInput', { form: { ...ENTRY.form, codeInput: BOGUS } }],
    ['form.submitButton', { form: { ...ENTRY.form, submitButton: BOGUS } }],
  ])('in %s: that rule does not match, the next one still does, and it is reported', (_field, broken) => {
    const problems = new ProfileProblems();
    const match = matchCheckpoint(
      withBrokenRule(broken),
      at('/courses/c101/checkpoint/entry'),
      page(),
      problems,
    );
    expect(match?.rule.id).toBe('demo-entry');
    expect(problems.take()).toEqual([{ kind: 'selector', value: BOGUS, message: expect.any(String) }]);
  });

  it('in a fact selector: the rule still matches, the fact is unknown', () => {
    const problems = new ProfileProblems();
    const profile = withBrokenRule({
      traineeNameSelector: BOGUS,
      form: { ...ENTRY.form, attemptsSelector: BOGUS },
    });
    const match = matchCheckpoint(profile, at('/courses/c101/checkpoint/entry'), page(), problems);
    expect(match?.rule.id).toBe('broken');
    expect(match?.facts.traineeName).toBeNull();
    expect(match?.facts.traineePhone).toBe('01012345678');
    expect(match?.facts.pageAttemptsLeft).toBeNull();
  });

  it('with submitText, a broken submit selector narrows nothing: the button is still found', () => {
    const profile = withBrokenRule({
      form: { ...ENTRY.form, submitButton: BOGUS, submitText: ['인증하기'] },
    });
    expect(matchCheckpoint(profile, at('/courses/c101/checkpoint/entry'), page())?.rule.id).toBe('broken');
  });

  it('in the page markers: another marker still tells the LMS page', () => {
    const problems = new ProfileProblems();
    expect(isLmsPage({ ...DEMO_LMS_PROFILE, pageMarkers: [BOGUS, '.site-header'] }, page(), problems)).toBe(
      true,
    );
    expect(isLmsPage({ ...DEMO_LMS_PROFILE, pageMarkers: [BOGUS] }, page(), problems)).toBe(false);
    expect(problems.take()).toHaveLength(1);
  });

  it('in the result, enrollment and identity selectors: nothing is read, nothing throws', () => {
    const problems = new ProfileProblems();
    expect(readFormResult({ ...ENTRY, form: { ...ENTRY.form, result: BOGUS } }, page(), problems)).toBeNull();
    const profile: InstituteProfile = {
      ...DEMO_LMS_PROFILE,
      enrollment: { urlPattern: '^/otp/enroll', keyUriSelector: BOGUS },
      identityVerified: { urlPattern: '^/identity/', resultSelector: BOGUS, successText: ['해제'] },
    };
    expect(findEnrollmentKeyUri(profile, at('/otp/enroll'), page(), problems)).toBeNull();
    expect(isIdentityVerifiedPage(profile, at('/identity/phone'), page(), problems)).toBe(false);
    expect(problems.take()).toHaveLength(1);
  });

  it('is reported once however often the page is checked (no log line per mutation)', () => {
    const problems = new ProfileProblems();
    const profile = withBrokenRule({ requiredSelectors: [BOGUS] });
    for (let i = 0; i < 50; i += 1)
      matchCheckpoint(profile, at('/courses/c101/checkpoint/entry'), page(), problems);
    expect(problems.take()).toHaveLength(1);
    matchCheckpoint(profile, at('/courses/c101/checkpoint/entry'), page(), problems);
    expect(problems.take()).toEqual([]);
  });

  it('without a problem log it is still caught', () => {
    const profile = withBrokenRule({ requiredSelectors: [BOGUS] });
    expect(matchCheckpoint(profile, at('/courses/c101/checkpoint/entry'), page())?.rule.id).toBe(
      'demo-entry',
    );
  });
});

describe('a pattern the browser refuses', () => {
  it('in a rule URL pattern: that rule does not match, the next one does', () => {
    const problems = new ProfileProblems();
    const match = matchCheckpoint(
      withBrokenRule({ urlPattern: '^/courses/(' }),
      at('/courses/c101/checkpoint/entry'),
      page(),
      problems,
    );
    expect(match?.rule.id).toBe('demo-entry');
    expect(problems.take()).toEqual([{ kind: 'pattern', value: '^/courses/(', message: expect.any(String) }]);
  });

  it('in the attempts pattern: the count is unknown, the rule still matches', () => {
    const profile = withBrokenRule({ form: { ...ENTRY.form, attempts: { pattern: '(', counts: 'left' } } });
    const match = matchCheckpoint(profile, at('/courses/c101/checkpoint/entry'), page());
    expect(match?.rule.id).toBe('broken');
    expect(match?.facts.pageAttemptsLeft).toBeNull();
  });
});
