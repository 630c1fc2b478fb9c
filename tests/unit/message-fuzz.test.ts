/**
 * 10,000 random messages to the background and the content script.
 *
 * The background: sequences of random JSON, protocol-shaped objects with mutated fields (wrong
 * types, huge strings, full-width digits, NaN, negative numbers, `__proto__`/`constructor` keys)
 * and valid requests, from random senders (other extensions, web pages, content scripts on
 * configured and unconfigured origins, Firefox-sized and invalid frame ids, extension pages with
 * and without a tab), go through the entrypoint's steps — sender id, `parseBackgroundRequest`,
 * `classifySender` + `isAllowed`, `handleRequest`, `toProtocolError` — against one real Dexie
 * database (fake-indexeddb) per sequence, while the content script, the LMS clock and the profile
 * settings answer at random (throwing, malformed facts, every form outcome). Proven after every
 * message: nothing throws out of the pipeline, and every message ends ignored, refused as
 * `untrustedSender`, with a value, or with a known protocol error — never `internal`, and never
 * `storageFailed` (the in-memory database refuses nothing, so that would mean a key it cannot
 * take); every stored count is an integer 0–5, and the attempts left go up only on a pass, a
 * reset or an answer of the verifier's (the PIN attempts only on a registration or the right
 * PIN); no stored string holds a PIN or code the fuzz used (they are drawn from pools that
 * nothing else the fuzz sends contains) or a code the background handed out.
 *
 * Senders the background refuses change nothing: with a database holding a registration,
 * counts, a tab's attempt, history, a clock and progress, their messages leave every table
 * byte-for-byte as it was and reach none of the outside world (content script, tabs, clock,
 * profile settings).
 *
 * The content script: `parseContentRequest` never throws and accepts exactly the six shapes it
 * declares (a `page/fill` only with a six-ASCII-digit code and an origin string of at most 200
 * characters); `isBackgroundSender` accepts only senders with the extension's own id, no tab and
 * the background's path, and does accept the real background in both browsers.
 *
 * PBKDF2 runs at 1,000 iterations here instead of 150,000 (the iteration count travels with the
 * wrapped secret, so unwrapping follows): the fuzz is about the messages, `pin-wrap.test.ts` is
 * about the key derivation. A fixed seed in CI; a random one locally (fast-check prints it on a
 * failure, to replay with `seed`).
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeAttemptsLeft, type FailureCounters, pinAttemptsLeft } from '@/lib/attempts/transitions';
import { readStatus } from '@/lib/background/context';
import { type BackgroundDeps, handleRequest, toProtocolError } from '@/lib/background/handlers';
import type { FormOutcome, FormResult, PageFacts } from '@/lib/checkpoints/detect';
import type { ComputedValues, ExposureFacts } from '@/lib/checkpoints/exposure';
import { type CompanionDb, openCompanionDb } from '@/lib/db/schema';
import { type ContentRequest, parseContentRequest } from '@/lib/messaging/content-protocol';
import {
  type BackgroundRequest,
  BackgroundRequestSchema,
  ERROR_CODES,
  type ErrorCode,
  type ProfileSettingsView,
  ProtocolFailure,
  parseBackgroundRequest,
  type Reply,
} from '@/lib/messaging/protocol';
import {
  classifySender,
  isAllowed,
  isBackgroundSender,
  type SenderContext,
  type SenderInfo,
} from '@/lib/messaging/senders';
import { formatKeyUri } from '@/lib/otp/key-uri';
import { BUNDLED_PROFILES, DEMO_LMS_PROFILE } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';
import { CHECKPOINT_KINDS, VERIFICATION_MODES } from '@/lib/profiles/types';
import { toHttpOrigin } from '@/lib/registration/validate';
import { shownOverlay, UNTOUCHED_ROOT } from './exposure-fixtures';

vi.mock('@/lib/crypto/pin-wrap', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/crypto/pin-wrap')>();
  return {
    ...actual,
    wrapSecret: (secret: Uint8Array, pin: string, crypto?: Crypto) =>
      actual.wrapSecret(secret, pin, crypto, 1_000),
  };
});

const SEED = process.env.CI ? 20_261_202 : undefined;

/** How the 10,000 messages are split. */
const BACKGROUND_RUNS = 200;
const BACKGROUND_STEPS = 25;
const UNTRUSTED_RUNS = 100;
const UNTRUSTED_STEPS = 10;
const CONTENT_MESSAGES = 3_000;
const BACKGROUND_SENDERS = 1_000;

const PROFILES = BUNDLED_PROFILES;
/** 2023-11-14T22:13:20Z. */
const START = 1_700_000_000_000;

// ---------------------------------------------------------------------------------------------
// Secrets: PINs and codes drawn from pools, and text that never contains them

/** The PINs the fuzz registers with and types; the first is the one the seeded database uses. */
const PINS = ['7391', '4826', '9057', '3068'] as const;
const CODES = ['739146', '582037', '904615', '263850', '817492'] as const;
const FULL_WIDTH = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const ASCII_DIGITS = (value: string) =>
  value.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
/** A secret as a run of digits of its own: not a piece of a longer number (a phone, a step). */
const secretPatterns = (secrets: readonly string[]) =>
  secrets.map((secret) => new RegExp(`(?:^|\\D)${secret}(?:\\D|$)`));
const POOL_PATTERNS = secretPatterns([...PINS, ...CODES]);
const holdsPoolSecret = (value: string) => POOL_PATTERNS.some((pattern) => pattern.test(ASCII_DIGITS(value)));

const HUGE = ['x'.repeat(201), '１'.repeat(300), '가'.repeat(2_001), 'a'.repeat(8_001)];
/** Free text for every field that is not a secret. */
const text: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '홍길동',
        '산업안전관리 실무',
        '３',
        '0',
        '-1',
        'NaN',
        '\u0000',
        '<b>x</b>',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  )
  .filter((value) => !holdsPoolSecret(value));

// ---------------------------------------------------------------------------------------------
// Browsers, senders, tabs

interface BrowserContext extends SenderContext {
  readonly name: 'chrome' | 'firefox';
  readonly backgroundUrl: string;
}

const isConfiguredOrigin = (origin: string) => profileForOrigin(PROFILES, origin) !== null;
const CHROME: BrowserContext = {
  name: 'chrome',
  extensionId: 'abcdefghijklmnopabcdefghijklmnop',
  extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  isConfiguredOrigin,
  backgroundUrl: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/background.js',
};
const FIREFOX: BrowserContext = {
  name: 'firefox',
  extensionId: 'checkpoint-companion@example.org',
  extensionOrigin: 'moz-extension://5d2c8a9e-1f7b-4c3a-9b61-0e4d2f7a8c13',
  isConfiguredOrigin,
  backgroundUrl: 'moz-extension://5d2c8a9e-1f7b-4c3a-9b61-0e4d2f7a8c13/_generated_background_page.html',
};
const OTHER_IDS = ['ponmlkjihgfedcbaponmlkjihgfedcba', 'other@example.org', ''];
const OTHER_ORIGINS = [
  'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba',
  'moz-extension://00000000-0000-4000-8000-000000000000',
];

/** Frames of our content script: configured origins, a look-alike port, a popup checkpoint. */
interface Frame {
  readonly tabId: number;
  readonly frameId: number;
  readonly url: string;
  readonly topUrl: string;
  readonly openerTabId?: number;
}
const DEMO_URL = 'http://127.0.0.1:8610/courses/c101/checkpoint/entry';
const HRD_TOP_URL = 'http://127.0.0.4:8610/courses/h201/learn';
const CONFIGURED_FRAMES: readonly Frame[] = [
  { tabId: 7, frameId: 0, url: DEMO_URL, topUrl: DEMO_URL },
  {
    tabId: 7,
    frameId: 3,
    url: 'http://127.0.0.1:8610/courses/c101/learn?s=9',
    topUrl: DEMO_URL,
  },
  { tabId: 8, frameId: 0, url: HRD_TOP_URL, topUrl: HRD_TOP_URL },
  // Firefox's sub-frame ids are large numbers.
  { tabId: 8, frameId: 2 ** 33 + 17, url: 'http://127.0.0.6:8610/player/motp', topUrl: HRD_TOP_URL },
  // The demo profile's pattern has no port: another port is configured, with counts of its own.
  {
    tabId: 9,
    frameId: 0,
    url: 'http://127.0.0.1:9999/courses/c101/learn',
    topUrl: 'http://127.0.0.1:9999/courses/c101/learn',
  },
  {
    tabId: 11,
    frameId: 0,
    url: 'http://127.0.0.2:8610/courses/h201/motp',
    topUrl: 'http://127.0.0.2:8610/courses/h201/motp',
    openerTabId: 8,
  },
];
const UNCONFIGURED_FRAMES: readonly Frame[] = [
  { tabId: 8, frameId: 5, url: 'https://ads.example/frame', topUrl: HRD_TOP_URL },
  { tabId: 10, frameId: 0, url: 'http://127.0.0.3:8610/otp', topUrl: 'http://127.0.0.3:8610/otp' },
  { tabId: 10, frameId: 0, url: 'http://localhost:8610/', topUrl: 'http://localhost:8610/' },
  { tabId: 7, frameId: 0, url: 'https://127.0.0.1:8610/courses/c101', topUrl: DEMO_URL },
  { tabId: 12, frameId: 0, url: 'http://127.0.0.1.evil.example/', topUrl: 'http://127.0.0.1.evil.example/' },
  { tabId: 12, frameId: 0, url: 'about:blank', topUrl: 'about:blank' },
  { tabId: 12, frameId: 0, url: 'data:text/html,<p>', topUrl: 'data:text/html,<p>' },
];
const OVERLAY_TAB_URLS = [
  DEMO_URL,
  HRD_TOP_URL,
  'http://127.0.0.1:9999/courses/c101/learn',
  'http://127.0.0.2:8610/courses/h201/motp',
  'https://evil.example/phish',
  'about:blank',
];
const TAB_IDS = [7, 8, 9, 10, 11, 12];

