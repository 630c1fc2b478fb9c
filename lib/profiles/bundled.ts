import { DEFAULT_POLICY } from '../checkpoints/policy';
import { HRD_WIRING_SELECTORS, HRD_WORDING } from '../hrd/generic';
import type { CheckpointRule, InstituteProfile, OtpFormRule } from './types';

/** The demo LMS's web-OTP form: the same box on every kind of checkpoint page. */
const DEMO_FORM: OtpFormRule = {
  codeInput: '#otp-code',
  submitButton: '#otp-submit',
  result: '#otp-result',
  successText: ['본인인증이 완료'],
  lockedText: ['잠겼습니다'],
  failureText: ['일치하지 않습니다', '이미 사용된'],
  // Refusals before any verification: malformed input, nothing issued, signed out, a check
  // the LMS does not need now, an expired visit. None of them costs an attempt.
  notCountedText: [
    '6자리 숫자',
    '발급되지 않았습니다',
    '로그인이 필요합니다',
    '먼저 진행하세요',
    '필요하지 않습니다',
    '만료되었습니다',
    '이미 완료되었습니다',
  ],
  unavailableText: ['일시적인 장애', '일시적인 오류'],
  attempts: { pattern: '남은 횟수:?\\s*(\\d+)\\s*회', counts: 'left' },
  attemptsSelector: '#otp-attempts',
  resultTimeoutMs: 6000,
};

const DEMO_TRAINEE_SELECTORS = {
  traineeNameSelector: '.trainee-name',
  traineePhoneSelector: '.trainee-phone',
  courseTitleSelector: '.course-title',
} as const;

function demoRule(
  id: string,
  kind: CheckpointRule['kind'],
  urlPattern: string,
  lead: string,
  box: string,
  extra: Partial<CheckpointRule> = {},
): CheckpointRule {
  return {
    id,
    kind,
    urlPattern,
    textMarkers: [lead],
    requiredSelectors: [`${box} #otp-form`],
    ...DEMO_TRAINEE_SELECTORS,
    form: DEMO_FORM,
    ...extra,
  };
}

const COURSE = '^/courses/(?<courseId>[\\w-]+)';

/**
 * The demo LMS profile (`demo/`). Its origin is the loopback address on any port, so the demo and
 * the end-to-end tests can run on a free port; `localhost` is deliberately not configured.
 */
export const DEMO_LMS_PROFILE: InstituteProfile = {
  id: 'demo-lms',
  instituteName: '데모 원격훈련원',
  origins: ['http://127.0.0.1/*'],
  mode: 'webOtp',
  // The demo LMS can ask at the first login of the day (its `dailyLoginCheck` option).
  policy: { ...DEFAULT_POLICY, dailyLoginCheck: true },
  pageMarkers: ['.site-header'],
  checkpoints: [
    demoRule(
      'demo-entry',
      'entry',
      `${COURSE}/checkpoint/entry(?:[/?#]|$)`,
      '최초 과정 입과시 본인인증',
      'body',
    ),
    // The video pop-up comes before the session rule: both live in the lesson player.
    demoRule('demo-video', 'video', `${COURSE}/learn(?:[/?#]|$)`, '동영상 시청 중 본인인증', '.video-check', {
      sessionSelector: '.video-check .session-number, .lesson[data-session] .session-number',
    }),
    demoRule(
      'demo-session',
      'session',
      `${COURSE}/learn(?:[/?#]|$)`,
      '매 8회차 초과시 본인인증',
      '#session-check',
      {
        sessionSelector: '#session-check .session-number',
      },
    ),
    demoRule(
      'demo-evaluation',
      'evaluation',
      `${COURSE}/evaluation(?:[/?#]|$)`,
      '진행단계 평가 응시 전 본인인증',
      'body',
    ),
    demoRule('demo-exam', 'exam', `${COURSE}/exam(?:[/?#]|$)`, '시험 응시 전 본인인증', 'body'),
    demoRule(
      'demo-assignment',
      'assignment',
      `${COURSE}/assignment(?:[/?#]|$)`,
      '과제 제출 전 본인인증',
      'body',
    ),
    demoRule(
      'demo-daily-login',
      'dailyLogin',
      '^/checkpoint/daily(?:[/?#]|$)',
      '오늘 최초 로그인 시 본인인증',
      'body',
    ),
  ],
  enrollment: {
    urlPattern: '^/otp/enroll(?:[/?#]|$)',
    keyUriSelector: '#otp-key-uri',
  },
  identityVerified: {
    urlPattern: '^/identity/(?:phone|ipin)(?:[/?#]|$)',
    resultSelector: '#identity-result[data-outcome="success"]',
    successText: ['잠금이 해제되었습니다'],
  },
  fallbacks: [
    { kind: 'phone', url: '/identity/phone' },
    { kind: 'ipin', url: '/identity/ipin' },
  ],
  support: {
    phone: '1833-3075',
    email: 'help@demo-lms.example',
    kakaoChannel: '데모원격훈련원',
  },
};

