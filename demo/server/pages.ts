/**
 * The demo LMS's pages, rendered on the server as plain HTML. They imitate a typical Korean
 * remote-training LMS and use the trainee manual's wording, so the extension has to recognise
 * checkpoints from text and structure as it would on a real site: no extension-specific hooks.
 */
import { renderSVG } from 'uqr';
import { pageData } from '../shared/markup';
import {
  ASSESSMENT_KINDS,
  type AssessmentContent,
  type AssessmentKind,
  DEMO_INSTITUTE,
  DEMO_TRAINEE,
  type DemoCourse,
  phoneDigits,
  VIDEO_CHECK_SESSIONS,
} from './catalog';
import { html, type SafeHtml, trustedHtml } from './html';
import { identityLinks } from './identity-pages';
import { attemptsLine, CHECKPOINT_LEADS, CHECKPOINT_MESSAGES, type CheckpointResultView } from './messages';
import type { AssessmentPageData, BoxPageData, PlayerPageData } from './page-data';
import { VIDEO_PLAYER_TEXTS } from './player-texts';
import {
  assessmentPath,
  type CheckpointKind,
  coursePath,
  DEMO_PATHS,
  entryCheckpointPath,
  learnPath,
} from './routes';
import { MAX_ATTEMPTS } from './verifier';

/** What every page needs from the server besides its own data. */
export interface PageContext {
  /** The server clock (Unix ms) at render time, exposed as `<meta name="lms-server-time">`. */
  readonly serverTimeMs: number;
}

/** A page's bundled script (demo/server/browser) and the nonce the page's CSP allows it by. */
export interface PageScript {
  readonly nonce: string;
  readonly source: string;
}

/** Which nav item is current. */
type NavItem = 'courses' | 'otp' | null;

interface LayoutOptions extends PageContext {
  readonly title: string;
  readonly signedIn: boolean;
  readonly nav: NavItem;
  readonly body: SafeHtml;
  /** Inline script, allowed by the page's CSP nonce, and the data it reads from the page. */
  readonly script?: PageScript & { readonly data: object };
}

