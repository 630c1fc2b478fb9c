/**
 * The demo LMS's pages, rendered on the server as plain HTML. They imitate a typical Korean
 * remote-training LMS and use the trainee manual's wording, so the extension has to recognise
 * checkpoints from text and structure as it would on a real site: no extension-specific hooks.
 */
import { renderSVG } from 'uqr';
import { DEMO_INSTITUTE, DEMO_TRAINEE, type DemoCourse, phoneDigits } from './catalog';
import { html, jsonForScript, type SafeHtml, trustedHtml } from './html';
import { CHECKPOINT_MESSAGES, type CheckpointResultView } from './messages';
import { type CheckpointKind, coursePath, DEMO_PATHS, entryCheckpointPath, lessonPath } from './routes';
import { MAX_CODE_FAILURES } from './verifier';

/** Which nav item is current. */
type NavItem = 'courses' | 'otp' | null;

interface LayoutOptions {
  readonly title: string;
  readonly signedIn: boolean;
  readonly nav: NavItem;
  readonly body: SafeHtml;
  /** Inline script, allowed by the page's CSP nonce. */
  readonly script?: { readonly nonce: string; readonly source: string };
}

/** The shared frame: header with institute name and nav, main, footer. */
function layout(options: LayoutOptions): SafeHtml {
  const current = (item: NavItem) => (options.nav === item ? 'page' : null);
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
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
${options.script ? html`<script nonce="${options.script.nonce}">${trustedHtml(options.script.source)}</script>` : null}
</body>
</html>
`;
}

function ariaCurrent(value: 'page' | null): SafeHtml {
  return value ? html` aria-current="${value}"` : html``;
}

/** GET /login */
export function loginPage(options: {
  readonly next: string | null;
  readonly error: string | null;
}): SafeHtml {
  return layout({
    title: '로그인',
    signedIn: false,
    nav: null,
    body: html`<section class="card narrow" aria-labelledby="login-title">
  <h1 id="login-title">로그인</h1>
  <p class="muted">데모 훈련생 계정으로 로그인합니다. 입력값은 미리 채워져 있습니다.</p>
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
</section>`,
  });
}

/** GET /courses: 나의 강의실 */
export function coursesPage(options: {
  readonly courses: readonly DemoCourse[];
  readonly isEntryVerified: (courseId: string) => boolean;
  readonly enrolled: boolean;
}): SafeHtml {
  return layout({
    title: '나의 강의실',
    signedIn: true,
    nav: 'courses',
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
<ul class="course-list">
${options.courses.map((course) => {
  const verified = options.isEntryVerified(course.id);
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
})}</ul>
<p class="page-links"><a href="${DEMO_PATHS.otpEnroll}">웹 OTP 발급</a></p>`,
  });
}

