// @vitest-environment happy-dom
import { afterAll, describe, expect, it } from 'vitest';
import {
  discoverHrdCodeInput,
  type HrdProbe,
  inputCarrying,
  probeHrdPage,
  usesHrdMotp,
} from '@/lib/hrd/generic';
import { HRD_GENERIC_PROFILE } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';
import { parseProfile } from '@/lib/profiles/schema';
import { siteOrigin, sitePermission, withEnabledSites } from '@/lib/profiles/sites';
import { closeHtmlParser, parseHtml } from './html-parser';

afterAll(closeHtmlParser);

const page = (body: string) => parseHtml(`<!doctype html><html lang="ko"><body>${body}</body></html>`);
const found = (doc: Document, confirmed: Element | null = null) =>
  discoverHrdCodeInput(doc, 'input', confirmed)?.getAttribute('data-want') ?? null;

describe('the code input, found without ids', () => {
  it('by maxlength 6, whatever its id, name or type (a keypad-driven readonly password too)', () => {
    expect(
      found(
        page('<input type="text" name="user_nm" value="홍길동" readonly><input data-want="a" maxlength="6">'),
      ),
    ).toBe('a');
    expect(
      found(page('<input type="password" readonly maxlength="6" data-want="b" autocomplete="off">')),
    ).toBe('b');
    expect(found(page('<input type="tel" name="OTPNO" maxlength="6" data-want="c">'))).toBe('c');
  });

  it("by its label, placeholder or name when it is near HRD's wording or frame", () => {
    expect(found(page('<div><b>mOTP 인증</b><input placeholder="otp 번호" data-want="p"></div>'))).toBe('p');
    expect(
      found(page('<div><p>mOTP</p><label for="x">인증번호</label><input id="x" data-want="l"></div>')),
    ).toBe('l');
    expect(found(page('<div><div id="hrdOtpFrame"></div><input name="otpNum" data-want="n"></div>'))).toBe(
      'n',
    );
    expect(found(page('<div>mOTP <label>인증 코드 <input data-want="w"></label></div>'))).toBe('w');
  });

  it('not a described input far from the box, nor inputs of other kinds', () => {
    // Described but with no HRD word near it and no six-digit cap.
    expect(found(page('<input placeholder="OTP 번호">'))).toBeNull();
    expect(
      found(page('<p>mOTP</p><input type="hidden" maxlength="6"><input type="checkbox" maxlength="6">')),
    ).toBeNull();
    expect(
      found(page('<p>mOTP</p><input maxlength="6" disabled><div hidden><input maxlength="6"></div>')),
    ).toBeNull();
    expect(
      found(page('<p>mOTP 설치 안내</p><input type="password" name="pw"><input maxlength="11" name="tel">')),
    ).toBeNull();
  });

  it('not the code a text message brings (휴대폰 본인인증), however the page words mOTP around it', () => {
    const phoneVerification = (send: string) =>
      page(`<section><h1>휴대폰 본인인증</h1><p>본인인증이 완료되면 mOTP 오류 횟수가 초기화됩니다.</p>
        <p>${send}</p>
        <p><label for="sms">인증번호</label><input id="sms" maxlength="6" data-want="s"></p>
        <p><button type="button">확인</button></p></section>`);
    expect(found(phoneVerification('<button type="button">인증번호 받기</button>'))).toBeNull();
    expect(found(phoneVerification('<input type="button" value="인증번호 재전송">'))).toBeNull();
    expect(found(phoneVerification('<a href="#" role="button">SMS 발송</a>'))).toBeNull();
    // The same page with no control that sends a code: HRD's box as the manual words it.
    expect(found(phoneVerification('<button type="button">인증번호 안내</button>'))).toBe('s');
    // Six boxes beside a sender are an SMS code too.
    const boxes = Array.from({ length: 6 }, () => '<input maxlength="1">').join('');
    expect(
      discoverHrdCodeInput(page(`<div><p>mOTP</p><button>인증번호 받기</button><div>${boxes}</div></div>`)),
    ).toBeNull();
    // What the page's own request carried as OTPNO settles it still.
    const confirmedPage = phoneVerification('<button type="button">인증번호 받기</button>');
    expect(found(confirmedPage, confirmedPage.getElementById('sms'))).toBe('s');
  });

  it("prefers the better-described of two candidates, and the one the page's request carried as OTPNO", () => {
    const doc = page(
      '<div>mOTP <input maxlength="6" name="zip" value="123456" data-want="zip"></div>' +
        '<div>mOTP <input maxlength="6" placeholder="인증번호" data-want="code"></div>',
    );
    expect(found(doc)).toBe('code');
    // The page's own request carried that input's value as OTPNO: it is the code input.
    expect(found(doc, inputCarrying(doc, '123456'))).toBe('zip');
  });

  it('confirms an input no score finds, once the page sent its value as the code', () => {
    const doc = page('<div>mOTP</div><p><input name="pw_val" data-want="kp" value="314159"></p>');
    expect(found(doc)).toBeNull();
    const confirmed = inputCarrying(doc, '314159');
    expect(confirmed?.getAttribute('data-want')).toBe('kp');
    expect(found(doc, confirmed)).toBe('kp');
    // The confirmation is the element, not the code: a cleared value keeps it.
    (confirmed as HTMLInputElement).value = '';
    expect(found(doc, confirmed)).toBe('kp');
  });

  it('carries no confirmation from a value no visible code-like input holds', () => {
    const doc = page(
      '<input type="hidden" name="OTPNO" value="271828"><input type="checkbox" value="271828">' +
        '<div hidden><input value="271828"></div><input value="271828" disabled><input value="000000">',
    );
    expect(inputCarrying(doc, '271828')).toBeNull();
  });
});