/** The shared frame: header with institute name and nav, main, footer. */
function layout(options: LayoutOptions): SafeHtml {
  const current = (item: NavItem) => (options.nav === item ? 'page' : null);
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="lms-server-time" content="${options.serverTimeMs}">
<title>${options.title} | ${DEMO_INSTITUTE.name}</title>
<link rel="stylesheet" href="${DEMO_PATHS.stylesheet}">
</head>
<body>
<a class="skip-link" href="#main">본문 바로가기</a>
<header class="site-header">
  <div class="container header-inner">
    <a class="brand" href="${DEMO_PATHS.courses}"><span class="brand-mark" aria-hidden="true">D</span><span class="brand-name">${DEMO_INSTITUTE.name}</span></a>
    ${
      options.signedIn
        ? html`<div class="user-menu">
      <span class="user-name"><strong>${DEMO_TRAINEE.name}</strong>님</span>
      <form method="post" action="${DEMO_PATHS.logout}"><button type="submit" class="link-button">로그아웃</button></form>
    </div>`
        : null
    }
  </div>
  ${
    options.signedIn
      ? html`<nav class="site-nav" aria-label="주 메뉴">
    <div class="container">
      <ul>
        <li><a href="${DEMO_PATHS.courses}"${ariaCurrent(current('courses'))}>나의 강의실</a></li>
        <li><a href="${DEMO_PATHS.otpEnroll}"${ariaCurrent(current('otp'))}>웹 OTP 발급</a></li>
      </ul>
    </div>
  </nav>`
      : null
  }
</header>
<main id="main" class="container page">
${options.body}
</main>
<footer class="site-footer">
  <div class="container">
    <p><strong>${DEMO_INSTITUTE.name}</strong> · 고객지원센터 ${DEMO_INSTITUTE.supportPhone} · ${DEMO_INSTITUTE.supportHours}</p>
    <p>이 사이트는 원격훈련 본인인증 절차를 시연하기 위한 데모입니다. 실제 훈련 기록은 남지 않습니다.</p>
  </div>
</footer>
${
  options.script
    ? html`${pageData(options.script.data)}
<script nonce="${options.script.nonce}">${trustedHtml(options.script.source)}</script>`
    : null
}
</body>
</html>
`;
}

function ariaCurrent(value: 'page' | null): SafeHtml {
  return value ? html` aria-current="${value}"` : html``;
}

/** GET /login */
export function loginPage(
  options: PageContext & {
    readonly next: string | null;
    readonly error: string | null;
  },
): SafeHtml {
  return layout({
    title: '로그인',
    signedIn: false,
    nav: null,
    serverTimeMs: options.serverTimeMs,
    body: loginBody(options, '데모 훈련생 계정으로 로그인합니다. 입력값은 미리 채워져 있습니다.'),
  });
}

/** The login card, shared with the HRD-connected site (same trainee, same fields). */
export function loginBody(
  options: { readonly next: string | null; readonly error: string | null },
  lead: string,
): SafeHtml {
  return html`<section class="card narrow" aria-labelledby="login-title">
  <h1 id="login-title">로그인</h1>
  <p class="muted">${lead}</p>
  ${options.error ? html`<p class="alert alert-error" role="alert">${options.error}</p>` : null}
  <form class="form" method="post" action="${DEMO_PATHS.login}">
    ${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : null}
    <div class="field">
      <label for="login-name">이름</label>
      <input id="login-name" name="name" type="text" autocomplete="name" value="${DEMO_TRAINEE.name}" required>
    </div>
    <div class="field">
      <label for="login-phone">휴대폰 번호</label>
      <input id="login-phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" value="${DEMO_TRAINEE.phone}" required>
    </div>
    <button type="submit" class="button button-primary button-block">로그인</button>
  </form>
</section>`;
}

/** GET /courses: 나의 강의실 */
export function coursesPage(
  options: PageContext & {
    readonly courses: readonly DemoCourse[];
    readonly isEntryVerified: (courseId: string) => boolean;
    readonly enrolled: boolean;
  },
): SafeHtml {
  return layout({
    title: '나의 강의실',
    signedIn: true,
    nav: 'courses',
    serverTimeMs: options.serverTimeMs,
    body: html`<h1 class="page-title">나의 강의실</h1>
<p class="muted">${DEMO_TRAINEE.name}님이 수강 중인 과정입니다. 과정 입과 시 최초 1회 본인인증이 필요합니다.</p>
${
  options.enrolled
    ? null
    : html`<aside class="callout" aria-label="웹 OTP 안내">
  <p><strong>mOTP 앱을 사용할 수 없나요?</strong> 웹 OTP 인증키를 발급받아 본인인증을 진행할 수 있습니다.</p>
  <a class="button" href="${DEMO_PATHS.otpEnroll}">웹 OTP 발급</a>
</aside>`
}
${courseList(options.courses, options.isEntryVerified)}
<p class="page-links"><a href="${DEMO_PATHS.otpEnroll}">웹 OTP 발급</a></p>`,
  });
}

/** The course cards of 나의 강의실, shared with the HRD-connected site. */
export function courseList(
  courses: readonly DemoCourse[],
  isEntryVerified: (courseId: string) => boolean,
): SafeHtml {
  return html`<ul class="course-list">
${courses.map((course) => {
  const verified = isEntryVerified(course.id);
  return html`  <li class="course-card">
    <p class="course-category">${course.category}</p>
    <h2 class="course-card-title"><a href="${coursePath(course.id)}">${course.title}</a></h2>
    <dl class="course-meta">
      <div><dt>학습기간</dt><dd>${course.studyPeriod}</dd></div>
      <div><dt>강사</dt><dd>${course.instructor}</dd></div>
      <div><dt>차시</dt><dd>${course.sessions.length}차시</dd></div>
    </dl>
    <p class="badge ${verified ? 'badge-ok' : 'badge-warn'}">${verified ? '본인인증 완료' : '본인인증 필요'}</p>
  </li>
`;
})}</ul>`;
}

/** The names the course menu and breadcrumbs use for each assessment. */
export const ASSESSMENT_LINK_TEXTS: Readonly<Record<AssessmentKind, string>> = {
  evaluation: '진행단계 평가',
  exam: '시험',
  assignment: '과제',
};

/** GET /courses/:id */
export function coursePage(
  options: PageContext & {
    readonly course: DemoCourse;
    readonly entryVerified: boolean;
    /** Null before the entry check. */
    readonly lastVerifiedSession: number | null;
  },
): SafeHtml {
  const { course, entryVerified } = options;
  const startHref = entryVerified ? learnPath(course.id) : entryCheckpointPath(course.id);
  return layout({
    title: course.title,
    signedIn: true,
    nav: 'courses',
    serverTimeMs: options.serverTimeMs,
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <span>${course.title}</span></nav>
<section class="card course-head">
  <p class="course-category">${course.category}</p>
  <h1 class="course-title">${course.title}</h1>
  <dl class="course-meta">
    <div><dt>학습기간</dt><dd>${course.studyPeriod}</dd></div>
    <div><dt>강사</dt><dd>${course.instructor}</dd></div>
    <div><dt>진도율</dt><dd>0%</dd></div>
    ${options.lastVerifiedSession === null ? null : html`<div><dt>인증 차시</dt><dd class="last-verified-session">${options.lastVerifiedSession}차시</dd></div>`}
  </dl>
  <p class="checkpoint-status">최초 입과 본인인증: <span class="badge ${entryVerified ? 'badge-ok' : 'badge-warn'}">${entryVerified ? '본인인증 완료' : '본인인증 필요'}</span></p>
  ${entryVerified ? null : html`<p class="muted">수강하기를 클릭하여 ‘최초 입과 시 본인인증’을 진행합니다.</p>`}
  <a class="button button-primary" href="${startHref}">수강하기</a>
  ${
    entryVerified
      ? html`<nav class="course-menu" aria-label="학습 메뉴">
    <a class="course-menu-link" href="${learnPath(course.id)}">강의 듣기</a>
    ${ASSESSMENT_KINDS.map((kind) => html`<a class="course-menu-link" href="${assessmentPath(course.id, kind)}">${ASSESSMENT_LINK_TEXTS[kind]}</a>`)}
  </nav>
  <p class="muted">매 8회차 초과 시, 그리고 진행단계 평가·시험·과제 응시 전마다 본인인증이 필요합니다.</p>`
      : null
  }
</section>
<section class="card" aria-labelledby="sessions-title">
  <h2 id="sessions-title">차시 목록</h2>
  <ol class="session-list">
${course.sessions.map(
  (
    title,
    index,
  ) => html`    <li><span class="session-no">${index + 1}차시</span> <span class="session-title">${title}</span></li>
`,
)}  </ol>
</section>`,
  });
}