const frameIdArb: fc.Arbitrary<number | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1, 3, 2 ** 33 + 17, 4_294_967_297, Number.MAX_SAFE_INTEGER) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      -1,
      -2,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2 ** 53,
      undefined,
    ),
  },
);
const tabIdArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TAB_IDS) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 2 ** 31 - 1, 50) },
);

function contentSender(ctx: BrowserContext, frame: Frame, frameId = frame.frameId): SenderInfo {
  return {
    id: ctx.extensionId,
    url: frame.url,
    frameId,
    tab: {
      id: frame.tabId,
      url: frame.topUrl,
      ...(frame.openerTabId === undefined ? {} : { openerTabId: frame.openerTabId }),
    },
  };
}

const pageUrl = (ctx: BrowserContext, page: string) => `${ctx.extensionOrigin}/${page}.html`;

/** Senders each request type is meant to come from, one of which `isAllowed` lets through. */
function rightSenders(ctx: BrowserContext): fc.Arbitrary<readonly SenderInfo[]> {
  // Mostly the tabs of our content script's frames, with their URL; sometimes a mismatch.
  const tops = CONFIGURED_FRAMES.filter((frame) => frame.frameId === 0);
  const overlay = fc
    .oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(...tops).map((frame) => ({ tabId: frame.tabId, tabUrl: frame.topUrl })),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          tabId: fc.constantFrom(...TAB_IDS),
          tabUrl: fc.constantFrom(...OVERLAY_TAB_URLS),
        }),
      },
    )
    .map(({ tabId, tabUrl }) => ({
      id: ctx.extensionId,
      url: `${pageUrl(ctx, 'overlay')}?v=1`,
      frameId: 4,
      tab: { id: tabId, url: tabUrl },
    }));
  const popup = fc.constant<SenderInfo>({ id: ctx.extensionId, url: pageUrl(ctx, 'popup') });
  const options = fc.constantFrom<SenderInfo>(
    { id: ctx.extensionId, url: pageUrl(ctx, 'options'), tab: { id: 50, url: pageUrl(ctx, 'options') } },
    { id: ctx.extensionId, url: `${pageUrl(ctx, 'options')}?welcome=1` },
  );
  const content = fc.constantFrom(...CONFIGURED_FRAMES).map((frame) => contentSender(ctx, frame));
  return fc.tuple(overlay, content, popup, options);
}

/** Anything a browser could report, most of it not ours. */
function randomSender(ctx: BrowserContext): fc.Arbitrary<SenderInfo> {
  const ownPages = ['popup', 'options', 'overlay'].map((page) => pageUrl(ctx, page));
  const url = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        ...ownPages,
        ctx.backgroundUrl,
        `${ctx.extensionOrigin}/popup.htm`,
        `${ctx.extensionOrigin}/sub/options.html`,
        `${ctx.extensionOrigin}//overlay.html`,
        `${ctx.extensionOrigin}/overlay.html.js`,
        `${ctx.extensionOrigin.toUpperCase()}/popup.html`,
        `${ctx.extensionOrigin}.evil.example/popup.html`,
        ...OTHER_ORIGINS.map((origin) => `${origin}/overlay.html`),
        ...CONFIGURED_FRAMES.map((frame) => frame.url),
        ...UNCONFIGURED_FRAMES.map((frame) => frame.url),
        'not a url',
        '',
        'null',
      ),
    },
    { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
    { weight: 1, arbitrary: text },
  );
  const tab = fc.record(
    {
      id: tabIdArb,
      url: fc.oneof(fc.constantFrom(...OVERLAY_TAB_URLS, ...ownPages), text),
      openerTabId: tabIdArb,
    },
    { requiredKeys: [] },
  );
  return fc.record(
    {
      id: fc.constantFrom(ctx.extensionId, ctx.extensionId, ...OTHER_IDS),
      url,
      frameId: frameIdArb,
      tab,
    },
    { requiredKeys: [] },
  );
}

/** The entrypoint's verdict on a sender for a request, from the real functions. */
function admits(ctx: BrowserContext, sender: SenderInfo, request: BackgroundRequest | null): boolean {
  if (sender.id !== ctx.extensionId || !request) return false;
  const trusted = classifySender(sender, ctx);
  return trusted !== null && isAllowed(request.type, trusted);
}

// ---------------------------------------------------------------------------------------------
// Requests: valid, mutated, random

const SECRET = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 11) % 256);
const KEY_URIS = [
  formatKeyUri({
    secret: SECRET,
    algorithm: 'SHA1',
    digits: 6,
    period: 60,
    issuer: '데모 원격훈련원',
    accountName: '홍길동',
  }),
  formatKeyUri({
    secret: SECRET.map((b) => b ^ 0x5a),
    algorithm: 'SHA256',
    digits: 6,
    period: 30,
    issuer: 'Demo',
    accountName: 'kim',
  }),
];
const BAD_KEY_URIS = [
  'otpauth://totp/x?secret=AAAA',
  'otpauth://hotp/x?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  `otpauth://totp/%E0%A4%A?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567`,
  'https://example.com/',
];
const PHONES = ['010-1234-5678', '+82 10 2222 3333', '０１０１２３４５６７８', '01056781234'];
const BAD_PHONES = ['02-123-4567', '010-1234-567', '１２３', ''];
const LMS_ORIGINS = ['http://127.0.0.1:8610', 'http://127.0.0.1:9999'];
const BAD_LMS_ORIGINS = [
  'http://localhost:8610',
  'http://127.0.0.2:8610',
  'https://127.0.0.1',
  'javascript:1',
];
const mostly = <T>(good: readonly T[], bad: readonly T[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(...bad) },
  );

const registrationSave = fc
  .record({
    consentVersion: fc.constantFrom(1, 1, 1, 1, 0, 2, Number.POSITIVE_INFINITY),
    name: mostly(['홍길동', '김철수', 'Kim Min-su'], ['', 'A'.repeat(41), '홍길동1', '<script>']),
    phone: mostly(PHONES, BAD_PHONES),
    pin: mostly(PINS, ['12a4', '123', '12345', '']),
    confirmation: fc.constantFrom('same', 'same', 'same', 'same', 'fullWidth', 'other'),
    keyUri: mostly(KEY_URIS, BAD_KEY_URIS),
    lmsOrigin: mostly(LMS_ORIGINS, BAD_LMS_ORIGINS),
  })
  .map(({ confirmation, pin, ...rest }) => ({
    type: 'registration/save' as const,
    registration: {
      ...rest,
      pin,
      pinConfirmation:
        confirmation === 'same' ? pin : confirmation === 'fullWidth' ? FULL_WIDTH(pin) : (PINS[0] as string),
    },
  }));

const strangeCount = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -1,
      7,
      4.5,
      -0,
      1e9,
      2 ** 53,
    ),
  },
);
const nullableCount = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10_000 }));
const traineePhone = fc.oneof(
  fc.constant(null),
  fc.constantFrom('01012345678', '010-2222-3333', '０１０５６７８１２３４', '011-123-4567'),
  text,
);
const courseId = fc.oneof(fc.constant(null), fc.constantFrom('c101', 'c102', 'h201'), text);

/** Facts as the content script (or `checkpoint/seen`) reports them; schema-valid. */
const pageFacts = (count: fc.Arbitrary<number | null>): fc.Arbitrary<PageFacts> =>
  fc.record({
    profileId: fc.constantFrom('demo-lms', 'demo-lms', 'hrd-motp', 'hrd-motp', 'hrd-generic', 'nobody'),
    ruleId: fc.constantFrom('demo-entry', 'demo-session', 'hrd-entry', 'hrd-loader', 'x'),
    kind: fc.constantFrom(...CHECKPOINT_KINDS),
    mode: fc.constantFrom(...VERIFICATION_MODES),
    courseId,
    courseTitle: fc.option(text, { nil: null }),
    session: count,
    traineeName: fc.oneof(fc.constant(null), fc.constantFrom('홍길동', '김철수'), text),
    traineePhone,
    pageAttemptsLeft: count,
  });

