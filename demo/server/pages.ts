/**
 * The demo LMS's pages, rendered on the server as plain HTML. They imitate a typical Korean
 * remote-training LMS and use the trainee manual's wording, so the extension has to recognise
 * checkpoints from text and structure as it would on a real site: no extension-specific hooks.
 */
import { renderSVG } from 'uqr';
import { ASSESSMENT_KINDS, type AssessmentKind, DEMO_TRAINEE, type DemoCourse } from './catalog';
import { html, type SafeHtml, trustedHtml } from './html';
import { identityLinks } from './identity-pages';
import { layout, type PageContext } from './layout';
import { CHECKPOINT_MESSAGES } from './messages';
import { assessmentPath, coursePath, DEMO_PATHS, entryCheckpointPath, learnPath } from './routes';
import { MAX_ATTEMPTS } from './verifier';

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
    /** The LMS shows the key only as a QR picture (`?view=qr`): no key text on the page. */
    readonly qrOnly?: boolean;
  },
): SafeHtml {
  const { keyUri } = options;
  const enrollAction = options.qrOnly ? `${DEMO_PATHS.otpEnroll}?view=qr` : DEMO_PATHS.otpEnroll;
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
    keyUri && options.qrOnly
      ? qrOnlyKey(keyUri)
      : keyUri
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
  <form method="post" action="${enrollAction}" class="form-inline">
    <button type="submit" class="button button-primary">새 인증키 발급</button>
    ${keyUri ? html`<span class="muted">다시 발급하면 기존 인증키는 즉시 사용할 수 없게 됩니다.</span>` : null}
  </form>
</section>`,
  });
}

/**
 * The key as some LMSes show it: a QR picture (an image file's worth of SVG, with its size) and
 * no key text to copy, so an extension can only read it from the picture.
 */
function qrOnlyKey(keyUri: string): SafeHtml {
  const svg = renderSVG(keyUri, { ecc: 'M', border: 4 }).replace('<svg ', '<svg width="290" height="290" ');
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return html`<div class="key-layout">
    <figure class="qr">
      <img class="qr-image" id="otp-key-qr" src="${src}" width="290" height="290" alt="웹 OTP 인증키 QR 코드">
      <figcaption>OTP 앱 또는 인증 프로그램으로 QR 코드를 스캔하세요. 인증키는 QR 코드로만 제공됩니다.</figcaption>
    </figure>
  </div>`;
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
