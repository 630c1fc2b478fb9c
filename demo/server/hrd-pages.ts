/**
 * The HRD-connected training institute's pages (served on 127.0.0.2). Its checkpoint reproduces
 * the trainee manual's 한국산업인력공단 mOTP page: HRD's own markup, script and status frame, so
 * the extension's generic HRD mOTP profile is exercised against something that looks like HRD's
 * pages rather than like the demo LMS's.
 */
import { withParticle } from '../../lib/i18n/particles';
import { DEMO_TRAINEE, type DemoCourse, HRD_INSTITUTE, phoneDigits } from './catalog';
import { html, type SafeHtml, trustedHtml } from './html';
import type { PageContext, PageScript } from './layout';
import { HRD_MESSAGES } from './messages';
import { courseList, loginBody } from './pages';
import { coursePath, DEMO_PATHS, HRD_PATHS, hrdMotpPath } from './routes';
import { MAX_ATTEMPTS } from './verifier';

interface HrdLayoutOptions extends PageContext {
  readonly title: string;
  readonly signedIn: boolean;
  readonly body: SafeHtml;
  /** Inline script under the page's nonce. */
  readonly script?: PageScript;
  /** HRD's external script, loaded under the page's nonce. */
  readonly externalScript?: { readonly nonce: string; readonly src: string };
}