const REQUEST_IDS = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, 1_000_000) },
);
const OBSERVED_URLS = [
  '/fdsService/hrdOTP/JSP/chkOtpResult.jsp',
  'https://hrd.go.kr/fdsService/hrdOTP/JSP/chkOtpDeviceStatus.jsp',
  '/api/v2/otp_accredit',
  'https://hrd.go.kr/api/v2/user_reset',
  '/courses/h201/learn',
  'not a url',
  '',
];
const errCnt = fc.constantFrom('0', '1', '2', '4', '5', '7', '-1', 'NaN', '４', '', '4.5', '999', null);
const v1Result = fc
  .record({ retVal: fc.constantFrom('101', '102', '901', 'abc'), errCnt, msg: text })
  .map(
    ({ retVal, errCnt, msg }) =>
      `<Result><RetVal>${retVal}</RetVal>${errCnt === null ? '' : `<ErrCnt>${errCnt}</ErrCnt>`}<RetMsg>${msg}</RetMsg></Result>`,
  );
const v1Status = fc
  .record({
    conn: fc.constantFrom('101', '102'),
    otp: fc.constantFrom('101', '102', '103', '901', '999'),
    errCnt,
  })
  .map(
    ({ conn, otp, errCnt }) =>
      `<ConnStatus>${conn}</ConnStatus><OtpStatus>${otp}</OtpStatus>${errCnt === null ? '' : `<ErrCnt>${errCnt}</ErrCnt>`}`,
  );
const v2Answer = fc
  .record({
    code: fc.constantFrom<unknown>(
      '200',
      200,
      'AP001',
      'AP009',
      'AP005',
      'AP010',
      'WE001',
      'IE002',
      'XX',
      null,
    ),
    msg: text,
  })
  .map((answer) => JSON.stringify(answer));
const brokenBody = fc.oneof(fc.constantFrom('', '<RetVal>10', '{"code":', 'null', '[]'), text);
/** An answer's endpoint and body: mostly of the endpoint's own format, sometimes anything at all. */
const answered = fc.oneof(
  { weight: 2, arbitrary: fc.record({ url: fc.constant(OBSERVED_URLS[0] as string), body: v1Result }) },
  { weight: 1, arbitrary: fc.record({ url: fc.constant(OBSERVED_URLS[1] as string), body: v1Status }) },
  {
    weight: 2,
    arbitrary: fc.record({
      url: fc.constantFrom(OBSERVED_URLS[2] as string, OBSERVED_URLS[3] as string),
      body: v2Answer,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      url: fc.constantFrom(...OBSERVED_URLS),
      body: fc.oneof(v1Result, v1Status, v2Answer, brokenBody),
    }),
  },
);
const DIALOG_TEXTS = [
  '인증되었습니다.',
  '인증이 완료되었습니다. 한번 더 인증해 주세요.',
  'mOTP 번호가 일치하지 않습니다.',
  '5회 실패로 잠겼습니다.',
  '일시적인 오류입니다. 잠시 후 다시 시도해 주세요.',
  '점검 중입니다.',
];
const observation = fc.oneof(
  fc.record({
    kind: fc.constant('request' as const),
    id: REQUEST_IDS,
    url: fc.constantFrom(...OBSERVED_URLS),
    facts: fc.record({
      kind: fc.option(fc.constantFrom(...CHECKPOINT_KINDS), { nil: null }),
      session: nullableCount,
      traineeName: fc.option(text, { nil: null }),
      traineePhone: fc.oneof(fc.constant(null), fc.constantFrom('01012345678', '01022223333'), text),
      carriesCode: fc.boolean(),
      codeLength: fc.integer({ min: 0, max: 100 }),
    }),
  }),
  fc
    .record({
      id: REQUEST_IDS,
      status: fc.constantFrom(200, 200, 200, 200, 200, 500, 503, 404, 0, 999),
      answered,
    })
    .map(({ id, status, answered }) => ({ kind: 'answer' as const, id, ...answered, status })),
  fc.record({
    kind: fc.constant('failed' as const),
    id: REQUEST_IDS,
    url: fc.constantFrom(...OBSERVED_URLS),
  }),
  fc.record({ kind: fc.constant('dialog' as const), text: fc.oneof(fc.constantFrom(...DIALOG_TEXTS), text) }),
);

const stepArb = fc.oneof(
  fc.integer({ min: 28_333_330, max: 28_333_400 }),
  fc.constantFrom(0, Number.MAX_SAFE_INTEGER),
);
const code = fc.constantFrom(...CODES);
const siteOrigin = fc.oneof(fc.constantFrom('https://lms.example.kr', 'http://127.0.0.1:8610', ''), text);

const validRequest: fc.Arbitrary<BackgroundRequest> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ type: 'status/get' as const }) },
  { weight: 3, arbitrary: registrationSave },
  { weight: 1, arbitrary: fc.constant({ type: 'registration/delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'registration/choices' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'enrollment/find' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({ type: fc.constant('webOtp/code' as const), pin: fc.constantFrom(...PINS) }),
  },
  { weight: 5, arbitrary: fc.constant({ type: 'checkpoint/context' as const }) },
  {
    weight: 8,
    arbitrary: fc
      .record({
        type: fc.constant('checkpoint/submit' as const),
        code,
        method: fc.constantFrom('app' as const, 'webOtp' as const),
        step: fc.option(stepArb, { nil: undefined }),
        // Where the overlay's submit button is, for the page's hit test; now and then not a point.
        at: fc.option(
          fc.oneof(
            { weight: 5, arbitrary: fc.array(fc.tuple(fc.nat(2_000), fc.nat(2_000)), { maxLength: 5 }) },
            {
              weight: 1,
              arbitrary: fc.array(fc.tuple(fc.constantFrom(Number.NaN, 1e6, -1e6), fc.nat(2_000)), {
                minLength: 1,
                maxLength: 6,
              }),
            },
          ),
          { nil: undefined },
        ),
      })
      .map(({ step, at, ...request }) => ({
        ...request,
        ...(step === undefined ? {} : { step }),
        ...(at === undefined ? {} : { at }),
      })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'checkpoint/close' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'checkpoint/reload' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({ type: fc.constant('checkpoint/seen' as const), facts: pageFacts(nullableCount) }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      type: fc.constant('page/observed' as const),
      pageId: fc.constantFrom('page-aaaaaaaa', 'page-aaaaaaaa', 'page-bbbbbbbb'),
      observation,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ type: 'page/arrived' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('page/filled' as const),
      fillId: fc.uuid(),
      result: fc.record({
        outcome: fc.constantFrom(
          'success',
          'failure',
          'locked',
          'unknown',
          'pending',
          'unavailable' as const,
        ),
        attemptsLeft: fc.option(fc.integer({ min: 0, max: 5 })),
        message: text,
      }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ type: 'attempt/notice' as const }) },
  { weight: 3, arbitrary: fc.constant({ type: 'verifier/reset' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('history/page' as const),
      courseId,
      before: fc.option(
        fc.record({
          at: fc.oneof(
            fc.integer({ min: START - 1_000, max: START + 10_000_000 }),
            fc.constantFrom(0, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300),
          ),
          id: fc.oneof(fc.integer({ min: -1, max: 100 }), fc.constantFrom(Number.POSITIVE_INFINITY, 0.5)),
        }),
        { nil: null },
      ),
      limit: fc.integer({ min: 1, max: 500 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('history/export' as const),
      format: fc.constantFrom('csv' as const, 'json' as const),
      courseId,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'history/delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'profile/get' as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('profile/import' as const), json: text }) },
  { weight: 1, arbitrary: fc.constant({ type: 'profile/clearImported' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'profile/sync' as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('site/enable' as const), origin: siteOrigin }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('site/disable' as const), origin: siteOrigin }) },
);

/** Every request type the protocol declares, read from its schema: a bare `{ type }` of each is fuzzed too. */
const REQUEST_TYPES: readonly string[] = BackgroundRequestSchema.options.map(
  (option) => option.entries.type.literal,
);

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
/** Own `__proto__` keys as a structured-cloned or JSON-parsed message has them. */
const withOwnKey = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * Values a mutation puts in any field. Their digits are decoys, not the pools' PINs and codes: a
 * pool secret in a name or course id would be the fuzz's own doing, not the extension's.
 */
const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    -0,
    1.5,
    1e21,
    2 ** 53,
    '',
    FULL_WIDTH('2580'),
    FULL_WIDTH('147036'),
    '2580 ',
    '14703',
    '1470369',
    ' 147036',
    '147036\n',
    null,
    undefined,
    true,
    [],
    {},
    BigInt(1),
    new Date(Number.NaN),
    new Map([['type', 'status/get']]),
    JSON.parse('{"__proto__":{"polluted":true}}'),
    ...HUGE,
    'x'.repeat(200_001),
  ),
  text,
  fc.jsonValue({ maxDepth: 2 }),
);

interface Mutation {
  readonly kind: 'set' | 'delete' | 'extra' | 'retype';
  readonly pick: number;
  readonly key: string;
  readonly value: unknown;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('set', 'set', 'set', 'delete', 'extra', 'retype'),
  pick: fc.nat(),
  key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('type', 'extra', 'pin', 'code')),
  value: strangeValue,
});
const RETYPES = [
  'status/get ',
  'STATUS/GET',
  'status',
  'checkpoint/submit\u0000',
  'checkpoint/submit',
  'webOtp/code',
  'registration/save',
  'page/fill',
  '__proto__',
  'constructor',
];

/** Every object in a value with the path to it, the root first. */
function objectsIn(value: unknown, into: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (value && typeof value === 'object' && !(value instanceof Map) && !(value instanceof Date)) {
    into.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) objectsIn(child, into);
  }
  return into;
}

function mutate(request: BackgroundRequest, mutations: readonly Mutation[]): unknown {
  const copy = structuredClone(request) as Record<string, unknown>;
  for (const { kind, pick, key, value } of mutations) {
    const objects = objectsIn(copy);
    const target = objects[pick % objects.length] as Record<string, unknown>;
    const keys = Object.keys(target);
    const field = keys[pick % Math.max(1, keys.length)];
    if (kind === 'retype') copy.type = RETYPES[pick % RETYPES.length];
    // A copy: the constants of `strangeValue` are shared between runs and must stay as they are.
    else if (kind === 'extra') withOwnKey(target, key, structuredClone(value));
    else if (field === undefined) continue;
    else if (kind === 'delete') delete target[field];
    else target[field] = structuredClone(value);
  }
  return copy;
}

const protocolShaped = fc
  .tuple(validRequest, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([request, mutations]) => mutate(request, mutations));

const randomMessage: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  fc.record({ type: fc.oneof(fc.constantFrom(...RETYPES), text) }),
  fc.constantFrom<unknown>(JSON.parse('{"type":"status/get","__proto__":{"type":"history/delete"}}')),
);