/** GET /otp/enroll: 웹 OTP 발급 */
export function enrollPage(
  options: PageContext & {
    readonly keyUri: string | null;
    readonly justIssued: boolean;
    readonly locked: boolean;
  },
): SafeHtml {
  const { keyUri } = options;
  return layout({
    title: '웹 OTP 발급',
    signedIn: true,
    nav: 'otp',
    serverTimeMs: options.serverTimeMs,
    body: html`<h1 class="page-title">웹 OTP 발급</h1>
${options.justIssued ? html`<p class="alert alert-ok" role="status">새 인증키가 발급되었습니다. 이전 인증키는 더 이상 사용할 수 없습니다.</p>` : null}
${
  options.locked
    ? html`<p class="alert alert-error" role="alert">${CHECKPOINT_MESSAGES.locked} 새 인증키를 발급받아도 잠금은 해제되지 않습니다.</p>
${identityLinks(DEMO_PATHS.otpEnroll)}`
    : null
}
<section class="card" id="guide" aria-labelledby="guide-title">
  <h2 id="guide-title">웹 OTP 인증안내</h2>
  <p>mOTP 인증이 어려울 경우 웹 OTP로 본인인증을 진행할 수 있습니다. 발급받은 인증키를 OTP 앱 또는 인증 프로그램에 등록하면 60초마다 새로운 6자리 인증번호가 생성됩니다.</p>
  <ul class="bullets">
    <li>발급 대상: <strong>${DEMO_TRAINEE.name}</strong> (${DEMO_TRAINEE.phone})</li>
    <li>인증번호는 60초간 유효합니다. (60초 후 재생성)</li>
    <li>1인 1기기에서만 이용 가능합니다. 새 인증키를 발급하면 이전 인증키로 만든 번호는 사용할 수 없습니다.</li>
    <li>휴대폰 변경 또는 앱 재설치 시 신규발급 받아야 합니다.</li>
    <li>인증번호 입력을 ${MAX_ATTEMPTS}회 이상 틀린 경우, 휴대폰 본인인증 후 다시 사용 가능합니다.</li>
  </ul>
</section>
<section class="card" aria-labelledby="key-title">
  <h2 id="key-title">인증키</h2>
  ${
    keyUri
      ? html`<div class="key-layout">
    <figure class="qr">
      <div class="qr-image" role="img" aria-label="웹 OTP 인증키 QR 코드">${trustedHtml(renderSVG(keyUri, { ecc: 'M', border: 4 }))}</div>
      <figcaption>OTP 앱으로 QR 코드를 스캔하세요.</figcaption>
    </figure>
    <div class="key-text">
      <p>QR 코드를 스캔할 수 없으면 아래 인증키 주소를 복사하여 OTP 앱 또는 인증 프로그램에 붙여넣으세요.</p>
      <p class="key-label" id="otp-key-uri-label">인증키 주소</p>
      <code id="otp-key-uri" aria-labelledby="otp-key-uri-label" data-otpauth-uri="${keyUri}">${keyUri}</code>
      <dl class="key-params">
        <div><dt>방식</dt><dd>TOTP (SHA-1)</dd></div>
        <div><dt>자릿수</dt><dd>6자리</dd></div>
        <div><dt>갱신 주기</dt><dd>60초</dd></div>
      </dl>
      <p class="muted">인증키는 비밀번호와 같습니다. 다른 사람에게 보여주거나 전달하지 마세요.</p>
    </div>
  </div>`
      : html`<p class="empty">발급된 인증키가 없습니다. 아래 버튼을 눌러 인증키를 발급받으세요.</p>`
  }
  <form method="post" action="${DEMO_PATHS.otpEnroll}" class="form-inline">
    <button type="submit" class="button button-primary">새 인증키 발급</button>
    ${keyUri ? html`<span class="muted">다시 발급하면 기존 인증키는 즉시 사용할 수 없게 됩니다.</span>` : null}
  </form>
</section>`,
  });
}