describe("the toolbar's look at a page", () => {
  const probe = (patch: Partial<HrdProbe>): HrdProbe => ({
    origin: 'https://lms.example.kr',
    wired: false,
    calledApi: false,
    worded: false,
    codeInput: false,
    ...patch,
  });

  it("says HRD's mOTP is used on its wiring or its API calls, or its word beside a six-digit input", () => {
    expect(usesHrdMotp([probe({ wired: true })])).toBe(true);
    expect(usesHrdMotp([probe({}), probe({ calledApi: true })])).toBe(true);
    expect(usesHrdMotp([probe({ worded: true, codeInput: true })])).toBe(true);
    expect(usesHrdMotp([probe({ worded: true })])).toBe(false);
    expect(usesHrdMotp([probe({ codeInput: true })])).toBe(false);
    expect(usesHrdMotp([])).toBe(false);
  });

  it("reads the page it runs in: HRD's frame and a six-digit input", () => {
    document.body.innerHTML = '<div id="hrdOtpFrame"></div><input maxlength="6">';
    expect(probeHrdPage()).toMatchObject({ origin: location.origin, wired: true, codeInput: true });
    document.body.innerHTML = '<p>no box here</p>';
    expect(probeHrdPage()).toMatchObject({ wired: false, calledApi: false, codeInput: false });
  });
});

describe('sites enabled for the generic profile', () => {
  it('the generic profile passes the profile schema once it has origins', () => {
    const parsed = parseProfile({ ...HRD_GENERIC_PROFILE, origins: ['https://lms.example.kr/*'] });
    expect(parsed.ok ? null : parsed.error).toBeNull();
  });

  it('runs on the exact origin enabled, after any profile that names the site', () => {
    const institute = { ...HRD_GENERIC_PROFILE, id: 'institute', origins: ['https://own.example.kr/*'] };
    const profiles = withEnabledSites([institute], ['https://lms.example.kr:8443', 'https://own.example.kr']);
    expect(profileForOrigin(profiles, 'https://lms.example.kr:8443')?.id).toBe('hrd-generic');
    // Another port or scheme of the same host is another site.
    expect(profileForOrigin(profiles, 'https://lms.example.kr')).toBeNull();
    expect(profileForOrigin(profiles, 'http://lms.example.kr:8443')).toBeNull();
    expect(profileForOrigin(profiles, 'https://own.example.kr')?.id).toBe('institute');
    expect(withEnabledSites([institute], [])).toEqual([institute]);
    expect(withEnabledSites([], ['javascript:alert(1)', 'about:blank'])).toEqual([]);
  });

  it('keeps origins exact, and asks the browser for the host (match patterns take no port in Firefox)', () => {
    expect(siteOrigin('https://lms.example.kr:8443/classroom?x=1#y')).toBe('https://lms.example.kr:8443');
    expect(siteOrigin('moz-extension://abc/popup.html')).toBeNull();
    expect(siteOrigin('file:///tmp/page.html')).toBeNull();
    expect(siteOrigin('nonsense')).toBeNull();
    expect(sitePermission('https://lms.example.kr:8443')).toBe('https://lms.example.kr/*');
  });
});