/** HRD Korea's mOTP box as the trainee manual shows it; the code only ever comes from the app. */
const HRD_FORM: OtpFormRule = {
  codeInput: 'input[placeholder="mOTP 번호를 입력하세요"]',
  submitButton: '#btnMotpAuth, .btn-auth',
  result: '#motpMsg, .motp-msg',
  successText: ['인증이 완료'],
  lockedText: ['5회 실패', '5회 인증 실패'],
  failureText: ['일치하지 않습니다'],
  notCountedText: ['6자리를 입력'],
  unavailableText: ['일시적인 장애', '일시적인 오류'],
  attempts: { pattern: '실패\\s*(\\d+)\\s*회\\s*/\\s*5\\s*회', counts: 'failed' },
  resultTimeoutMs: 6000,
};

function hrdRule(id: string, kind: CheckpointRule['kind'], lead: string): CheckpointRule {
  return {
    id,
    kind,
    // Generic: any page of a configured origin; the course id is read when the URL has one.
    urlPattern: '^(?:.*?/courses?/(?<courseId>[\\w-]+))?',
    textMarkers: ['한국산업인력공단 mOTP 인증 시스템', lead],
    requiredSelectors: [HRD_FORM.codeInput],
    // HRD's own script or its status frame: the page is wired to the mOTP service.
    anySelectors: ['script[src*="motp" i]', 'iframe[src*="motp" i]'],
    traineeNameSelector: '.motp-user .user-name',
    traineePhoneSelector: '.motp-user .user-phone',
    courseTitleSelector: 'h1',
    form: HRD_FORM,
  };
}

/**
 * HRD's box as real LMSes build it (docs/hrd-integration.md): whatever the vendor's ids and words,
 * the page loads HRD's frame loader or holds HRD's frame, and has a six-digit code input with a
 * button or link named 인증하기 / 입력확인 / 인증 near it. The outcome comes from HRD's answer to
 * the page's own request (the page observer), so no result element or texts are needed; the kind
 * and session come from that request's `EVAL_CD`/`CLASS_TME` when the page's words do not say.
 */
const HRD_LOADER_FORM: OtpFormRule = {
  codeInput: 'input[maxlength="6"]:not([type=hidden]):not([type=checkbox]):not([type=radio])',
  submitButton: 'button',
  submitText: ['인증하기', '입력확인', '인증', '확인', 'mOTP 인증'],
  // HRD's answers come by alert; a page that also writes them somewhere names it in its profile.
  result: '.hrd-otp-result',
  successText: [],
  lockedText: [],
  failureText: [],
  notCountedText: [],
  unavailableText: [],
  attempts: { pattern: '실패\\s*(\\d+)\\s*회', counts: 'failed' },
  resultTimeoutMs: 10_000,
};