const anyMessage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: randomMessage },
  { weight: 4, arbitrary: protocolShaped },
  { weight: 14, arbitrary: validRequest },
  { weight: 1, arbitrary: fc.constantFrom(...REQUEST_TYPES).map((type) => ({ type })) },
);

// ---------------------------------------------------------------------------------------------
// The outside world: a content script, tabs, a clock and profile settings that answer at random

// Every outcome is fuzzed: one added to `FormOutcome` and not listed here fails to compile.
const OUTCOMES: Record<FormOutcome, true> = {
  success: true,
  successAgain: true,
  failure: true,
  locked: true,
  notCounted: true,
  unavailable: true,
  pending: true,
  unknown: true,
  notRegistered: true,
};
const FORM_OUTCOMES = Object.keys(OUTCOMES) as FormOutcome[];

const SHOWN_AS_IS: ComputedValues = UNTOUCHED_ROOT;
const VISIBLE: ExposureFacts = { ...shownOverlay(2), host: SHOWN_AS_IS };
const exposure: fc.Arbitrary<ExposureFacts> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(VISIBLE) },
  {
    weight: 2,
    arbitrary: fc.record({
      placed: fc.boolean(),
      host: fc.constantFrom(
        SHOWN_AS_IS,
        { ...SHOWN_AS_IS, opacity: '0.01' },
        { ...SHOWN_AS_IS, display: 'none' },
      ),
      root: fc.constantFrom(SHOWN_AS_IS, { ...SHOWN_AS_IS, filter: 'blur(3px)' }, {}),
      hits: fc.array(fc.boolean(), { maxLength: 5 }),
    }),
  },
);

type Throws = { readonly throws: true };
const THROWS: Throws = { throws: true };
const orThrow = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary }, { weight: 1, arbitrary: fc.constant(THROWS) });

interface World {
  readonly facts: PageFacts | null | Throws;
  /** The facts name the profile (and its mode) of the page the message is about, as a real page's do. */
  readonly factsMatchPage: boolean;
  readonly fill: FormResult | Throws;
  readonly enrollmentKey: string | null | Throws;
  readonly overlay: null | Throws;
  /** What the page's engine says of the overlay before a fill (`overlay/exposure`). */
  readonly exposure: ExposureFacts | null | Throws;
  readonly lmsTabs: readonly { readonly id: number; readonly url: string }[];
  /** The LMS server's clock minus the device's, or no answer, or a failing fetch. */
  readonly clock: number | null | Throws;
  readonly settings: null | 'profileInvalid' | 'profileLocked' | 'siteNotGranted';
}

const world: fc.Arbitrary<World> = fc.record({
  factsMatchPage: fc.boolean().chain((first) => (first ? fc.constant(true) : fc.boolean())),
  facts: orThrow(
    fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: pageFacts(strangeCount) }),
  ),
  fill: orThrow(
    fc.record({ outcome: fc.constantFrom(...FORM_OUTCOMES), attemptsLeft: strangeCount, message: text }),
  ),
  enrollmentKey: orThrow(fc.oneof(fc.constant(null), fc.constantFrom(...KEY_URIS, ...BAD_KEY_URIS), text)),
  overlay: orThrow(fc.constant(null)),
  exposure: orThrow(
    fc.oneof({ weight: 6, arbitrary: exposure }, { weight: 1, arbitrary: fc.constant(null) }),
  ),
  lmsTabs: fc.array(
    fc.record({ id: fc.constantFrom(...TAB_IDS), url: fc.constantFrom(...OVERLAY_TAB_URLS, 'not a url') }),
    { maxLength: 3 },
  ),
  clock: orThrow(
    fc.oneof(fc.constant(null), fc.integer({ min: -200_000, max: 200_000 }), fc.constantFrom(1e12, -1e12)),
  ),
  settings: fc.constantFrom(
    null,
    null,
    null,
    'profileInvalid' as const,
    'profileLocked' as const,
    'siteNotGranted' as const,
  ),
});

const SETTINGS_VIEW: ProfileSettingsView = {
  source: 'bundled',
  instituteName: DEMO_LMS_PROFILE.instituteName,
  origins: DEMO_LMS_PROFILE.origins,
  support: DEMO_LMS_PROFILE.support,
  branding: null,
  locked: false,
  refusals: [],
  extraOrigins: [],
  enabledSites: [],
  configuredOrigins: [],
};

interface Harness {
  readonly db: CompanionDb;
  readonly deps: BackgroundDeps;
  /** Calls to anything outside the database: content script, tabs, clock, settings, broadcasts. */
  outsideCalls: number;
  world: World;
  /** The origin of the page the current message is about (the sender's frame, or its tab). */
  pageOrigin: string | null;
  now: number;
}

const threw = (value: unknown): value is Throws =>
  typeof value === 'object' && value !== null && 'throws' in value;
const pageDidNotAnswer = () => new ProtocolFailure({ code: 'pageDidNotAnswer' });

let dbCount = 0;
const openDbs: CompanionDb[] = [];
afterAll(async () => {
  for (const db of openDbs.splice(0)) {
    db.close();
    await db.delete({ disableAutoOpen: false }).catch(() => undefined);
  }
});

function harness(initial: World): Harness {
  dbCount += 1;
  const db = openCompanionDb(`message-fuzz-${dbCount}-${Math.random().toString(36).slice(2)}`);
  openDbs.push(db);
  // The real `askContentScript` throws only protocol failures (`pageDidNotAnswer` for a tab that
  // does not answer); so do these.
  const askContent = async (_tabId: number, request: ContentRequest): Promise<unknown> => {
    h.outsideCalls += 1;
    const answer =
      request.type === 'page/facts'
        ? h.world.facts
        : request.type === 'page/fill'
          ? h.world.fill
          : request.type === 'overlay/exposure'
            ? h.world.exposure
            : h.world.overlay;
    if (threw(answer)) throw pageDidNotAnswer();
    const profile = h.pageOrigin === null ? null : profileForOrigin(PROFILES, h.pageOrigin);
    if (request.type === 'page/facts' && answer && h.world.factsMatchPage && profile)
      return { ...(answer as PageFacts), profileId: profile.id, mode: profile.mode };
    return structuredClone(answer);
  };
  const settings = async (): Promise<ProfileSettingsView> => {
    h.outsideCalls += 1;
    const refusal = h.world.settings;
    if (refusal) throw new ProtocolFailure({ code: refusal, field: 'origins', detail: 'fuzz' });
    return SETTINGS_VIEW;
  };
  const h: Harness = {
    db,
    outsideCalls: 0,
    world: initial,
    pageOrigin: null,
    now: START,
    deps: {
      db,
      now: () => h.now,
      profiles: PROFILES,
      askContent: askContent as BackgroundDeps['askContent'],
      // What the enrollment script reads from the issue page: any text the page holds, or none.
      pickUpEnrollment: async () => {
        h.outsideCalls += 1;
        const keyUri = h.world.enrollmentKey;
        if (threw(keyUri)) throw new Error('no script may run here');
        return keyUri === null ? null : { keyUri };
      },
      notifyPages: () => {
        h.outsideCalls += 1;
      },
      reloadTab: async () => {
        h.outsideCalls += 1;
      },
      listLmsTabs: async () => {
        h.outsideCalls += 1;
        return h.world.lmsTabs;
      },
      sampleServerClock: async () => {
        h.outsideCalls += 1;
        const offset = h.world.clock;
        if (threw(offset)) throw new TypeError('Failed to fetch');
        if (offset === null) return null;
        const sentAt = h.now;
        return {
          sentAt,
          receivedAt: sentAt + 40,
          serverTime: Math.floor((sentAt + 20 + offset) / 1000) * 1000,
          resolutionMs: 1000,
        };
      },
      profileSettings: {
        read: settings,
        importProfile: settings,
        clearImported: settings,
        sync: settings,
        enableSite: settings,
        disableSite: settings,
      },
    },
  };
  return h;
}