/** A link the result area offers after a success. */
export interface ResultLink {
  readonly href: string;
  readonly text: string;
}

/** Everything the web-OTP checkpoint box shows; every checkpoint kind uses the same box. */
export interface OtpBoxOptions {
  /** The course the check belongs to; null for the first login of the day check (no course). */
  readonly course: DemoCourse | null;
  readonly kind: CheckpointKind;
  /**
   * The box's element and id: the entry box keeps its original `<section>` without an id; the
   * others are `#session-check`, `#video-check-box` and `#assessment-check`.
   */
  readonly element: 'section' | 'div';
  readonly boxId: string | null;
  /** For the session and video kinds: the session number (also shown in `.session-number`). */
  readonly session?: number;
  /** For assessments: the visit token this check is for. */
  readonly visit?: string;
  /** Where the form posts without JavaScript. */
  readonly action: string;
  /** A result to show on load: after a no-JavaScript submit, or the lock the trainee is under. */
  readonly result: CheckpointResultView | null;
  readonly successLink: ResultLink | null;
  readonly attemptsLeft: number;
  readonly locked: boolean;
  /** Where the identity pages send the trainee back to. */
  readonly returnTo: string;
}

/**
 * The checkpoint box, modelled on the manual's 인증 시스템 panel. Only the lead sentence, the
 * session line and the hidden inputs differ between kinds; ids are the same everywhere, so a page
 * must never hold two boxes at once.
 */
