/**
 * 새솔 평생교육원 (127.0.0.4): the course page opens the mOTP checkpoint in a popup window; the
 * popup uses HRD's v1 API and keypad and calls back into its opener after a pass.
 */
import { html, type SafeHtml } from '../../server/html';
import { HRD_SITE_INFO, HRD_SITE_TRAINEE, siteOrigin } from '../hosts';
import { loaderScript, pageData, siteScript } from '../markup';
import type { PopupCheckpointData, PopupCourseData } from '../page-data';
import { INSTITUTE_PATHS, POPUP_LMS_PATHS, popupCoursePath, popupPath, SERVICE_PATHS } from '../paths';
import { type Route, redirect, sendHtml, sendJson } from '../router';
import { routeListener, type Site, type SiteEnv, staticRoutes } from '../site';
import { identityRoutes } from './identity';
import { instituteError, institutePage } from './layout';
import type { PassBook } from './passes';

export const POPUP_LMS_COURSE = { id: 'c201', title: '전기기능사 실기 완성 과정', sessions: 16 } as const;

/** The checkpoints this LMS asks: entry, and the exam's first attempt. */
const CHECKPOINTS = [
  { evalCd: '00', classTme: '00', label: '입과 인증', done: '입과 인증 완료', button: 'mOTP 인증' },
  { evalCd: '02', classTme: '01', label: '시험 응시 인증', done: '시험 응시 인증 완료', button: '시험 응시' },
] as const;

function coursePage(passes: PassBook): SafeHtml {
  const course = POPUP_LMS_COURSE;
  const data: PopupCourseData = { courseId: course.id };
  const passed = (evalCd: string, classTme: string): boolean => passes.count(course.id, evalCd, classTme) > 0;
  return institutePage({
    site: 'popupLms',
    title: course.title,
    body: html`<p class="breadcrumb">나의 강의실 &gt; 학습중인 과정</p>
<section class="box course">
  <h1 class="course-title">${course.title}</h1>
  <p class="muted">학습기간 2025.03.03 ~ 2025.04.30 · ${course.sessions}차시 · 강사 이전기</p>
  <table class="otp-table" id="otpStatusTable">
    <caption>본인인증 현황</caption>
    <tbody>
${CHECKPOINTS.map((checkpoint) => {
  const done = passed(checkpoint.evalCd, checkpoint.classTme);
  return html`      <tr data-eval-cd="${checkpoint.evalCd}"><th scope="row">${checkpoint.label}</th><td class="otp-state" data-state="${done ? 'done' : 'todo'}">${done ? checkpoint.done : '미인증'}</td></tr>
`;
})}    </tbody>
  </table>
  <p class="course-actions">
    <button type="button" class="btn btn-primary" id="btnMotpAuth" data-motp-eval="00" data-motp-class="00">mOTP 인증</button>
    <a href="#" class="btn" id="btnExamAuth" data-motp-eval="02" data-motp-class="01">시험 응시</a>
  </p>
  <p class="muted">과정 입과 시 최초 1회, 시험 응시 전 한국산업인력공단 mOTP로 본인인증합니다. 인증 창은 새 창(팝업)으로 열립니다.</p>
</section>`,
    scripts: [pageData(data), siteScript('popup-course')],
  });
}