async function closeHarness(h: Harness): Promise<void> {
  const index = openDbs.indexOf(h.db);
  if (index >= 0) openDbs.splice(index, 1);
  h.db.close();
  await h.db.delete({ disableAutoOpen: false });
}

// ---------------------------------------------------------------------------------------------
// The pipeline, as the background entrypoint runs it

type Delivery = { readonly ignored: true } | { readonly ignored: false; readonly reply: Reply<unknown> };

/**
 * One message through the entrypoint's steps, with the real functions: not ours → no answer;
 * not a request → no answer; a sender not allowed → `untrustedSender`; else the handler's value
 * or its error as a protocol error. A throw out of here is a crash of the background's listener.
 */
async function deliver(
  message: unknown,
  sender: SenderInfo,
  ctx: BrowserContext,
  deps: BackgroundDeps,
): Promise<Delivery> {
  if (sender.id !== ctx.extensionId) return { ignored: true };
  const request = parseBackgroundRequest(message);
  if (!request) return { ignored: true };
  const trusted = classifySender(sender, ctx);
  if (!trusted || !isAllowed(request.type, trusted))
    return { ignored: false, reply: { ok: false, error: { code: 'untrustedSender' } } };
  return handleRequest(request, trusted, deps).then(
    (value): Delivery => ({ ignored: false, reply: { ok: true, value } }),
    (error: unknown): Delivery => ({ ignored: false, reply: { ok: false, error: toProtocolError(error) } }),
  );
}

/** Error codes a message may end with; `internal` is a crash, `storageFailed` a key the db cannot take. */
const EXPECTED_ERRORS = new Set<ErrorCode>(
  ERROR_CODES.filter((code) => code !== 'internal' && code !== 'storageFailed'),
);

// ---------------------------------------------------------------------------------------------
// Reading the database back

/**
 * A canonical text of every table, tagging types so that NaN, -0, null and undefined differ. Read
 * in one transaction: fake-indexeddb's next write waits longer the more transactions came before,
 * and a transaction per table per step of a thousand-step run made that wait seconds long.
 */
async function dump(db: CompanionDb): Promise<string> {
  const tables = [...db.tables].sort((a, b) => a.name.localeCompare(b.name));
  return db.transaction('r', tables, async () => {
    const parts: string[] = [];
    for (const table of tables) parts.push(`${table.name}=${canonical(await table.toArray())}`);
    return parts.join('\n');
  });
}