export function otpBox(options: OtpBoxOptions): SafeHtml {
  const { course } = options;
  const lead = CHECKPOINT_LEADS[options.kind];
  const inner = html`
  <h2 id="otp-box-title" class="otp-box-title">${DEMO_INSTITUTE.name} 웹 OTP 인증 시스템</h2>
  <p class="otp-box-lead otp-lead">${lead}</p>
  ${options.session === undefined ? null : html`<p class="session-label">현재 차시: <span class="session-number">${options.session}</span>차시</p>`}
  <ul class="otp-guide">
    <li>웹 OTP 인증키를 등록한 OTP 앱 또는 인증 프로그램을 실행합니다.</li>
    <li>화면에 나오는 “<strong>6자리</strong>” 번호를 하단의 mOTP 번호에 입력합니다.</li>
    <li>웹 OTP에 등록된 개인정보는 아래의 <strong>개인정보</strong>와 일치해야 합니다.</li>
  </ul>
  <table class="trainee-info">
    <caption>개인정보</caption>
    <thead><tr><th scope="col">성명</th><th scope="col">휴대폰 번호</th></tr></thead>
    <tbody><tr><td class="trainee-name">${DEMO_TRAINEE.name}</td><td class="trainee-phone">${phoneDigits(DEMO_TRAINEE.phone)}</td></tr></tbody>
  </table>
  <ul class="otp-guide">
    <li>해외근로자는 스마트폰의 시간을 <strong>한국시간으로</strong> 변경 후 진행합니다.</li>
    <li>인증번호 ${MAX_ATTEMPTS}회 실패시 <strong>휴대폰 본인인증</strong> 후 다시 이용할 수 있습니다.</li>
    <li>웹 OTP 장애발생시 휴대폰 또는 아이핀인증을 사용하시면 됩니다.</li>
  </ul>
  <p class="otp-help">※ 도움이 필요하시면 <strong>${DEMO_INSTITUTE.supportPhone}</strong>에 전화연락 또는 <strong>원격상담</strong>을 클릭해 주세요.</p>
  <form id="otp-form" class="otp-form" method="post" action="${options.action}" novalidate>
    ${course === null ? null : html`<input type="hidden" name="courseId" value="${course.id}">`}
    <input type="hidden" name="kind" value="${options.kind}">
    ${options.session === undefined ? null : html`<input type="hidden" name="session" value="${options.session}">`}
    ${options.visit === undefined ? null : html`<input type="hidden" name="visit" value="${options.visit}">`}
    <label for="otp-code" class="otp-label">mOTP 번호</label>
    <div class="otp-input-row">
      <input id="otp-code" name="otp" type="text" placeholder="mOTP 번호를 입력하세요" inputmode="numeric" autocomplete="one-time-code" aria-describedby="otp-code-hint">
      <button id="otp-submit" type="submit" class="button button-primary">인증하기</button>
    </div>
    <p id="otp-code-hint" class="hint">숫자 6자리 · 인증번호는 60초간 유효합니다. (60초 후 재생성)</p>
  </form>
  <p class="otp-attempts" id="otp-attempts">${attemptsLine(options.attemptsLeft)}</p>
  ${resultArea(options.result, options.successLink)}
  ${options.locked ? identityLinks(options.returnTo) : null}
  <p class="otp-links"><a href="${DEMO_PATHS.otpEnroll}#guide">웹 OTP 인증안내</a><a href="${DEMO_PATHS.otpEnroll}">웹 OTP 발급</a></p>
`;
  if (options.element === 'section') {
    return options.boxId === null
      ? html`<section class="otp-box" aria-labelledby="otp-box-title">${inner}</section>`
      : html`<section class="otp-box" id="${options.boxId}" aria-labelledby="otp-box-title">${inner}</section>`;
  }
  return html`<div class="otp-box"${options.boxId === null ? null : html` id="${options.boxId}"`} role="group" aria-labelledby="otp-box-title">${inner}</div>`;
}

/** The result area, empty or prefilled; the page scripts rebuild the same structure. */
function resultArea(result: CheckpointResultView | null, successLink: ResultLink | null): SafeHtml {
  if (!result) return html`<div id="otp-result" role="status" aria-live="polite" data-outcome=""></div>`;
  const attempts =
    result.attemptsLeft === undefined ? null : html` data-attempts-left="${result.attemptsLeft}"`;
  return html`<div id="otp-result" role="status" aria-live="polite" data-outcome="${result.outcome}"${attempts}><p class="otp-result-message">${result.message}</p>${
    result.outcome === 'success' && successLink
      ? html`<a class="button" href="${successLink.href}">${successLink.text}</a>`
      : null
  }</div>`;
}

/** What every checkpoint box's script reads from the page. */
function boxData(): BoxPageData {
  return { unavailable: CHECKPOINT_MESSAGES.unavailable, successLink: CHECKPOINT_MESSAGES.successLink };
}

/** The state of the trainee's verifier a checkpoint box shows. */
export interface VerifierView {
  readonly attemptsLeft: number;
  readonly locked: boolean;
}

