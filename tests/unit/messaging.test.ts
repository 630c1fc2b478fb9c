import { describe, expect, it } from 'vitest';
import { parseContentRequest } from '@/lib/messaging/content-protocol';
import { type BackgroundRequestType, parseBackgroundRequest } from '@/lib/messaging/protocol';
import {
  classifySender,
  isAllowed,
  isBackgroundSender,
  type SenderContext,
  type TrustedSender,
} from '@/lib/messaging/senders';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';
import { CHECKPOINT_KINDS, VERIFICATION_MODES } from '@/lib/profiles/types';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const CHROME_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
const LMS_URL = 'http://127.0.0.1:8610/courses/c101/checkpoint/entry';

const chrome: SenderContext = {
  extensionId: EXTENSION_ID,
  extensionOrigin: CHROME_ORIGIN,
  isConfiguredOrigin: (origin) => profileForOrigin(BUNDLED_PROFILES, origin) !== null,
};

const FIREFOX_UUID = '5d2c8a9e-1f7b-4c3a-9b61-0e4d2f7a8c13';
const firefox: SenderContext = {
  extensionId: 'checkpoint-companion@example.org',
  extensionOrigin: `moz-extension://${FIREFOX_UUID}`,
  isConfiguredOrigin: chrome.isConfiguredOrigin,
};