function canonical(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  if (typeof value === 'number') return Object.is(value, -0) ? '#-0' : `#${value}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value}:${value}`;
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `buffer:${String(value)}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return `?${typeof value}`;
}

/** Every string anywhere in a value (keys included). */
function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsIn(item, into);
    }
  }
  return into;
}

const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 5;

/** Counts in any reply or record: every field that names one holds an integer 0–5. */
function expectCountsIn(value: unknown, where: string): void {
  if (Array.isArray(value)) {
    for (const item of value) expectCountsIn(item, where);
    return;
  }
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (['codeAttemptsLeft', 'pinAttemptsLeft', 'wrongCodes', 'wrongPins'].includes(key))
      expect(isCount(item), `${where}: ${key} = ${String(item)}`).toBe(true);
    // The page's own words (`result`, a FormResult) are handed back as the page said them.
    if (key !== 'result') expectCountsIn(item, `${where}.${key}`);
  }
}

interface CountSnapshot {
  readonly codesLeft: number;
  readonly pinsLeft: number;
  readonly locked: boolean;
  readonly wiped: boolean;
}

async function countSnapshot(db: CompanionDb): Promise<Map<string, CountSnapshot>> {
  const records = await db.counters.toArray();
  const snapshot = new Map<string, CountSnapshot>();
  for (const record of records) {
    expect(isCount(record.wrongCodes), `wrongCodes ${record.wrongCodes} in ${record.key}`).toBe(true);
    expect(isCount(record.wrongPins), `wrongPins ${record.wrongPins} in ${record.key}`).toBe(true);
    expect(typeof record.codesLocked).toBe('boolean');
    expect(typeof record.secretWiped).toBe('boolean');
    expect(Number.isFinite(record.updatedAt)).toBe(true);
    const counters: FailureCounters = record;
    snapshot.set(record.key, {
      codesLeft: codeAttemptsLeft(counters),
      pinsLeft: pinAttemptsLeft(counters),
      locked: record.codesLocked,
      wiped: record.secretWiped,
    });
  }
  return snapshot;
}

async function expectNoSecrets(db: CompanionDb, handedOut: readonly string[]): Promise<void> {
  const patterns = [...POOL_PATTERNS, ...secretPatterns(handedOut)];
  for (const table of db.tables) {
    for (const value of stringsIn(await table.toArray())) {
      const leaked = patterns.find((pattern) => pattern.test(ASCII_DIGITS(value)));
      expect(
        leaked,
        `${table.name} holds a PIN or code: ${JSON.stringify(value.slice(0, 200))}`,
      ).toBeUndefined();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Property 1: random messages against one database

interface Step {
  readonly message: unknown;
  readonly right: readonly SenderInfo[];
  readonly rotation: number;
  readonly random: SenderInfo;
  readonly useRandom: boolean;
  readonly world: World;
  readonly advanceMs: number;
}

const stepFor = (ctx: BrowserContext): fc.Arbitrary<Step> =>
  fc.record({
    message: anyMessage,
    right: rightSenders(ctx),
    rotation: fc.nat(3),
    random: randomSender(ctx),
    useRandom: fc.boolean().chain((first) => (first ? fc.boolean() : fc.constant(false))),
    world,
    advanceMs: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 3_000 }) },
      { weight: 2, arbitrary: fc.integer({ min: 3_000, max: 70_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(121_000, 86_400_000) },
    ),
  });

function pageOriginOf(sender: SenderInfo): string | null {
  const url = sender.url?.startsWith('http') ? sender.url : sender.tab?.url;
  return url ? toHttpOrigin(url) : null;
}

/** The step's sender: a random one, or the first meant sender the request is allowed from. */
function senderOf(ctx: BrowserContext, step: Step, request: BackgroundRequest | null): SenderInfo {
  if (step.useRandom || !request) return step.random;
  const rotated = [...step.right.slice(step.rotation), ...step.right.slice(0, step.rotation)];
  return rotated.find((sender) => admits(ctx, sender, request)) ?? step.random;
}

const REGISTRATION_STEP = (ctx: BrowserContext): Step => ({
  message: {
    type: 'registration/save',
    registration: {
      consentVersion: 1,
      name: '홍길동',
      phone: '010-1234-5678',
      pin: PINS[0],
      pinConfirmation: PINS[0],
      keyUri: KEY_URIS[0],
      lmsOrigin: 'http://127.0.0.1:8610',
    },
  },
  right: [{ id: ctx.extensionId, url: pageUrl(ctx, 'options') }],
  rotation: 0,
  random: {},
  useRandom: false,
  world: {
    factsMatchPage: false,
    facts: null,
    fill: THROWS,
    enrollmentKey: null,
    overlay: null,
    exposure: VISIBLE,
    lmsTabs: [],
    clock: null,
    settings: null,
  },
  advanceMs: 0,
});

/**
 * A step whose message is mostly one of `focus`: PINs (five wrong ones wipe the secret), or the
 * pages of one tab, whose content script reports the facts of its own profile (counts are kept
 * per address and trainee: spread over every frame, few would ever climb and come down again).
 */
const focusedStepFor = (
  ctx: BrowserContext,
  focus: fc.Arbitrary<unknown>,
  frame?: Frame,
): fc.Arbitrary<Step> =>
  fc.tuple(stepFor(ctx), focus, fc.nat(4)).map(([step, message, pick]) => {
    if (pick >= 3) return step;
    if (!frame) return { ...step, message };
    const overlay = { ...step.right[0], tab: { id: frame.tabId, url: frame.topUrl } };
    return {
      ...step,
      message,
      right: [overlay, contentSender(ctx, frame), ...step.right.slice(2)],
      world: { ...step.world, factsMatchPage: true },
    };
  });
const PIN_FOCUS = fc.constantFrom(...PINS).map((pin) => ({ type: 'webOtp/code', pin }));
const HRD_FOCUS = fc.oneof(
  { weight: 6, arbitrary: validRequest.filter((request) => request.type === 'page/observed') },
  { weight: 1, arbitrary: fc.constant({ type: 'verifier/reset' }) },
  { weight: 1, arbitrary: validRequest.filter((request) => request.type === 'checkpoint/seen') },
  { weight: 1, arbitrary: fc.constantFrom({ type: 'checkpoint/context' }, { type: 'attempt/notice' }) },
);
const OVERLAY_FOCUS = fc.oneof(
  { weight: 5, arbitrary: validRequest.filter((request) => request.type === 'checkpoint/submit') },
  { weight: 1, arbitrary: fc.constantFrom(...PINS).map((pin) => ({ type: 'webOtp/code', pin })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      { type: 'checkpoint/context' },
      { type: 'attempt/notice' },
      { type: 'checkpoint/reload' },
      { type: 'verifier/reset' },
    ),
  },
);
const sequence = (step: fc.Arbitrary<Step>) =>
  fc.array(step, { minLength: BACKGROUND_STEPS, maxLength: BACKGROUND_STEPS });

const runArb = fc.constantFrom(CHROME, FIREFOX).chain((ctx) =>
  fc.oneof(
    // Everything at once; half the runs start registered, so the web-OTP paths are reached.
    {
      weight: 6,
      arbitrary: fc.record({
        ctx: fc.constant(ctx),
        registered: fc.boolean(),
        steps: sequence(stepFor(ctx)),
      }),
    },
    // Runs that dwell on PINs (registered: there is a secret to wipe), on one HRD page's answers,
    // or on the overlay submitting codes on the demo LMS's page.
    {
      weight: 2,
      arbitrary: fc.record({
        ctx: fc.constant(ctx),
        registered: fc.constant(true),
        steps: sequence(focusedStepFor(ctx, PIN_FOCUS)),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        ctx: fc.constant(ctx),
        registered: fc.boolean(),
        steps: sequence(focusedStepFor(ctx, HRD_FOCUS, CONFIGURED_FRAMES[2])),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        ctx: fc.constant(ctx),
        registered: fc.boolean(),
        steps: sequence(focusedStepFor(ctx, OVERLAY_FOCUS, CONFIGURED_FRAMES[0])),
      }),
    },
  ),
);

/** What happened over all runs, to check the fuzz reached the handlers and not only the parser. */
const coverage = {
  messages: 0,
  /** Request types that reached the sender checks as valid requests. */
  parsed: new Set<string>(),
  /** Counts that locked, secrets that were wiped, attempts left that rose (legitimately). */
  locked: 0,
  wiped: 0,
  rose: 0,
  ignored: 0,
  untrusted: 0,
  values: new Map<string, number>(),
  errors: new Map<string, number>(),
};
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

async function runSequence(ctx: BrowserContext, registered: boolean, steps: readonly Step[]): Promise<void> {
  const h = harness(REGISTRATION_STEP(ctx).world);
  try {
    const handedOut: string[] = [];
    let registeredPin: string | null = null;
    const all = registered ? [REGISTRATION_STEP(ctx), ...steps] : steps;
    for (const [index, step] of all.entries()) {
      h.now += step.advanceMs;
      h.world = step.world;
      const request = parseBackgroundRequest(step.message);
      const sender = senderOf(ctx, step, request);
      h.pageOrigin = pageOriginOf(sender);
      const refused = !admits(ctx, sender, request);
      if (request) coverage.parsed.add(request.type);
      const before = await countSnapshot(h.db);
      const dumpBefore = refused ? await dump(h.db) : null;
      const callsBefore = h.outsideCalls;

      let delivery: Delivery;
      try {
        delivery = await deliver(step.message, sender, ctx, h.deps);
      } catch (error) {
        throw new Error(`message ${index} threw out of the pipeline: ${String(error)}`);
      }
      coverage.messages += 1;
      const where = `message ${index} (${request?.type ?? 'not a request'})`;

      // How it ended.
      if (delivery.ignored) {
        coverage.ignored += 1;
        expect(refused).toBe(true);
      } else if (!delivery.reply.ok) {
        const { error } = delivery.reply;
        if (error.code === 'untrustedSender' && refused) coverage.untrusted += 1;
        else bump(coverage.errors, `${request?.type} ${error.code}`);
        expect(EXPECTED_ERRORS.has(error.code), `${where} ended with ${error.code}`).toBe(true);
        expect(refused && error.code !== 'untrustedSender', `${where}: refused sender answered`).toBe(false);
        if (error.attemptsLeft !== undefined) expect(isCount(error.attemptsLeft)).toBe(true);
        if (error.retryInSeconds !== undefined)
          expect(Number.isInteger(error.retryInSeconds) && error.retryInSeconds >= 0).toBe(true);
        expect(holdsPoolSecret(JSON.stringify(error)), `${where}: a secret in the error`).toBe(false);
      } else {
        expect(refused, `${where}: a refused sender got a value`).toBe(false);
        bump(coverage.values, request?.type ?? '?');
        // The reply crosses to another context: it must survive structured cloning.
        expect(() => structuredClone(delivery.reply)).not.toThrow();
        expectCountsIn(delivery.reply.value, where);
        if (request?.type === 'webOtp/code') handedOut.push((delivery.reply.value as { code: string }).code);
        if (request?.type === 'registration/save') registeredPin = ASCII_DIGITS(request.registration.pin);
      }

      // Refused senders change nothing and reach nothing.
      if (dumpBefore !== null) {
        expect(await dump(h.db), `${where}: a refused message changed the database`).toBe(dumpBefore);
        expect(h.outsideCalls, `${where}: a refused message reached outside`).toBe(callsBefore);
      }

      // Counts: integers 0–5; attempts left go up only for a reason.
      const after = await countSnapshot(h.db);
      const answered = !delivery.ignored && delivery.reply.ok;
      const observed = request?.type === 'page/observed' ? request.observation.kind : null;
      const passedFill =
        !threw(step.world.fill) && ['success', 'successAgain'].includes(step.world.fill.outcome);
      const codesMayRise =
        answered &&
        (request?.type === 'verifier/reset' ||
          (request?.type === 'page/observed' && (observed === 'answer' || observed === 'dialog')) ||
          (request?.type === 'checkpoint/submit' && passedFill));
      const pinsMayRise =
        !delivery.ignored &&
        ((request?.type === 'registration/save' && answered) ||
          (request?.type === 'webOtp/code' && request.pin === registeredPin));
      for (const [key, now] of after) {
        if (now.locked && !before.get(key)?.locked) coverage.locked += 1;
        if (now.wiped && !before.get(key)?.wiped) coverage.wiped += 1;
      }
      for (const [key, was] of before) {
        const now = after.get(key);
        expect(now, `${where}: counters ${key} disappeared`).toBeDefined();
        if (!now) continue;
        if (now.codesLeft > was.codesLeft) coverage.rose += 1;
        if (!codesMayRise)
          expect(now.codesLeft, `${where}: code attempts left rose in ${key}`).toBeLessThanOrEqual(
            was.codesLeft,
          );
        if (!pinsMayRise)
          expect(now.pinsLeft, `${where}: PIN attempts left rose in ${key}`).toBeLessThanOrEqual(
            was.pinsLeft,
          );
      }

      // A web-OTP registration's secret is gone exactly when its counts say so (mOTP keeps none).
      const status = await readStatus(h.deps);
      expectCountsIn(status, `${where}: status`);
      if (status.registration?.mode === 'webOtp')
        expect(status.registration.hasSecret, `${where}: secret vs counters`).toBe(
          !status.counters.secretWiped,
        );

      // History: counts are integers or absent; no PIN or code anywhere in the database.
      for (const event of await h.db.events.toArray())
        expect(
          event.attemptsLeft === null || isCount(event.attemptsLeft),
          `${where}: event ${event.type}`,
        ).toBe(true);
      await expectNoSecrets(h.db, handedOut);
    }
  } finally {
    await closeHarness(h);
  }
}

// ---------------------------------------------------------------------------------------------
// Property 2: senders the background refuses, against a database with something in every table

const untrustedStep = (ctx: BrowserContext) =>
  fc
    .record({
      message: fc.oneof(
        { weight: 1, arbitrary: randomMessage },
        { weight: 1, arbitrary: protocolShaped },
        {
          weight: 6,
          arbitrary: validRequest,
        },
      ),
      random: randomSender(ctx),
      // A sender of ours that is not allowed this request: the popup asking to save a registration.
      right: rightSenders(ctx),
      wrongKind: fc.boolean(),
      world,
    })
    .map(({ message, random, right, wrongKind, world }) => {
      const request = parseBackgroundRequest(message);
      const notAllowed = right.find((sender) => !admits(ctx, sender, request));
      return { message, sender: wrongKind && notAllowed ? notAllowed : random, world };
    })
    .filter(({ message, sender }) => !admits(ctx, sender, parseBackgroundRequest(message)));

/** A registration, counts on two institutes, a tab's attempt, history, a clock and progress. */
async function seededHarness(ctx: BrowserContext): Promise<Harness> {
  const options: SenderInfo = { id: ctx.extensionId, url: pageUrl(ctx, 'options') };
  const popup: SenderInfo = { id: ctx.extensionId, url: pageUrl(ctx, 'popup') };
  const overlay: SenderInfo = {
    id: ctx.extensionId,
    url: pageUrl(ctx, 'overlay'),
    frameId: 4,
    tab: { id: 7, url: DEMO_URL },
  };
  const hrd = contentSender(ctx, CONFIGURED_FRAMES[2] as Frame);
  const quiet = REGISTRATION_STEP(ctx).world;
  const h = harness({ ...quiet, clock: 12_000 });
  const demoFacts: PageFacts = {
    profileId: 'demo-lms',
    ruleId: 'demo-entry',
    kind: 'entry',
    mode: 'webOtp',
    courseId: 'c101',
    courseTitle: '산업안전관리 실무',
    session: null,
    traineeName: '홍길동',
    traineePhone: '01012345678',
    pageAttemptsLeft: null,
  };
  const hrdFacts: PageFacts = {
    ...demoFacts,
    profileId: 'hrd-motp',
    ruleId: 'hrd-entry',
    mode: 'hrdMotp',
    courseId: 'h201',
  };
  const script: [unknown, SenderInfo, Partial<World>][] = [
    [REGISTRATION_STEP(ctx).message, options, {}],
    // A wrong PIN (and the clock measured before it: 12 s off, a skew worth a history entry).
    [{ type: 'webOtp/code', pin: PINS[1] }, popup, {}],
    [
      { type: 'checkpoint/submit', code: CODES[0], method: 'app' },
      overlay,
      {
        facts: { ...demoFacts, courseId: 'c102' },
        fill: { outcome: 'success', attemptsLeft: null, message: '본인인증이 완료되었습니다.' },
      },
    ],
    [
      { type: 'checkpoint/submit', code: CODES[1], method: 'app' },
      overlay,
      {
        facts: demoFacts,
        fill: { outcome: 'failure', attemptsLeft: 3, message: '남은 횟수: 3회' },
      },
    ],
    [{ type: 'checkpoint/seen', facts: hrdFacts }, hrd, {}],
    [
      {
        type: 'page/observed',
        pageId: 'page-aaaaaaaa',
        observation: {
          kind: 'request',
          id: 1,
          url: '/fdsService/hrdOTP/JSP/chkOtpResult.jsp',
          facts: {
            kind: 'entry',
            session: null,
            traineeName: '홍길동',
            traineePhone: '01012345678',
            carriesCode: true,
            codeLength: 6,
          },
        },
      },
      hrd,
      {},
    ],
    [
      {
        type: 'page/observed',
        pageId: 'page-aaaaaaaa',
        observation: {
          kind: 'answer',
          id: 1,
          url: '/fdsService/hrdOTP/JSP/chkOtpResult.jsp',
          status: 200,
          body: '<RetVal>102</RetVal><ErrCnt>2</ErrCnt><RetMsg>일치하지 않습니다</RetMsg>',
        },
      },
      hrd,
      {},
    ],
    // A second attempt still pending: the tab holds an attempt in flight.
    [
      {
        type: 'page/observed',
        pageId: 'page-aaaaaaaa',
        observation: {
          kind: 'request',
          id: 2,
          url: '/api/v2/otp_accredit',
          facts: {
            kind: 'entry',
            session: null,
            traineeName: null,
            traineePhone: null,
            carriesCode: true,
            codeLength: 6,
          },
        },
      },
      hrd,
      {},
    ],
  ];
  for (const [message, sender, patch] of script) {
    h.world = { ...quiet, clock: 12_000, ...patch };
    h.now += 1_000;
    const delivery = await deliver(message, sender, ctx, h.deps);
    expect(delivery, JSON.stringify(message)).toMatchObject({
      ignored: false,
      reply: { ok: expect.any(Boolean) },
    });
    if (!delivery.ignored && !delivery.reply.ok && (message as { type: string }).type !== 'webOtp/code')
      throw new Error(
        `seeding failed at ${JSON.stringify(message)}: ${JSON.stringify(delivery.reply.error)}`,
      );
  }
  for (const table of h.db.tables) expect(await table.count(), `seeded ${table.name}`).toBeGreaterThan(0);
  const counters = await h.db.counters.toArray();
  expect(counters.some((record) => record.wrongPins > 0)).toBe(true);
  expect(counters.some((record) => record.wrongCodes > 0)).toBe(true);
  expect((await h.db.tabs.toArray()).some((tab) => tab.attempt?.outcome === 'pending')).toBe(true);
  return h;
}

// ---------------------------------------------------------------------------------------------
// Property 3: the content script

const CONTENT_TYPES = [
  'page/facts',
  'page/fill',
  // No longer a content-script request (the enrollment script runs on its own): refused.
  'page/enrollmentKey',
  'overlay/close',
  'overlay/show',
  'overlay/exposure',
];
/** An array with a hole where `hole` is: structured cloning (Firefox) keeps holes, JSON (Chromium) does not. */
const withHole = <T>(items: readonly T[], hole: number): T[] => {
  const copy = [...items];
  delete copy[hole % Math.max(1, copy.length)];
  return copy;
};
const pointLike: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.integer({ min: -50, max: 3_000 }), fc.integer({ min: -50, max: 3_000 })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      [1],
      [1, 2, 3],
      [Number.NaN, 1],
      [1, Number.POSITIVE_INFINITY],
      ['1', 2],
      [null, 2],
      { 0: 1, 1: 2, length: 2 },
      withHole([1, 2], 0),
      withHole([1, 2], 1),
      1,
    ),
  },
);
const pointsLike: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.array(pointLike, { maxLength: 7 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(pointLike, { minLength: 1, maxLength: 5 }), fc.nat())
      .map(([points, hole]) => withHole(points, hole)),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, {}, 'points', [[]]) },
);
const originLike = fc.oneof(
  fc.constantFrom(
    'http://127.0.0.1:8610',
    'https://lms.example.kr',
    '',
    'null',
    'javascript:alert(1)',
    `https://${'a'.repeat(190)}.kr`,
    `https://${'a'.repeat(200)}.kr`,
  ),
  fc.webUrl(),
  text,
);
const codeLike = fc.oneof(
  fc.constantFrom(...CODES),
  fc.stringMatching(/^\d{6}$/),
  fc.constantFrom<unknown>(
    FULL_WIDTH('739146'),
    '73914',
    '7391466',
    ' 739146',
    '739146\n',
    '٧٣٩١٤٦',
    739146,
    null,
  ),
  text,
);
const fillIdLike = fc.oneof(
  fc.uuid(),
  fc.constantFrom<unknown>('', 'short', 'x'.repeat(65), 'a b c d e f', '../../../..', 12345678, null),
  text,
);
const contentShaped: fc.Arbitrary<unknown> = fc
  .record(
    {
      type: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
        { weight: 1, arbitrary: fc.constantFrom(...RETYPES) },
      ),
      code: codeLike,
      origin: originLike,
      mode: fc.constantFrom<unknown>('checkpoint', 'notice', 'Checkpoint', '', null, 1),
      points: pointsLike,
      fillId: fillIdLike,
      extra: strangeValue,
    },
    { requiredKeys: ['type'] },
  )
  .chain((message) =>
    fc.oneof(
      fc.constant<unknown>(message),
      fc
        .constantFrom(...PROTOTYPE_KEYS)
        .map((key) => withOwnKey({ ...message }, key, { type: 'page/facts' })),
    ),
  );