const HRD_LOADER_RULE: CheckpointRule = {
  id: 'hrd-loader',
  kind: 'entry',
  // Any page; the course id is read from the usual query parameters when present.
  urlPattern: '^(?:.*?[?&](?:courseId|course_id|crsId|crs_id)=(?<courseId>[\\w-]+))?',
  textMarkers: [],
  requiredSelectors: [],
  anySelectors: ['script[src*="hrdFrameLoader" i]', '#hrdOtpFrame'],
  // Vendors show the trainee as readonly inputs named after HRD's USER_NM / USER_TEL, or not at all.
  traineeNameSelector:
    'input[readonly][id*="nm" i], input[readonly][name*="nm" i], .user-name, .trainee-name',
  traineePhoneSelector:
    'input[readonly][id*="tel" i], input[readonly][name*="tel" i], .user-tel, .user-phone, .trainee-phone',
  courseTitleSelector: '.course-title, .course-name, h1',
  // Entry first: a classroom page that also links to its exam is still asking for the entry.
  kindMarkers: {
    entry: ['입과'],
    exam: ['시험 응시', '시험'],
    assignment: ['과제 제출', '과제'],
    evaluation: ['진행평가', '진행단계 평가'],
    session: ['차시 인증', '8회차', '진도'],
  },
  form: HRD_LOADER_FORM,
};

/**
 * A generic profile for LMS pages wired to HRD Korea's mOTP service, recognised from the manual's
 * page. In the bundle it covers the demo's HRD-layout site (127.0.0.2); institutes give their
 * own origins through their profile.
 */
export const HRD_MOTP_PROFILE: InstituteProfile = {
  id: 'hrd-motp',
  instituteName: '한빛 직업훈련원',
  // The demo's manual-layout site (.2) and its real-pattern institute LMSes (.4–.7; .6 serves the
  // lesson player's checkpoint iframe). HRD's own stand-in (.3) is not an LMS and is not configured.
  origins: [
    'http://127.0.0.2/*',
    'http://127.0.0.4/*',
    'http://127.0.0.5/*',
    'http://127.0.0.6/*',
    'http://127.0.0.7/*',
  ],
  mode: 'hrdMotp',
  policy: DEFAULT_POLICY,
  checkpoints: [
    hrdRule('hrd-entry', 'entry', '최초 과정 입과시'),
    hrdRule('hrd-session', 'session', '8회차'),
    hrdRule('hrd-assessment', 'exam', '평가'),
    HRD_LOADER_RULE,
  ],
  identityVerified: DEMO_LMS_PROFILE.identityVerified,
  fallbacks: [
    { kind: 'phone', url: '/identity/phone' },
    { kind: 'ipin', url: '/identity/ipin' },
  ],
  support: { phone: '1833-3075' },
};

/**
 * Any LMS wired to HRD's mOTP, on the sites the trainee enabled from the toolbar ("이 사이트에서
 * 사용"): no selectors of any vendor. A page or frame is a checkpoint when it loads HRD's loader or
 * holds HRD's frame, or words its box after HRD's mOTP, and has a code input found the way
 * `lib/hrd/generic.ts` finds it; the outcome comes from HRD's answers (the page observer), the
 * kind and session from the page's request (`EVAL_CD`, `CLASS_TME`) or its words. Its origins are
 * the enabled sites, filled in when the profiles are resolved; an institute's own profile for a
 * site comes first and wins.
 */
export const HRD_GENERIC_PROFILE_ID = 'hrd-generic';
export const HRD_GENERIC_PROFILE: InstituteProfile = {
  id: HRD_GENERIC_PROFILE_ID,
  // Not an institute's: HRD's box on whatever LMS the trainee enabled.
  instituteName: '한국산업인력공단 mOTP',
  origins: [],
  mode: 'hrdMotp',
  policy: DEFAULT_POLICY,
  checkpoints: [
    {
      ...HRD_LOADER_RULE,
      id: 'hrd-generic',
      anySelectors: [...HRD_WIRING_SELECTORS],
      anyText: [...HRD_WORDING],
      form: { ...HRD_LOADER_FORM, codeInput: 'input', discover: 'hrd' },
    },
  ],
  // The site's own identity-verification pages are unknown: the overlay names the ways out in words.
  fallbacks: [],
  // HRD's mOTP help desk, from the trainee manual.
  support: { phone: '1833-3075' },
};

export const BUNDLED_PROFILES: readonly InstituteProfile[] = [DEMO_LMS_PROFILE, HRD_MOTP_PROFILE];

/** Every match pattern of the bundled profiles: the manifest's host access and content-script matches. */
export const BUNDLED_LMS_MATCHES: readonly string[] = [
  ...new Set(BUNDLED_PROFILES.flatMap((p) => p.origins)),
];