/** GET (and no-JavaScript POST) /courses/:id/checkpoint/entry: 최초 입과 본인인증 */
export function entryCheckpointPage(
  options: PageContext &
    VerifierView & {
      readonly course: DemoCourse;
      readonly script: PageScript;
      /** A result to show on load: after a no-JavaScript submit, or the lock the trainee is under. */
      readonly result: CheckpointResultView | null;
    },
): SafeHtml {
  const { course } = options;
  return layout({
    title: `${course.title} 본인인증`,
    signedIn: true,
    nav: 'courses',
    serverTimeMs: options.serverTimeMs,
    script: { ...options.script, data: boxData() },
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <a href="${coursePath(course.id)}">${course.title}</a> › <span>본인인증</span></nav>
<h1 class="course-title">${course.title}</h1>
${otpBox({
  course,
  kind: 'entry',
  element: 'section',
  boxId: null,
  action: entryCheckpointPath(course.id),
  result: options.result,
  successLink: { href: coursePath(course.id), text: CHECKPOINT_MESSAGES.successLink },
  attemptsLeft: options.attemptsLeft,
  locked: options.locked,
  returnTo: entryCheckpointPath(course.id),
})}`,
  });
}

/**
 * GET (and no-JavaScript POST) /checkpoint/daily: 최초 로그인 본인인증, the first login of the day
 * check, when the LMS enables it. The same box as the entry checkpoint, with no course.
 */
export function dailyLoginCheckpointPage(
  options: PageContext &
    VerifierView & {
      readonly script: PageScript;
      readonly result: CheckpointResultView | null;
      /** Where the trainee continues after passing (the sign-in's target, or 나의 강의실). */
      readonly next: string;
    },
): SafeHtml {
  const title = '최초 로그인 본인인증';
  return layout({
    title,
    signedIn: true,
    nav: null,
    serverTimeMs: options.serverTimeMs,
    script: { ...options.script, data: boxData() },
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <span>${title}</span></nav>
<h1 class="course-title">${title}</h1>
${otpBox({
  course: null,
  kind: 'dailyLogin',
  element: 'section',
  boxId: null,
  action: DEMO_PATHS.dailyCheckpoint,
  result: options.result,
  successLink: { href: options.next, text: CHECKPOINT_MESSAGES.successLink },
  attemptsLeft: options.attemptsLeft,
  locked: options.locked,
  returnTo: DEMO_PATHS.dailyCheckpoint,
})}`,
  });
}

/** What the lesson player shows for one session. */
export type PlayerView =
  | { readonly view: 'check'; readonly result: CheckpointResultView | null }
  | {
      readonly view: 'lesson';
      /** The video check's modal to show on load (after a no-JavaScript submit), if any. */
      readonly videoCheck: { readonly result: CheckpointResultView | null } | null;
    };

/** The text of a session link: "9차시 제목". */
function sessionLinkText(session: number, title: string): SafeHtml {
  return html`<span class="session-no">${session}차시</span> <span class="session-title">${title}</span>`;
}

/** The session check inside the player (`#session-check`). */
function sessionCheckView(
  options: VerifierView & {
    readonly course: DemoCourse;
    readonly session: number;
    readonly result: CheckpointResultView | null;
  },
): SafeHtml {
  return otpBox({
    course: options.course,
    kind: 'session',
    element: 'div',
    boxId: 'session-check',
    session: options.session,
    action: learnPath(options.course.id, options.session),
    result: options.result,
    successLink: { href: learnPath(options.course.id, options.session), text: '학습하기' },
    attemptsLeft: options.attemptsLeft,
    locked: options.locked,
    returnTo: learnPath(options.course.id, options.session),
  });
}

/** The video check modal (`.video-check`) with the box for `kind=video`. */
function videoCheckView(
  options: VerifierView & {
    readonly course: DemoCourse;
    readonly session: number;
    readonly result: CheckpointResultView | null;
  },
): SafeHtml {
  return html`<div class="video-check" role="dialog" aria-modal="true" aria-labelledby="otp-box-title">
  <div class="video-check-dialog">
${otpBox({
  course: options.course,
  kind: 'video',
  element: 'div',
  boxId: 'video-check-box',
  session: options.session,
  action: learnPath(options.course.id, options.session),
  result: options.result,
  successLink: null,
  attemptsLeft: options.attemptsLeft,
  locked: options.locked,
  returnTo: learnPath(options.course.id, options.session),
})}
  </div>
</div>`;
}

