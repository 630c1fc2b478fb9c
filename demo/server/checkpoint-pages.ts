/**
 * The demo LMS's web-OTP checkpoint box and the pages that show it on its own: the first-entry
 * check, the first login of the day, and the assessments (진행단계 평가, 시험, 과제).
 */
import {
  type AssessmentContent,
  type AssessmentKind,
  DEMO_INSTITUTE,
  DEMO_TRAINEE,
  type DemoCourse,
  phoneDigits,
} from './catalog';
import { html, type SafeHtml } from './html';
import { identityLinks } from './identity-pages';
import { layout, type PageContext, type PageScript } from './layout';
import { attemptsLine, CHECKPOINT_LEADS, CHECKPOINT_MESSAGES, type CheckpointResultView } from './messages';
import type { AssessmentPageData, BoxPageData } from './page-data';
import { assessmentPath, type CheckpointKind, coursePath, DEMO_PATHS, entryCheckpointPath } from './routes';
import { MAX_ATTEMPTS } from './verifier';

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
export function boxData(): BoxPageData {
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