/** The HRD-connected institute's frame: a different header, nav and footer from the demo LMS. */
function hrdLayout(options: HrdLayoutOptions): SafeHtml {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="lms-server-time" content="${options.serverTimeMs}">
<title>${options.title} - ${HRD_INSTITUTE.name}</title>
<link rel="stylesheet" href="${HRD_PATHS.stylesheet}">
</head>
<body class="hrd-site">
<a class="skip-link" href="#contents">본문 바로가기</a>
<div id="hd">
  <div class="hd-inner">
    <a class="logo" href="${DEMO_PATHS.courses}"><span class="logo-mark" aria-hidden="true">한빛</span><span class="logo-name">${HRD_INSTITUTE.name}</span></a>
    <span class="hrd-badge">HRD-Net 연계 원격훈련</span>
    ${
      options.signedIn
        ? html`<div class="util">
      <span><strong>${DEMO_TRAINEE.name}</strong> 훈련생</span>
      <form method="post" action="${DEMO_PATHS.logout}"><button type="submit" class="btn-util">로그아웃</button></form>
    </div>`
        : null
    }
  </div>
  ${
    options.signedIn
      ? html`<nav class="gnb" aria-label="주 메뉴"><ul><li><a href="${DEMO_PATHS.courses}">나의 강의실</a></li><li><a href="${HRD_PATHS.guide}">mOTP 인증안내</a></li><li><a href="${HRD_PATHS.remoteSupport}">원격상담</a></li></ul></nav>`
      : null
  }
</div>
<div id="contents" class="contents">
${options.body}
</div>
<div id="ft">
  <p><strong>${HRD_INSTITUTE.name}</strong> | 고객센터 ${HRD_INSTITUTE.supportPhone} (${HRD_INSTITUTE.supportHours}) | 고용노동부 지정 원격훈련기관 (데모)</p>
  <p>이 사이트는 HRD-Net 연계 원격훈련의 mOTP 본인인증을 시연하기 위한 데모입니다. 휴대폰의 mOTP 앱 대신 <a href="${HRD_PATHS.app}">mOTP 앱 (데모)</a> 화면에서 번호를 확인할 수 있습니다.</p>
</div>
${options.script ? html`<script nonce="${options.script.nonce}">${trustedHtml(options.script.source)}</script>` : null}
${options.externalScript ? html`<script src="${options.externalScript.src}" nonce="${options.externalScript.nonce}"></script>` : null}
</body>
</html>
`;
}

/** GET /login on the HRD site. */
export function hrdLoginPage(
  options: PageContext & { readonly next: string | null; readonly error: string | null },
): SafeHtml {
  return hrdLayout({
    title: '로그인',
    signedIn: false,
    serverTimeMs: options.serverTimeMs,
    body: loginBody(
      options,
      `${HRD_INSTITUTE.name} 훈련생 로그인입니다. 데모 훈련생 정보가 미리 채워져 있습니다.`,
    ),
  });
}

/** GET /courses on the HRD site: 나의 강의실 with its one course. */
export function hrdCoursesPage(
  options: PageContext & {
    readonly courses: readonly DemoCourse[];
    readonly isEntryVerified: (courseId: string) => boolean;
  },
): SafeHtml {
  return hrdLayout({
    title: '나의 강의실',
    signedIn: true,
    serverTimeMs: options.serverTimeMs,
    body: html`<h1 class="page-title">나의 강의실</h1>
<p class="muted">HRD-Net 연계 과정은 과정 입과 시 한국산업인력공단 mOTP로 본인인증합니다.</p>
${courseList(options.courses, options.isEntryVerified)}`,
  });
}

/** GET /courses/:id on the HRD site. */
export function hrdCoursePage(
  options: PageContext & { readonly course: DemoCourse; readonly entryVerified: boolean },
): SafeHtml {
  const { course, entryVerified } = options;
  return hrdLayout({
    title: course.title,
    signedIn: true,
    serverTimeMs: options.serverTimeMs,
    body: html`<p class="location"><a href="${DEMO_PATHS.courses}">나의 강의실</a> &gt; <span>${course.title}</span></p>
<div class="box course-box">
  <p class="course-category">${course.category}</p>
  <h1 class="course-title">${course.title}</h1>
  <dl class="course-meta">
    <div><dt>학습기간</dt><dd>${course.studyPeriod}</dd></div>
    <div><dt>강사</dt><dd>${course.instructor}</dd></div>
    <div><dt>차시</dt><dd>${course.sessions.length}차시</dd></div>
  </dl>
  <p class="checkpoint-status">최초 입과 mOTP 인증: <span class="badge ${entryVerified ? 'badge-ok' : 'badge-warn'}">${entryVerified ? '본인인증 완료' : '본인인증 필요'}</span></p>
  ${
    entryVerified
      ? html`<p class="muted">본인인증이 완료되었습니다. (데모: 이 과정의 강의 재생은 제공되지 않습니다.)</p>`
      : html`<p class="muted">수강하기를 클릭하여 ‘최초 입과 시 본인인증’을 진행합니다.</p>
  <a class="btn btn-primary" href="${hrdMotpPath(course.id)}">수강하기</a>`
  }
</div>
<div class="box">
  <h2>차시 목록</h2>
  <ol class="session-list">
${course.sessions.map(
  (title, index) => html`    <li><span class="session-no">${index + 1}차시</span> ${title}</li>
`,
)}  </ol>
</div>`,
  });
}

/**
 * GET /courses/:id/motp: HRD Korea's mOTP checkpoint as the trainee manual shows it. The markup
 * (ids, classes, the anchor button, the script and the status frame) is HRD's, not the demo's.
 */
export function hrdMotpPage(
  options: PageContext & {
    readonly course: DemoCourse;
    readonly nonce: string;
    /** Shown on load when the trainee is already locked. */
    readonly lockedOnLoad: boolean;
  },
): SafeHtml {
  const { course } = options;
  return hrdLayout({
    title: `${course.title} mOTP 인증`,
    signedIn: true,
    serverTimeMs: options.serverTimeMs,
    externalScript: { nonce: options.nonce, src: HRD_PATHS.script },
    body: html`<p class="location"><a href="${DEMO_PATHS.courses}">나의 강의실</a> &gt; <a href="${coursePath(course.id)}">${course.title}</a> &gt; <span>본인인증</span></p>
<h1 class="course-title">${course.title}</h1>
<div class="motp-wrap" id="motpAuthLayer">
  <h2 class="motp-title">${HRD_INSTITUTE.authority} mOTP 인증 시스템</h2>
  <p class="motp-lead">최초 과정 입과시 본인인증 절차입니다.</p>
  <ul class="motp-guide">
    <li>스마트폰에 설치된 mOTP 앱을 실행합니다.</li>
    <li>mOTP 앱 화면에 나오는 “<strong>6자리</strong>” 번호를 하단의 mOTP 번호에 입력합니다.</li>
    <li>mOTP 앱에 등록된 개인정보는 아래의 <strong>개인정보</strong>와 일치해야 합니다.</li>
  </ul>
  <table class="motp-user"><tbody><tr><td class="user-name">${DEMO_TRAINEE.name}</td><td class="user-phone">${phoneDigits(DEMO_TRAINEE.phone)}</td></tr></tbody></table>
  <ul class="motp-guide">
    <li>해외근로자는 스마트폰의 시간을 <strong>한국시간으로</strong> 변경 후 진행합니다.</li>
    <li>mOTP 비밀번호 ${MAX_ATTEMPTS}회 실패시 <strong>휴대폰 본인인증</strong>으로 초기화합니다.</li>
    <li>mOTP 장애발생시 휴대폰 또는 아이핀인증을 사용하시면 됩니다.</li>
  </ul>
  <p class="motp-help">※ 도움이 필요하시면 <strong>${HRD_INSTITUTE.supportPhone}</strong>에 전화연락 또는 <strong>원격상담</strong>을 클릭해 주세요.</p>
  <div class="motp-input">
    <input type="hidden" id="motpCourseId" name="courseId" value="${course.id}">
    <input type="text" id="motpNo" name="motpNo" placeholder="mOTP 번호를 입력하세요" maxlength="6" title="mOTP 번호">
    <a href="#" id="btnMotpAuth" class="btn-auth" role="button">인증하기</a>
  </div>
  ${
    options.lockedOnLoad
      ? html`<p id="motpMsg" class="motp-msg" role="status" aria-live="polite" data-outcome="locked">${HRD_MESSAGES.locked}</p>`
      : html`<p id="motpMsg" class="motp-msg" role="status" aria-live="polite"></p>`
  }
  <p class="motp-next" id="motpNext" hidden><a class="btn" href="${coursePath(course.id)}">${HRD_MESSAGES.successLink}</a></p>
  <p class="motp-links"><a href="${HRD_PATHS.guide}">mOTP 인증안내</a> <a href="${HRD_PATHS.manual}">매뉴얼 다운받기</a> <a href="${DEMO_PATHS.identityPhone}?next=${encodeURIComponent(hrdMotpPath(course.id))}">휴대폰 인증</a> <a href="${DEMO_PATHS.identityIpin}?next=${encodeURIComponent(hrdMotpPath(course.id))}">아이핀 인증</a> <a href="${HRD_PATHS.remoteSupport}">원격상담</a></p>
  <iframe class="motp-frame" src="${HRD_PATHS.statusFrame}" title="mOTP 상태"></iframe>
</div>`,
  });
}

/** GET /hrd/frame/motp-status: the small status page HRD frames into its box. */
export function hrdStatusFramePage(options: PageContext): SafeHtml {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="lms-server-time" content="${options.serverTimeMs}">
<title>mOTP 상태</title>
<link rel="stylesheet" href="${HRD_PATHS.stylesheet}">
</head>
<body class="motp-frame-body">
<p class="motp-status"><span class="motp-status-dot" aria-hidden="true"></span>mOTP 서비스 정상</p>
</body>
</html>
`;
}