/** GET /courses/:id */
export function coursePage(options: {
  readonly course: DemoCourse;
  readonly entryVerified: boolean;
}): SafeHtml {
  const { course, entryVerified } = options;
  const startHref = entryVerified ? lessonPath(course.id, 1) : entryCheckpointPath(course.id);
  return layout({
    title: course.title,
    signedIn: true,
    nav: 'courses',
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <span>${course.title}</span></nav>
<section class="card course-head">
  <p class="course-category">${course.category}</p>
  <h1 class="course-title">${course.title}</h1>
  <dl class="course-meta">
    <div><dt>학습기간</dt><dd>${course.studyPeriod}</dd></div>
    <div><dt>강사</dt><dd>${course.instructor}</dd></div>
    <div><dt>진도율</dt><dd>0%</dd></div>
  </dl>
  <p class="checkpoint-status">최초 입과 본인인증: <span class="badge ${entryVerified ? 'badge-ok' : 'badge-warn'}">${entryVerified ? '본인인증 완료' : '본인인증 필요'}</span></p>
  ${entryVerified ? null : html`<p class="muted">수강하기를 클릭하여 ‘최초 입과 시 본인인증’을 진행합니다.</p>`}
  <a class="button button-primary" href="${startHref}">수강하기</a>
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

/** GET /courses/:id/lessons/:n: a placeholder; the demo records no progress. */
export function lessonPage(options: { readonly course: DemoCourse; readonly session: number }): SafeHtml {
  const { course, session } = options;
  const title = course.sessions[session - 1] ?? '';
  return layout({
    title: `${session}차시 ${title}`,
    signedIn: true,
    nav: 'courses',
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <a href="${coursePath(course.id)}">${course.title}</a> › <span>${session}차시</span></nav>
<h1 class="course-title">${course.title}</h1>
<section class="card">
  <h2>${session}차시 ${title}</h2>
  <div class="video-placeholder" role="img" aria-label="동영상 강의 영역">동영상 강의 (데모에서는 재생되지 않습니다)</div>
  <p class="muted">데모 LMS는 학습 진도를 기록하지 않습니다.</p>
  <p class="pager">
    ${session > 1 ? html`<a class="button" href="${lessonPath(course.id, session - 1)}">이전 차시</a>` : null}
    ${session < course.sessions.length ? html`<a class="button" href="${lessonPath(course.id, session + 1)}">다음 차시</a>` : null}
  </p>
</section>`,
  });
}

/** GET /otp/enroll: 웹 OTP 발급 */
export function enrollPage(options: {
  readonly keyUri: string | null;
  readonly justIssued: boolean;
  readonly locked: boolean;
}): SafeHtml {
  const { keyUri } = options;
  return layout({
    title: '웹 OTP 발급',
    signedIn: true,
    nav: 'otp',
    body: html`<h1 class="page-title">웹 OTP 발급</h1>
${options.justIssued ? html`<p class="alert alert-ok" role="status">새 인증키가 발급되었습니다. 이전 인증키는 더 이상 사용할 수 없습니다.</p>` : null}
${options.locked ? html`<p class="alert alert-error" role="alert">${CHECKPOINT_MESSAGES.locked} 새 인증키를 발급받아도 잠금은 해제되지 않습니다.</p>` : null}
<section class="card" id="guide" aria-labelledby="guide-title">
  <h2 id="guide-title">웹 OTP 인증안내</h2>
  <p>mOTP 인증이 어려울 경우 웹 OTP로 본인인증을 진행할 수 있습니다. 발급받은 인증키를 OTP 앱 또는 인증 프로그램에 등록하면 60초마다 새로운 6자리 인증번호가 생성됩니다.</p>
  <ul class="bullets">
    <li>발급 대상: <strong>${DEMO_TRAINEE.name}</strong> (${DEMO_TRAINEE.phone})</li>
    <li>인증번호는 60초간 유효합니다. (60초 후 재생성)</li>
    <li>1인 1기기에서만 이용 가능합니다. 새 인증키를 발급하면 이전 인증키로 만든 번호는 사용할 수 없습니다.</li>
    <li>휴대폰 변경 또는 앱 재설치 시 신규발급 받아야 합니다.</li>
    <li>인증번호 입력을 ${MAX_CODE_FAILURES}회 이상 틀린 경우, 휴대폰 본인인증 후 다시 사용 가능합니다.</li>
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

/** GET (and no-JavaScript POST) /courses/:id/checkpoint/entry: 최초 입과 본인인증 */
export function entryCheckpointPage(options: {
  readonly course: DemoCourse;
  readonly kind: CheckpointKind;
  readonly nonce: string;
  /** A result to show on load: after a no-JavaScript submit, or the lock the trainee is under. */
  readonly result: CheckpointResultView | null;
}): SafeHtml {
  const { course, result } = options;
  return layout({
    title: `${course.title} 본인인증`,
    signedIn: true,
    nav: 'courses',
    script: { nonce: options.nonce, source: checkpointScript() },
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <a href="${coursePath(course.id)}">${course.title}</a> › <span>본인인증</span></nav>
<h1 class="course-title">${course.title}</h1>
<section class="otp-box" aria-labelledby="otp-box-title">
  <h2 id="otp-box-title" class="otp-box-title">${DEMO_INSTITUTE.name} 웹 OTP 인증 시스템</h2>
  <p class="otp-box-lead">최초 과정 입과시 본인인증 절차입니다.</p>
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
    <li>인증번호 ${MAX_CODE_FAILURES}회 실패시 <strong>휴대폰 본인인증</strong> 후 다시 이용할 수 있습니다.</li>
    <li>웹 OTP 장애발생시 휴대폰 또는 아이핀인증을 사용하시면 됩니다.</li>
  </ul>
  <p class="otp-help">※ 도움이 필요하시면 <strong>${DEMO_INSTITUTE.supportPhone}</strong>에 전화연락 또는 <strong>원격상담</strong>을 클릭해 주세요.</p>
  <form id="otp-form" class="otp-form" method="post" action="${entryCheckpointPath(course.id)}" novalidate>
    <input type="hidden" name="courseId" value="${course.id}">
    <input type="hidden" name="kind" value="${options.kind}">
    <label for="otp-code" class="otp-label">mOTP 번호</label>
    <div class="otp-input-row">
      <input id="otp-code" name="otp" type="text" placeholder="mOTP 번호를 입력하세요" inputmode="numeric" autocomplete="one-time-code" aria-describedby="otp-code-hint">
      <button id="otp-submit" type="submit" class="button button-primary">인증하기</button>
    </div>
    <p id="otp-code-hint" class="hint">숫자 6자리 · 인증번호는 60초간 유효합니다. (60초 후 재생성)</p>
  </form>
  ${resultArea(result, coursePath(course.id))}
  <p class="otp-links"><a href="${DEMO_PATHS.otpEnroll}#guide">웹 OTP 인증안내</a><a href="${DEMO_PATHS.otpEnroll}">웹 OTP 발급</a></p>
</section>`,
  });
}

/** The result area, empty or prefilled; the inline script rebuilds the same structure. */
function resultArea(result: CheckpointResultView | null, courseHref: string): SafeHtml {
  if (!result) return html`<div id="otp-result" role="status" aria-live="polite" data-outcome=""></div>`;
  const attempts =
    result.attemptsLeft === undefined ? null : html` data-attempts-left="${result.attemptsLeft}"`;
  return html`<div id="otp-result" role="status" aria-live="polite" data-outcome="${result.outcome}"${attempts}><p class="otp-result-message">${result.message}</p>${
    result.outcome === 'success'
      ? html`<a class="button" href="${courseHref}">${CHECKPOINT_MESSAGES.successLink}</a>`
      : null
  }</div>`;
}

/**
 * The checkpoint page's script: submits the code as JSON and shows the server's answer. It only
 * uses textContent and attributes, so nothing the server says can become markup.
 */
function checkpointScript(): string {
  const constants = jsonForScript({
    api: DEMO_PATHS.verifyApi,
    unavailable: CHECKPOINT_MESSAGES.unavailable,
    successLink: CHECKPOINT_MESSAGES.successLink,
  });
  return `
(() => {
  const C = ${constants};
  const form = document.getElementById('otp-form');
  const input = document.getElementById('otp-code');
  const button = document.getElementById('otp-submit');
  const result = document.getElementById('otp-result');
  if (!form || !input || !button || !result) return;

  const show = (answer) => {
    const message = document.createElement('p');
    message.className = 'otp-result-message';
    message.textContent = answer.message;
    result.replaceChildren(message);
    result.setAttribute('data-outcome', answer.outcome);
    if ((answer.outcome === 'failure' || answer.outcome === 'locked') && typeof answer.attemptsLeft === 'number') {
      result.setAttribute('data-attempts-left', String(answer.attemptsLeft));
    } else {
      result.removeAttribute('data-attempts-left');
    }
    if (answer.outcome === 'success' && typeof answer.next === 'string') {
      const link = document.createElement('a');
      link.className = 'button';
      link.href = answer.next;
      link.textContent = C.successLink;
      result.append(link);
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    let outcome = 'error';
    try {
      const response = await fetch(C.api, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          courseId: form.elements.namedItem('courseId').value,
          kind: form.elements.namedItem('kind').value,
          code: input.value,
        }),
      });
      const answer = await response.json().catch(() => null);
      if (!answer || typeof answer.message !== 'string' || typeof answer.outcome !== 'string') throw new Error('bad answer');
      outcome = answer.outcome;
      show(answer);
    } catch {
      show({ outcome: 'error', message: C.unavailable });
    } finally {
      form.removeAttribute('aria-busy');
      // A passed checkpoint needs no second code; anything else may be retried.
      button.disabled = outcome === 'success';
      input.disabled = outcome === 'success';
      if (outcome !== 'success') input.select();
    }
  });
})();
`;
}

/** 404 and other simple error pages. */
export function errorPage(options: {
  readonly title: string;
  readonly message: string;
  readonly signedIn: boolean;
}): SafeHtml {
  return layout({
    title: options.title,
    signedIn: options.signedIn,
    nav: null,
    body: html`<section class="card narrow">
  <h1>${options.title}</h1>
  <p>${options.message}</p>
  <p><a class="button" href="${DEMO_PATHS.courses}">나의 강의실로 이동</a></p>
</section>`,
  });
}