/** The lesson with its (simulated) video player. */
function lessonView(options: { readonly session: number; readonly title: string }): SafeHtml {
  const hasVideoCheck = VIDEO_CHECK_SESSIONS.includes(options.session);
  return html`<article class="lesson" data-session="${options.session}" aria-labelledby="lesson-title">
  <h2 class="lesson-title" id="lesson-title" tabindex="-1"><span class="session-number">${options.session}</span>차시: <span class="lesson-name">${options.title}</span></h2>
  <div class="video-player" data-state="ready">
    <div class="video-screen" role="img" aria-label="동영상 강의 영역"><span class="video-screen-text">${VIDEO_PLAYER_TEXTS.ready}</span></div>
    <div class="video-controls">
      <button type="button" class="button button-primary video-play" aria-pressed="false">${VIDEO_PLAYER_TEXTS.play}</button>
      <progress class="video-progress" max="100" value="0" aria-label="재생 진행률">0%</progress>
      <span class="video-time">00:00 / ${VIDEO_PLAYER_TEXTS.duration}</span>
    </div>
  </div>
  <p class="video-check-note muted"${hasVideoCheck ? null : html` hidden`}>이 차시는 동영상 학습 도중 본인인증 창이 나타납니다.</p>
  <p class="muted">데모 LMS는 학습 진도를 기록하지 않습니다.</p>
</article>`;
}

/** 이전/다음 차시 links under the player's content. */
function pagerView(course: DemoCourse, session: number): SafeHtml {
  return html`<nav class="pager" aria-label="차시 이동">${
    session > 1
      ? html`<a class="button pager-prev" href="${learnPath(course.id, session - 1)}" data-session="${session - 1}">이전 차시</a>`
      : null
  }${
    session < course.sessions.length
      ? html`<a class="button pager-next" href="${learnPath(course.id, session + 1)}" data-session="${session + 1}">다음 차시</a>`
      : null
  }</nav>`;
}

/** The player's content for one session: the check or the lesson, then the pager. */
function playerContent(
  options: VerifierView & {
    readonly course: DemoCourse;
    readonly session: number;
    readonly state: PlayerView;
  },
): SafeHtml {
  const { course, session, state } = options;
  const title = course.sessions[session - 1] ?? '';
  const main =
    state.view === 'check'
      ? sessionCheckView({ ...options, result: state.result })
      : html`${lessonView({ session, title })}${
          state.videoCheck ? videoCheckView({ ...options, result: state.videoCheck.result }) : null
        }`;
  return html`${main}${pagerView(course, session)}`;
}

/** GET (and no-JavaScript POST) /courses/:id/learn?session=n: the lesson player, a single-page app. */
export function learnPage(
  options: PageContext &
    VerifierView & {
      readonly course: DemoCourse;
      readonly session: number;
      readonly state: PlayerView;
      readonly popupAfterMs: number;
      readonly script: PageScript;
    },
): SafeHtml {
  const { course, session } = options;
  const title = course.sessions[session - 1] ?? '';
  const data: PlayerPageData = {
    ...boxData(),
    courseId: course.id,
    courseTitle: course.title,
    sessionCount: course.sessions.length,
    session,
    learnPath: learnPath(course.id),
    videoCheckSessions: VIDEO_CHECK_SESSIONS,
    popupAfterMs: options.popupAfterMs,
    attemptsLeft: options.attemptsLeft,
    locked: options.locked,
    titleSuffix: ` | ${DEMO_INSTITUTE.name}`,
  };
  // Placeholders the page script clones: the same markup the server renders, for session 0.
  // Never locked: the script adds the identity links with the right return address itself.
  const placeholder = { ...options, session: 0, result: null, locked: false };
  return layout({
    title: `${session}차시 ${title}`,
    signedIn: true,
    nav: 'courses',
    serverTimeMs: options.serverTimeMs,
    script: { ...options.script, data },
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <a href="${coursePath(course.id)}">${course.title}</a> › <span>강의 듣기</span></nav>
<h1 class="course-title">${course.title}</h1>
<div class="learn-layout">
  <nav class="session-list" aria-label="차시 목록">
    <ol>
${course.sessions.map(
  (sessionTitle, index) =>
    html`      <li><a href="${learnPath(course.id, index + 1)}" data-session="${index + 1}"${ariaCurrent(index + 1 === session ? 'page' : null)}>${sessionLinkText(index + 1, sessionTitle)}</a></li>
`,
)}    </ol>
  </nav>
  <section id="player" aria-live="polite" aria-label="학습 화면">
${playerContent(options)}
  </section>
</div>
<template id="tpl-session-check">${sessionCheckView(placeholder)}</template>
<template id="tpl-video-check">${videoCheckView(placeholder)}</template>
<template id="tpl-lesson">${lessonView({ session: 0, title: '' })}</template>`,
  });
}

/** The headings of the assessment pages. */
const ASSESSMENT_PAGE_TITLES: Readonly<Record<AssessmentKind, string>> = {
  evaluation: '진행단계 평가',
  exam: '시험',
  assignment: '과제 제출',
};

/** GET (and no-JavaScript POST) /courses/:id/{evaluation,exam,assignment}. */
export function assessmentPage(
  options: PageContext &
    VerifierView & {
      readonly course: DemoCourse;
      readonly kind: AssessmentKind;
      readonly visit: string;
      readonly result: CheckpointResultView | null;
      /** The content, only once this visit's check passed. */
      readonly content: AssessmentContent | null;
      readonly script: PageScript;
    },
): SafeHtml {
  const { course, kind } = options;
  const path = assessmentPath(course.id, kind);
  return layout({
    title: `${ASSESSMENT_PAGE_TITLES[kind]} · ${course.title}`,
    signedIn: true,
    nav: 'courses',
    serverTimeMs: options.serverTimeMs,
    script: {
      ...options.script,
      data: { ...boxData(), courseId: course.id, kind } satisfies AssessmentPageData,
    },
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <a href="${coursePath(course.id)}">${course.title}</a> › <span>${ASSESSMENT_PAGE_TITLES[kind]}</span></nav>
<h1 class="course-title">${course.title}</h1>
<p class="assessment-kind">${ASSESSMENT_PAGE_TITLES[kind]}</p>
${otpBox({
  course,
  kind,
  element: 'section',
  boxId: 'assessment-check',
  visit: options.visit,
  action: path,
  result: options.result,
  successLink: null,
  attemptsLeft: options.attemptsLeft,
  locked: options.locked,
  returnTo: path,
})}
${options.content ? assessmentSection(options.content) : null}`,
  });
}