describe('classifySender', () => {
  it('recognises its own popup, options and overlay pages by URL', () => {
    expect(classifySender({ id: EXTENSION_ID, url: `${CHROME_ORIGIN}/popup.html` }, chrome)).toEqual({
      kind: 'page',
      page: 'popup',
      tabId: null,
      tabUrl: null,
    });
    expect(
      classifySender(
        {
          id: EXTENSION_ID,
          url: `${CHROME_ORIGIN}/options.html`,
          tab: { id: 2, url: `${CHROME_ORIGIN}/options.html` },
        },
        chrome,
      ),
    ).toEqual({ kind: 'page', page: 'options', tabId: 2, tabUrl: `${CHROME_ORIGIN}/options.html` });
    expect(
      classifySender(
        {
          id: EXTENSION_ID,
          url: `${CHROME_ORIGIN}/overlay.html?x=1`,
          frameId: 12,
          tab: { id: 7, url: LMS_URL },
        },
        chrome,
      ),
    ).toEqual({ kind: 'page', page: 'overlay', tabId: 7, tabUrl: LMS_URL });
  });

  it('recognises Firefox moz-extension pages too', () => {
    expect(
      classifySender(
        {
          id: firefox.extensionId,
          url: `moz-extension://${FIREFOX_UUID}/overlay.html`,
          frameId: 2 ** 40,
          tab: { id: 3, url: LMS_URL },
        },
        firefox,
      ),
    ).toEqual({ kind: 'page', page: 'overlay', tabId: 3, tabUrl: LMS_URL });
  });

  it('refuses other pages of its own origin', () => {
    for (const path of ['/background.html', '/popup.htm', '/sub/popup.html', '/', '/overlay.html.js']) {
      expect(classifySender({ id: EXTENSION_ID, url: `${CHROME_ORIGIN}${path}` }, chrome), path).toBeNull();
    }
  });

  it('refuses another extension, even with a page name it knows', () => {
    const other = 'ponmlkjihgfedcbaponmlkjihgfedcba';
    expect(classifySender({ id: other, url: `chrome-extension://${other}/popup.html` }, chrome)).toBeNull();
    expect(classifySender({ id: other, url: `${CHROME_ORIGIN}/popup.html` }, chrome)).toBeNull();
  });

  it('refuses a look-alike extension origin', () => {
    expect(
      classifySender({ id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}x/popup.html` }, chrome),
    ).toBeNull();
  });

  it('refuses a web page URL with the wrong id', () => {
    expect(
      classifySender({ id: 'someone-else', url: LMS_URL, frameId: 0, tab: { id: 4, url: LMS_URL } }, chrome),
    ).toBeNull();
    expect(classifySender({ url: LMS_URL, frameId: 0, tab: { id: 4, url: LMS_URL } }, chrome)).toBeNull();
  });

  it('accepts its content script in the top frame of a configured origin', () => {
    expect(
      classifySender({ id: EXTENSION_ID, url: LMS_URL, frameId: 0, tab: { id: 4, url: LMS_URL } }, chrome),
    ).toEqual({
      kind: 'content',
      tabId: 4,
      frameId: 0,
      origin: 'http://127.0.0.1:8610',
      topOrigin: 'http://127.0.0.1:8610',
      openerTabId: null,
    });
  });

  it('accepts its content script in a sub-frame of a configured origin, by that frame (Firefox ids are large)', () => {
    const frameUrl = 'http://127.0.0.1:8610/player/box';
    expect(
      classifySender(
        {
          id: EXTENSION_ID,
          url: frameUrl,
          frameId: 2 ** 40,
          tab: { id: 4, url: 'http://127.0.0.2:8610/', openerTabId: 2 },
        },
        chrome,
      ),
    ).toEqual({
      kind: 'content',
      tabId: 4,
      frameId: 2 ** 40,
      origin: 'http://127.0.0.1:8610',
      // Counts are bound to the tab's address, fills to the frame's own origin.
      topOrigin: 'http://127.0.0.2:8610',
      openerTabId: 2,
    });
  });

  it('refuses a content script that names no frame, or an impossible one', () => {
    expect(
      classifySender({ id: EXTENSION_ID, url: LMS_URL, tab: { id: 4, url: LMS_URL } }, chrome),
    ).toBeNull();
    expect(
      classifySender({ id: EXTENSION_ID, url: LMS_URL, frameId: -1, tab: { id: 4, url: LMS_URL } }, chrome),
    ).toBeNull();
    expect(
      classifySender({ id: EXTENSION_ID, url: LMS_URL, frameId: 1.5, tab: { id: 4, url: LMS_URL } }, chrome),
    ).toBeNull();
  });

  it('refuses a content script on an unconfigured origin', () => {
    for (const url of [
      'https://127.0.0.1:8610/x',
      'http://localhost:8610/x',
      'http://127.0.0.1.evil.com/x',
      'https://evil.example/',
    ]) {
      expect(
        classifySender({ id: EXTENSION_ID, url, frameId: 0, tab: { id: 4, url } }, chrome),
        url,
      ).toBeNull();
    }
  });

  it('refuses a content script without a tab', () => {
    expect(classifySender({ id: EXTENSION_ID, url: LMS_URL, frameId: 0 }, chrome)).toBeNull();
    expect(classifySender({ id: EXTENSION_ID, url: LMS_URL, frameId: 0, tab: {} }, chrome)).toBeNull();
  });

  it('refuses a sender without url, or with a broken one', () => {
    expect(classifySender({ id: EXTENSION_ID, frameId: 0, tab: { id: 4, url: LMS_URL } }, chrome)).toBeNull();
    expect(classifySender({ id: EXTENSION_ID, url: '', frameId: 0, tab: { id: 4 } }, chrome)).toBeNull();
    expect(
      classifySender({ id: EXTENSION_ID, url: 'not a url', frameId: 0, tab: { id: 4 } }, chrome),
    ).toBeNull();
  });
});

describe('isBackgroundSender (what the content script obeys)', () => {
  const ID = 'abcdefghijklmnopabcdefghijklmnop';
  it('the background in either browser', () => {
    expect(isBackgroundSender({ id: ID, url: `chrome-extension://${ID}/background.js` }, ID)).toBe(true);
    expect(
      isBackgroundSender({ id: ID, url: 'moz-extension://3f1c2b9a/_generated_background_page.html' }, ID),
    ).toBe(true);
  });

  it('not the popup, the options tab, the overlay, a content script or another extension', () => {
    const page = (path: string, tab?: { id: number }) => ({
      id: ID,
      url: `chrome-extension://${ID}/${path}`,
      tab,
    });
    expect(isBackgroundSender(page('popup.html'), ID)).toBe(false);
    expect(isBackgroundSender(page('options.html', { id: 3 }), ID)).toBe(false);
    expect(isBackgroundSender(page('overlay.html', { id: 3 }), ID)).toBe(false);
    // A tab claiming the background's URL is still a tab.
    expect(isBackgroundSender(page('background.js', { id: 3 }), ID)).toBe(false);
    expect(
      isBackgroundSender({ id: ID, url: 'https://lms.example.kr/background.js', tab: { id: 3 } }, ID),
    ).toBe(false);
    expect(isBackgroundSender({ id: 'other', url: 'chrome-extension://other/background.js' }, ID)).toBe(
      false,
    );
    expect(isBackgroundSender({ id: ID }, ID)).toBe(false);
    expect(isBackgroundSender({ id: ID, url: 'not a url' }, ID)).toBe(false);
  });
});

describe('isAllowed', () => {
  const popup: TrustedSender = { kind: 'page', page: 'popup', tabId: null, tabUrl: null };
  const options: TrustedSender = {
    kind: 'page',
    page: 'options',
    tabId: 1,
    tabUrl: `${CHROME_ORIGIN}/options.html`,
  };
  const overlay: TrustedSender = { kind: 'page', page: 'overlay', tabId: 7, tabUrl: LMS_URL };
  const tablessOverlay: TrustedSender = { kind: 'page', page: 'overlay', tabId: null, tabUrl: null };
  const content: TrustedSender = {
    kind: 'content',
    tabId: 7,
    frameId: 0,
    origin: 'http://127.0.0.1:8610',
    topOrigin: 'http://127.0.0.1:8610',
    openerTabId: null,
  };

  /** The whole matrix, row by row: popup, options, overlay, content. */
  const MATRIX: Record<BackgroundRequestType, readonly [boolean, boolean, boolean, boolean]> = {
    'status/get': [true, true, true, false],
    'registration/save': [false, true, false, false],
    'registration/delete': [false, true, false, false],
    'registration/choices': [false, true, false, false],
    'enrollment/find': [false, true, false, false],
    'webOtp/code': [true, false, true, false],
    'checkpoint/context': [false, false, true, false],
    'checkpoint/submit': [false, false, true, false],
    'checkpoint/close': [false, false, true, false],
    'checkpoint/reload': [false, false, true, false],
    'checkpoint/seen': [false, false, false, true],
    // What the page observer saw, and "what happened before this page", come from content scripts.
    'page/observed': [false, false, false, true],
    'page/arrived': [false, false, false, true],
    'page/profile': [false, false, false, true],
    'page/filled': [false, false, false, true],
    'attempt/notice': [false, false, true, false],
    // Only the institute's own page (through the content script) may report its reset.
    'verifier/reset': [false, false, false, true],
    'history/page': [false, true, false, false],
    'history/export': [false, true, false, false],
    'history/delete': [false, true, false, false],
    // The popup and the overlay show the institute; only the options page changes the profile.
    'profile/get': [true, true, true, false],
    'profile/import': [false, true, false, false],
    'profile/clearImported': [false, true, false, false],
    'profile/sync': [false, true, false, false],
    // "이 사이트에서 사용" is the trainee's click in the popup; stopping it, from either page.
    'site/enable': [true, false, false, false],
    'site/disable': [true, true, false, false],
  };

  for (const [type, expected] of Object.entries(MATRIX) as [BackgroundRequestType, readonly boolean[]][]) {
    it(`${type}: popup ${expected[0]}, options ${expected[1]}, overlay ${expected[2]}, content ${expected[3]}`, () => {
      expect([popup, options, overlay, content].map((sender) => isAllowed(type, sender))).toEqual(expected);
    });
  }

  it('refuses overlay-only requests from the popup', () => {
    for (const type of ['checkpoint/context', 'checkpoint/submit', 'checkpoint/close'] as const) {
      expect(isAllowed(type, popup), type).toBe(false);
    }
  });

  it('never lets a lock be cleared from an extension page (no local unlock button)', () => {
    for (const sender of [popup, options, overlay]) expect(isAllowed('verifier/reset', sender)).toBe(false);
  });

  it('keeps the history to the options page', () => {
    for (const type of ['history/page', 'history/export', 'history/delete'] as const) {
      for (const sender of [popup, overlay, content]) expect(isAllowed(type, sender), type).toBe(false);
    }
  });

  it('never lets a content script ask for a code or save a registration', () => {
    expect(isAllowed('webOtp/code', content)).toBe(false);
    expect(isAllowed('registration/save', content)).toBe(false);
    expect(isAllowed('registration/delete', content)).toBe(false);
    expect(isAllowed('checkpoint/submit', content)).toBe(false);
  });

  it('refuses everything from an overlay that is not in a tab', () => {
    for (const type of Object.keys(MATRIX) as BackgroundRequestType[]) {
      expect(isAllowed(type, tablessOverlay), type).toBe(false);
    }
  });
});

describe('parseBackgroundRequest', () => {
  const facts = {
    profileId: 'demo-lms',
    ruleId: 'demo-entry',
    kind: 'entry',
    mode: 'webOtp',
    courseId: 'c101',
    courseTitle: '산업안전관리 실무',
    session: null,
    traineeName: '홍길동',
    traineePhone: '01012345678',
    pageAttemptsLeft: 5,
  };
  const registration = {
    consentVersion: 1,
    name: '홍길동',
    phone: '010-1234-5678',
    pin: '1234',
    pinConfirmation: '1234',
    keyUri: 'otpauth://totp/x?secret=AAAA',
    lmsOrigin: 'http://127.0.0.1:8610',
  };

  it.each([
    { type: 'status/get' },
    { type: 'registration/save', registration },
    // The background re-validates registrations: a malformed PIN still parses here and is refused later.
    { type: 'registration/save', registration: { ...registration, pin: '12a4' } },
    { type: 'registration/delete' },
    { type: 'enrollment/find' },
    { type: 'webOtp/code', pin: '0123' },
    { type: 'checkpoint/context' },
    { type: 'checkpoint/submit', code: '012345', method: 'app' },
    { type: 'checkpoint/submit', code: '999999', method: 'webOtp', step: 29_050_123 },
    // The schema leaves the step optional; the handler requires it for web OTP.
    { type: 'checkpoint/submit', code: '999999', method: 'webOtp' },
    { type: 'checkpoint/close' },
    { type: 'checkpoint/seen', facts },
    {
      type: 'checkpoint/seen',
      facts: {
        ...facts,
        courseId: null,
        traineeName: null,
        traineePhone: null,
        courseTitle: null,
        pageAttemptsLeft: null,
      },
    },
    {
      type: 'checkpoint/seen',
      facts: { ...facts, ruleId: 'hrd-session', kind: 'session', mode: 'hrdMotp', session: 17 },
    },
    { type: 'verifier/reset' },
    { type: 'history/page', courseId: null, before: null, limit: 50 },
    { type: 'history/page', courseId: 'c101', before: { at: 1_741_000_000_000, id: 42 }, limit: 1 },
    { type: 'history/export', format: 'csv', courseId: null },
    { type: 'history/export', format: 'json', courseId: 'c101' },
    { type: 'history/delete' },
  ])('accepts %j', (message) => {
    expect(parseBackgroundRequest(message)).toEqual(message);
  });

  it.each([
    null,
    undefined,
    'status/get',
    42,
    [],
    ['status/get'],
    {},
    { type: 'status/set' },
    { type: 'STATUS/GET' },
    { type: 'webOtp/code' },
    { type: 'webOtp/code', pin: '12a4' },
    { type: 'webOtp/code', pin: '12345' },
    { type: 'webOtp/code', pin: '１２３４' },
    { type: 'webOtp/code', pin: 1234 },
    { type: 'checkpoint/submit', code: '12345', method: 'app' },
    { type: 'checkpoint/submit', code: '1234567', method: 'app' },
    { type: 'checkpoint/submit', code: '12345a', method: 'app' },
    { type: 'checkpoint/submit', code: '123456', method: 'sms' },
    { type: 'checkpoint/submit', code: '123456' },
    { type: 'checkpoint/submit', code: '123456', method: 'webOtp', step: -1 },
    { type: 'checkpoint/submit', code: '123456', method: 'webOtp', step: 1.5 },
    { type: 'checkpoint/submit', code: '123456', method: 'webOtp', step: '29050123' },
    { type: 'checkpoint/seen', facts: { ...facts, kind: 'lunch' } },
    { type: 'checkpoint/seen', facts: { ...facts, mode: 'sms' } },
    { type: 'checkpoint/seen', facts: { ...facts, session: -1 } },
    { type: 'checkpoint/seen', facts: { ...facts, pageAttemptsLeft: 2.5 } },
    // Facts in the shape from before mode, session and pageAttemptsLeft existed.
    {
      type: 'checkpoint/seen',
      facts: {
        profileId: 'demo-lms',
        ruleId: 'demo-entry',
        kind: 'entry',
        courseId: 'c101',
        courseTitle: null,
        traineeName: null,
        traineePhone: null,
      },
    },
    { type: 'history/page', courseId: null, before: null, limit: 0 },
    { type: 'history/page', courseId: null, before: null, limit: 501 },
    { type: 'history/page', courseId: null, before: null },
    { type: 'history/page', courseId: null, before: '2025-03-03', limit: 50 },
    { type: 'history/export', format: 'xlsx', courseId: null },
    { type: 'history/export', format: 'csv' },
    { type: 'checkpoint/seen', facts: { ...facts, courseTitle: 'x'.repeat(201) } },
    { type: 'registration/save', registration: { ...registration, consentVersion: '1' } },
    { type: 'registration/save', registration: { ...registration, keyUri: 'x'.repeat(2001) } },
    { type: 'registration/save' },
  ])('refuses %j', (message) => {
    expect(parseBackgroundRequest(message)).toBeNull();
  });

  // A kind or mode added to the profiles' vocabulary must reach the background, not be dropped.
  it.each(CHECKPOINT_KINDS.flatMap((kind) => VERIFICATION_MODES.map((mode) => ({ kind, mode }))))(
    'accepts a checkpoint seen of every kind and mode: %j',
    ({ kind, mode }) => {
      const seen = { type: 'checkpoint/seen', facts: { ...facts, kind, mode } };
      expect(parseBackgroundRequest(seen)).toEqual(seen);
    },
  );

  it.each(CHECKPOINT_KINDS)('accepts an observed request of kind %s', (kind) => {
    const observed = {
      type: 'page/observed',
      pageId: 'page-0001',
      observation: {
        kind: 'request',
        id: 1,
        url: 'https://hrd.example.kr/chkOtpResult.jsp',
        facts: { kind, session: 3, traineeName: null, traineePhone: null, carriesCode: true, codeLength: 6 },
      },
    };
    expect(parseBackgroundRequest(observed)).toEqual(observed);
  });

  it('drops unknown keys rather than passing them on', () => {
    const parsed = parseBackgroundRequest({ type: 'webOtp/code', pin: '1234', tabId: 99 });
    expect(parsed).toEqual({ type: 'webOtp/code', pin: '1234' });
    expect(parsed).not.toHaveProperty('tabId');
  });
});

describe('parseContentRequest', () => {
  it.each([
    { type: 'page/facts' },
    { type: 'overlay/close' },
    { type: 'page/fill', code: '012345', origin: 'http://127.0.0.1:8610', fillId: 'fill-0123456789' },
  ])('accepts %j', (message) => {
    expect(parseContentRequest(message)).toEqual(message);
  });

  it.each([
    null,
    undefined,
    'page/facts',
    7,
    [],
    ['page/facts'],
    {},
    { type: 42 },
    { type: 'page/unknown' },
    // The issue page's key is read by the enrollment script, never asked of the checkpoint script.
    { type: 'page/enrollmentKey' },
    { type: 'status/get' },
    { type: 'page/facts', extra: true },
    { type: 'overlay/close', tabId: 1 },
    { type: 'page/fill', code: '012345', origin: 'http://127.0.0.1:8610', submit: false },
    { type: 'page/fill', code: '012345', origin: 'http://127.0.0.1:8610' },
    { type: 'page/fill', code: '012345', origin: 'http://127.0.0.1:8610', fillId: 'short' },
    { type: 'page/fill', code: '012345', origin: 'http://127.0.0.1:8610', fillId: '../../etc/passwd' },
    { type: 'page/fill', code: '12345', origin: 'http://127.0.0.1:8610' },
    { type: 'page/fill', code: '1234567', origin: 'http://127.0.0.1:8610' },
    { type: 'page/fill', code: '１２３４５６', origin: 'http://127.0.0.1:8610' },
    { type: 'page/fill', code: 123456, origin: 'http://127.0.0.1:8610' },
    { type: 'page/fill', code: '123456' },
    { type: 'page/fill', code: '123456', other: 'http://127.0.0.1:8610' },
    { type: 'page/fill', code: '123456', origin: 8610 },
    { type: 'page/fill', code: '123456', origin: `http://${'a'.repeat(200)}` },
  ])('refuses %j', (message) => {
    expect(parseContentRequest(message)).toBeNull();
  });

  it('ignores inherited properties', () => {
    expect(parseContentRequest(Object.create({ type: 'page/facts' }))).toBeNull();
  });
});