/** `overlay/exposure` with points of every kind: short, long, not numbers, not finite, sparse. */
const exposureShaped: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: pointsLike.map((points) => ({ type: 'overlay/exposure', points })) },
  { weight: 1, arbitrary: pointsLike.map((points) => ({ type: 'overlay/exposure', points, extra: 1 })) },
);
const validContent: fc.Arbitrary<ContentRequest> = fc.oneof(
  fc.constantFrom<ContentRequest>({ type: 'page/facts' }, { type: 'overlay/close' }),
  fc.record({
    type: fc.constant('overlay/show' as const),
    mode: fc.constantFrom('checkpoint' as const, 'notice' as const),
  }),
  fc.record({
    type: fc.constant('overlay/exposure' as const),
    points: fc.array(fc.tuple(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 2_000 })), {
      maxLength: 5,
    }),
  }),
  fc.record({
    type: fc.constant('page/fill' as const),
    code: fc.stringMatching(/^[0-9]{6}$/),
    origin: fc
      .oneof(fc.constantFrom('http://127.0.0.1:8610', 'https://lms.example.kr'), fc.webUrl())
      .map((url) => url.slice(0, 200)),
    fillId: fc.uuid(),
  }),
);

/** Two finite numbers at indexes 0 and 1, each present (a hole is no number). */
const isPoint = (point: unknown): boolean =>
  Array.isArray(point) &&
  point.length === 2 &&
  [0, 1].every(
    (index) => index in point && typeof point[index] === 'number' && Number.isFinite(point[index]),
  );