/** The assessment itself; the page script builds the same structure after a success. */
function assessmentSection(content: AssessmentContent): SafeHtml {
  return html`<section class="assessment card" data-kind="${content.kind}" aria-labelledby="assessment-title">
  <h2 id="assessment-title" class="assessment-title" tabindex="-1">${content.title}</h2>
  <p class="assessment-intro">${content.intro}</p>
  <form class="assessment-form" id="assessment-form" novalidate>
    ${
      content.questions.length > 0
        ? html`<ol class="questions">
${content.questions.map(
  (
    question,
  ) => html`      <li class="question"><fieldset><legend>${question.text}</legend>${question.choices.map(
    (choice, index) =>
      html`<label class="choice"><input type="radio" name="${question.id}" value="${index + 1}"> ${choice}</label>`,
  )}</fieldset></li>
`,
)}    </ol>`
        : null
    }
    ${
      content.upload
        ? html`<div class="field"><label for="assignment-file">과제 파일</label><input id="assignment-file" name="file" type="file" accept=".hwp,.docx,.pdf"></div>
    <div class="field"><label for="assignment-note">메모</label><textarea id="assignment-note" name="note" rows="3"></textarea></div>`
        : null
    }
    <button type="submit" class="button button-primary assessment-submit">${content.submitLabel}</button>
    <p class="assessment-status" id="assessment-status" role="status"></p>
  </form>
</section>`;
}

/** GET/POST /identity/phone and /identity/ipin on the demo LMS. */
export function identityPage(
  options: PageContext & { readonly title: string; readonly body: SafeHtml },
): SafeHtml {
  return layout({
    title: options.title,
    signedIn: true,
    nav: null,
    serverTimeMs: options.serverTimeMs,
    body: options.body,
  });
}

/** 404 and other simple error pages. */
export function errorPage(
  options: PageContext & {
    readonly title: string;
    readonly message: string;
    readonly signedIn: boolean;
  },
): SafeHtml {
  return layout({
    title: options.title,
    signedIn: options.signedIn,
    nav: null,
    serverTimeMs: options.serverTimeMs,
    body: html`<section class="card narrow">
  <h1>${options.title}</h1>
  <p>${options.message}</p>
  <p><a class="button" href="${DEMO_PATHS.courses}">나의 강의실로 이동</a></p>
</section>`,
  });
}