function popupPage(env: SiteEnv, evalCd: string, classTme: string): SafeHtml {
  const serviceOrigin = siteOrigin('service', env.port);
  const course = POPUP_LMS_COURSE;
  const returnUrl = encodeURIComponent(popupPath(course.id, evalCd, classTme));
  const data: PopupCheckpointData = {
    serviceOrigin,
    agentId: HRD_SITE_INFO.popupLms.agentId,
    courseId: course.id,
    completeUrl: POPUP_LMS_PATHS.complete,
    USER_NM: HRD_SITE_TRAINEE.name,
    USER_TEL: HRD_SITE_TRAINEE.tel,
    EVAL_CD: evalCd,
    CLASS_TME: classTme,
  };
  return institutePage({
    site: 'popupLms',
    title: 'mOTP 본인인증',
    bare: true,
    bodyClass: 'motp-popup',
    body: html`<div class="popup-wrap" id="motpPopupWrap">
  <h1 class="popup-title">한국산업인력공단 mOTP 인증</h1>
  <p class="popup-kind" id="motpKind">${evalCd === '00' ? '최초 과정 입과시 본인인증 절차입니다.' : '시험 응시 전 본인인증 절차입니다.'}</p>
  <ul class="guide">
    <li>스마트폰에 설치된 mOTP 앱을 실행합니다.</li>
    <li>mOTP 앱 화면에 나오는 “6자리” 번호를 아래 인증번호 칸에 입력합니다. (입력 칸을 누르면 키패드가 나타납니다)</li>
    <li>mOTP 앱에 등록된 개인정보는 아래의 개인정보와 일치해야 합니다.</li>
    <li>mOTP 비밀번호 5회 실패시 휴대폰 본인인증으로 초기화합니다.</li>
  </ul>
  <table class="user-table">
    <tbody>
      <tr><th scope="row">성명</th><td id="userName">${HRD_SITE_TRAINEE.name}</td></tr>
      <tr><th scope="row">휴대폰번호</th><td id="userPhone">${HRD_SITE_TRAINEE.phone}</td></tr>
    </tbody>
  </table>
  <div id="hrdOtpFrame" class="hrd-otp-frame"></div>
  <p id="otpStatusMsg" class="status-msg" role="status"></p>
  <div class="otp-input-row">
    <label for="otpNo">인증번호</label>
    <input type="password" id="otpNo" name="otpNo" maxlength="6" readonly autocomplete="off">
    <a href="#" id="btnOtpCheck" class="btn btn-primary" onclick="fnOtpCheck(); return false;">입력확인</a>
  </div>
  <div id="otpFallback" class="fallback" hidden>
    <p>mOTP 인증이 어려운 경우 다른 방법으로 본인인증을 진행할 수 있습니다.</p>
    <a id="btnPhoneAuth" class="btn" href="${INSTITUTE_PATHS.identityPhone}?returnUrl=${returnUrl}">휴대폰 인증</a>
    <a id="btnIpinAuth" class="btn" href="${INSTITUTE_PATHS.identityIpin}?returnUrl=${returnUrl}">아이핀 인증</a>
  </div>
</div>`,
    scripts: [
      pageData(data),
      loaderScript(serviceOrigin, SERVICE_PATHS.loader),
      siteScript('popup-checkpoint'),
    ],
  });
}

function knownCheckpoint(evalCd: string | null, classTme: string | null): boolean {
  return CHECKPOINTS.some((checkpoint) => checkpoint.evalCd === evalCd && checkpoint.classTme === classTme);
}

export function createPopupSite(env: SiteEnv, passes: PassBook): Site {
  const course = POPUP_LMS_COURSE;
  const home = popupCoursePath(course.id);
  const routes: Route[] = [
    { method: 'GET', path: '/', handle: ({ res }) => redirect(res, home) },
    {
      method: 'GET',
      path: POPUP_LMS_PATHS.course,
      handle: ({ res, url }) => {
        if (url.searchParams.get('courseId') !== course.id) {
          sendHtml(res, 404, instituteError('popupLms', '과정을 찾을 수 없습니다.'));
          return;
        }
        sendHtml(res, 200, coursePage(passes));
      },
    },
    {
      method: 'GET',
      path: POPUP_LMS_PATHS.popup,
      handle: ({ res, url }) => {
        const evalCd = url.searchParams.get('evalCd');
        const classTme = url.searchParams.get('classTme');
        if (url.searchParams.get('courseId') !== course.id || !knownCheckpoint(evalCd, classTme)) {
          sendHtml(res, 404, instituteError('popupLms', '잘못된 인증 요청입니다.'));
          return;
        }
        sendHtml(res, 200, popupPage(env, evalCd ?? '00', classTme ?? '00'));
      },
    },
    {
      method: 'POST',
      path: POPUP_LMS_PATHS.complete,
      // The demo trusts its own page here; a real LMS would confirm the pass with HRD server to server.
      handle: ({ res, fields }) => {
        if (
          fields.courseId !== course.id ||
          !knownCheckpoint(fields.evalCd ?? null, fields.classTme ?? null)
        ) {
          sendJson(res, 400, { ok: false });
          return;
        }
        passes.add(course.id, fields.evalCd ?? '', fields.classTme ?? '');
        env.log(`새솔 평생교육원: ${course.id} EVAL_CD ${fields.evalCd} passed`);
        sendJson(res, 200, { ok: true });
      },
    },
    ...identityRoutes(env, 'popupLms', { home, returnOrigins: [] }),
    ...staticRoutes(env, ['popup-course', 'popup-checkpoint', 'identity-phone']),
  ];
  return { name: 'popupLms', listener: routeListener({ env, label: '새솔 평생교육원', routes }) };
}