/**
 * GET /hrd/app: the trainee's phone app (simulated). The seed lives only on the server, as it
 * lives only in HRD's service and the phone; this page stands in for the phone's screen.
 */
export function hrdAppPage(
  options: PageContext & {
    readonly code: string;
    readonly secondsLeft: number;
    readonly expiresAtMs: number;
    /** Counts the seconds down and reloads for the next code (demo/server/browser/hrd-app.ts). */
    readonly script: PageScript;
  },
): SafeHtml {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="lms-server-time" content="${options.serverTimeMs}">
<title>mOTP 앱 (데모)</title>
<link rel="stylesheet" href="${HRD_PATHS.stylesheet}">
</head>
<body class="motp-app-body">
<main class="motp-app" aria-labelledby="motp-app-title">
  <h1 id="motp-app-title" class="motp-app-title">mOTP 앱 (데모)</h1>
  <p class="motp-app-owner">${DEMO_TRAINEE.name} · ${DEMO_TRAINEE.phone}</p>
  <p class="motp-app-label" id="motp-app-label">인증번호</p>
  <output id="motp-app-code" class="motp-app-code" aria-labelledby="motp-app-label" data-expires-at="${options.expiresAtMs}">${options.code}</output>
  <p class="motp-app-timer"><span id="motp-app-seconds">${options.secondsLeft}</span>초 후 새 번호로 바뀝니다.</p>
  <p class="motp-app-note">이 화면은 훈련생 휴대폰의 mOTP 앱을 흉내 낸 것입니다. 번호는 60초마다 바뀌며 한 번 사용한 번호는 다시 쓸 수 없습니다.</p>
  <p class="motp-app-note"><a href="${DEMO_PATHS.courses}">${withParticle(HRD_INSTITUTE.name, '로')} 돌아가기</a></p>
</main>
<script nonce="${options.script.nonce}">${trustedHtml(options.script.source)}</script>
</body>
</html>
`;
}

/** GET /hrd/guide: mOTP 인증안내 (the manual's steps). */
export function hrdGuidePage(options: PageContext & { readonly signedIn: boolean }): SafeHtml {
  return hrdLayout({
    title: 'mOTP 인증안내',
    signedIn: options.signedIn,
    serverTimeMs: options.serverTimeMs,
    body: html`<h1 class="page-title">mOTP 인증안내</h1>
<div class="box">
  <h2>mOTP란?</h2>
  <p>부정훈련을 방지하고, 원격훈련 진행을 위해 간편하게 인증하는 방법입니다. 과정 입과 시 최초 1회, 매 8회차 초과시, 진행단계 평가·시험/과제 응시 전에 인증합니다.</p>
  <h2>mOTP 사용하기</h2>
  <ol>
    <li>수강하기를 클릭하여 ‘최초 입과 시 본인인증’을 진행합니다.</li>
    <li>설치된 mOTP 어플을 실행합니다.</li>
    <li>이용자 등록 시 설정한 비밀번호 4자리를 입력합니다.</li>
    <li>화면의 6자리 숫자를 인증코드 입력 칸에 정확히 입력합니다.</li>
  </ol>
  <h2>유의사항</h2>
  <ul>
    <li>인증코드는 60초간 유효합니다. (60초 후 재생성)</li>
    <li>인증코드 입력을 ${MAX_ATTEMPTS}회 이상 틀린 경우, 휴대폰 본인인증 후 다시 사용 가능합니다.</li>
    <li>mOTP는 시간동기화 방식으로 휴대폰의 시간을 한국시간으로 변경 후 해외에서 사용 가능합니다.</li>
  </ul>
</div>`,
  });
}

/** GET /hrd/manual: 매뉴얼 다운받기 (the demo has no file to hand out). */
export function hrdManualPage(options: PageContext & { readonly signedIn: boolean }): SafeHtml {
  return hrdLayout({
    title: 'mOTP 사용매뉴얼',
    signedIn: options.signedIn,
    serverTimeMs: options.serverTimeMs,
    body: html`<h1 class="page-title">원격훈련 모바일 OTP(mOTP) 사용매뉴얼</h1>
<div class="box">
  <p>데모에서는 매뉴얼 파일을 제공하지 않습니다. 주요 내용은 <a href="${HRD_PATHS.guide}">mOTP 인증안내</a>에서 확인하세요.</p>
  <p>고객센터 ${HRD_INSTITUTE.supportPhone} (${HRD_INSTITUTE.supportHours})</p>
</div>`,
  });
}

/** GET /support/remote: 원격상담. */
export function remoteSupportPage(options: PageContext & { readonly signedIn: boolean }): SafeHtml {
  return hrdLayout({
    title: '원격상담',
    signedIn: options.signedIn,
    serverTimeMs: options.serverTimeMs,
    body: html`<h1 class="page-title">원격상담</h1>
<div class="box">
  <p>상담원이 훈련생의 화면을 함께 보며 도와드립니다. 고객센터 <strong>${HRD_INSTITUTE.supportPhone}</strong>로 전화하신 후 상담원이 알려 주는 접속번호를 입력하세요.</p>
  <p class="muted">[데모] 원격상담 프로그램은 실행되지 않습니다.</p>
</div>`,
  });
}

/** Identity pages and error pages in the HRD frame. */
export function hrdFramedPage(
  options: PageContext & { readonly title: string; readonly body: SafeHtml; readonly signedIn: boolean },
): SafeHtml {
  return hrdLayout(options);
}

/** A simple error page in the HRD frame. */
export function hrdErrorPage(
  options: PageContext & { readonly title: string; readonly message: string; readonly signedIn: boolean },
): SafeHtml {
  return hrdLayout({
    title: options.title,
    signedIn: options.signedIn,
    serverTimeMs: options.serverTimeMs,
    body: html`<div class="box narrow">
  <h1>${options.title}</h1>
  <p>${options.message}</p>
  <p><a class="btn" href="${DEMO_PATHS.courses}">나의 강의실로 이동</a></p>
</div>`,
  });
}