/** What the content script declares it accepts, written out independently of its parser. */
function expectedContentRequest(message: unknown): ContentRequest | null {
  if (typeof message !== 'object' || message === null) return null;
  const record = message as Record<string, unknown>;
  const keys = Object.keys(record).sort().join(',');
  switch (record.type) {
    case 'page/facts':
    case 'overlay/close':
      return keys === 'type' ? { type: record.type } : null;
    case 'overlay/show':
      return keys === 'mode,type' && (record.mode === 'checkpoint' || record.mode === 'notice')
        ? { type: 'overlay/show', mode: record.mode }
        : null;
    case 'overlay/exposure': {
      const { points } = record;
      if (keys !== 'points,type' || !Array.isArray(points) || points.length > 5) return null;
      for (let index = 0; index < points.length; index += 1)
        if (!(index in points) || !isPoint(points[index])) return null;
      return { type: 'overlay/exposure', points: points as [number, number][] };
    }
    case 'page/fill': {
      const { code, origin, fillId } = record;
      if (keys !== 'code,fillId,origin,type' || typeof code !== 'string' || typeof origin !== 'string')
        return null;
      if (code.length !== 6 || [...code].some((ch) => ch < '0' || ch > '9') || origin.length > 200)
        return null;
      // A fill's name: 8 to 64 letters, digits, `_` or `-`.
      if (typeof fillId !== 'string' || fillId.length < 8 || fillId.length > 64) return null;
      if ([...fillId].some((ch) => !/[A-Za-z0-9_-]/.test(ch))) return null;
      return { type: 'page/fill', code, origin, fillId };
    }
    default:
      return null;
  }
}

const BACKGROUND_PATHS = ['/background.js', '/_generated_background_page.html'];
const backgroundSender = fc.constantFrom(CHROME, FIREFOX).chain((ctx) =>
  fc.record({
    ctx: fc.constant(ctx),
    sender: fc.oneof(
      { weight: 1, arbitrary: randomSender(ctx) },
      {
        weight: 3,
        arbitrary: fc.record(
          {
            id: fc.constantFrom(ctx.extensionId, ctx.extensionId, ...OTHER_IDS),
            url: fc.constantFrom(
              ctx.backgroundUrl,
              `${ctx.backgroundUrl}?x=1#y`,
              `${ctx.extensionOrigin}/_generated_background_page.html`,
              `${ctx.extensionOrigin}/background.js`,
              `${ctx.extensionOrigin}/background.js/`,
              `${ctx.extensionOrigin}/Background.js`,
              `${ctx.extensionOrigin}/%62ackground.js`,
              `${ctx.extensionOrigin}/sub/background.js`,
              `${ctx.extensionOrigin}/background.html`,
              `${OTHER_ORIGINS[0]}/background.js`,
              'background.js',
            ),
            // A tab is what tells an extension page (or a content script) from the background.
            tab: fc.oneof(
              { weight: 2, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: fc.record({ id: tabIdArb }, { requiredKeys: [] }) },
            ),
            frameId: frameIdArb,
          },
          { requiredKeys: ['id', 'url'] },
        ),
      },
    ),
  }),
);

// ---------------------------------------------------------------------------------------------

describe('fuzzing the background with random messages', () => {
  it(`${BACKGROUND_RUNS * BACKGROUND_STEPS} messages in sequences on one db each: no crash, sound counts, no secrets stored`, async () => {
    await fc.assert(
      fc.asyncProperty(runArb, async ({ ctx, registered, steps }) => {
        await runSequence(ctx, registered, steps);
      }),
      { numRuns: BACKGROUND_RUNS, seed: SEED },
    );
    // What the fuzz reached, printed before it is judged (a failing check below says what is missing).
    console.info('message fuzz coverage', {
      ...coverage,
      parsed: coverage.parsed.size,
      values: Object.fromEntries(coverage.values),
      errors: Object.fromEntries(coverage.errors),
    });
    // Nothing leaked out of the parser onto the prototypes.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).type).toBeUndefined();
    // The fuzz got past the parser and the sender checks into the handlers, on the deep paths too.
    const values = (type: string) => coverage.values.get(type) ?? 0;
    expect(coverage.ignored).toBeGreaterThan(coverage.messages * 0.1);
    expect(coverage.untrusted).toBeGreaterThan(coverage.messages * 0.02);
    expect(
      [...REQUEST_TYPES].filter((type) => !coverage.parsed.has(type)),
      'types never fuzzed',
    ).toEqual([]);
    // Locks, wiped secrets and legitimate rises all happened: the count checks saw both directions.
    expect(coverage.locked, 'counts that locked').toBeGreaterThan(0);
    expect(coverage.wiped, 'secrets wiped by five wrong PINs').toBeGreaterThan(0);
    expect(coverage.rose, 'legitimate rises of the attempts left').toBeGreaterThan(0);
    for (const type of [
      'checkpoint/submit',
      'checkpoint/context',
      'page/observed',
      'verifier/reset',
      'webOtp/code',
    ])
      expect(values(type), `${type} answered with a value`).toBeGreaterThan(5);
    expect(values('registration/save')).toBeGreaterThan(BACKGROUND_RUNS / 4);
  }, 240_000);
});

describe('fuzzing the background with senders it refuses', () => {
  let h: Harness;
  let before: string;
  beforeAll(async () => {
    h = await seededHarness(CHROME);
    before = await dump(h.db);
  });

  it(`${UNTRUSTED_RUNS * UNTRUSTED_STEPS} messages from refused senders change no byte of the database`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(untrustedStep(CHROME), { minLength: UNTRUSTED_STEPS, maxLength: UNTRUSTED_STEPS }),
        async (steps) => {
          for (const step of steps) {
            h.world = step.world;
            h.now += 30_000;
            const calls = h.outsideCalls;
            const delivery = await deliver(step.message, step.sender, CHROME, h.deps);
            expect(
              delivery.ignored || (!delivery.reply.ok && delivery.reply.error.code === 'untrustedSender'),
            ).toBe(true);
            expect(h.outsideCalls).toBe(calls);
            expect(await dump(h.db)).toBe(before);
          }
        },
      ),
      { numRuns: UNTRUSTED_RUNS, seed: SEED },
    );
  }, 120_000);

  it('the same kinds of message from the right senders do change it (the comparison can fail)', async () => {
    // The world the seeded state was built in, not whatever the last refused step drew at random.
    h.world = { ...REGISTRATION_STEP(CHROME).world, clock: 12_000 };
    const delivery = await deliver(
      { type: 'verifier/reset' },
      contentSender(CHROME, CONFIGURED_FRAMES[2] as Frame),
      CHROME,
      h.deps,
    );
    expect(delivery).toMatchObject({ ignored: false, reply: { ok: true } });
    expect(await dump(h.db)).not.toBe(before);
  });
});

describe('fuzzing the content script', () => {
  it(`${CONTENT_MESSAGES} random messages: parseContentRequest never throws and accepts only its six shapes`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 2, arbitrary: randomMessage },
          { weight: 4, arbitrary: contentShaped },
          { weight: 2, arbitrary: exposureShaped },
          { weight: 2, arbitrary: validContent },
          { weight: 1, arbitrary: protocolShaped },
        ),
        (message) => {
          const parsed = parseContentRequest(message);
          expect(parsed).toEqual(expectedContentRequest(message));
          if (parsed) {
            accepted += 1;
            // A fresh object of known keys: nothing of the message's own rides along.
            expect(parsed).not.toBe(message);
            expect(parseContentRequest(parsed)).toEqual(parsed);
          }
        },
      ),
      { numRuns: CONTENT_MESSAGES, seed: SEED },
    );
    expect(accepted).toBeGreaterThan(CONTENT_MESSAGES / 10);
  });

  it('found by the property above: exposure points with holes are refused (Firefox keeps holes)', () => {
    expect(parseContentRequest({ type: 'overlay/exposure', points: withHole([[1, 2]], 0) })).toBeNull();
    expect(parseContentRequest({ type: 'overlay/exposure', points: [withHole([1, 2], 1)] })).toBeNull();
    expect(parseContentRequest({ type: 'overlay/exposure', points: [[1, 2]] })).toEqual({
      type: 'overlay/exposure',
      points: [[1, 2]],
    });
  });

  it(`${BACKGROUND_SENDERS} random senders: isBackgroundSender accepts only the background of its own id`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(backgroundSender, ({ ctx, sender }) => {
        const result = isBackgroundSender(sender, ctx.extensionId);
        let path: string | null = null;
        try {
          path = sender.url === undefined ? null : new URL(sender.url).pathname;
        } catch {
          path = null;
        }
        const expected =
          sender.id === ctx.extensionId &&
          sender.tab === undefined &&
          path !== null &&
          BACKGROUND_PATHS.includes(path);
        expect(result).toBe(expected);
        if (result) accepted += 1;
      }),
      { numRuns: BACKGROUND_SENDERS, seed: SEED },
    );
    expect(accepted).toBeGreaterThan(BACKGROUND_SENDERS / 20);
    expect(
      isBackgroundSender({ id: CHROME.extensionId, url: CHROME.backgroundUrl }, CHROME.extensionId),
    ).toBe(true);
    expect(
      isBackgroundSender({ id: FIREFOX.extensionId, url: FIREFOX.backgroundUrl }, FIREFOX.extensionId),
    ).toBe(true);
  });
});
