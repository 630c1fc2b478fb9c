/**
 * 다온 직업전문학교 (127.0.0.7): the classroom shows an in-page layer (a `div`, not a frame) with a
 * chooser, then the mOTP box; entry asks twice. Its exam page shows the code input only once
 * HRD's module has loaded. Both call HRD's v2 API by XHR with a JSON body.
 */
import { html, type SafeHtml } from '../../server/html';
import { HRD_SITE_INFO, HRD_SITE_TRAINEE, siteOrigin } from '../hosts';
import { loaderScript, pageData, siteScript } from '../markup';
import type { LayerCompleteBody, LayerPageData } from '../page-data';
import { classroomPath, examPath, INSTITUTE_PATHS, LAYER_LMS_PATHS, SERVICE_PATHS } from '../paths';
import { type Route, redirect, sendHtml, sendJson } from '../router';
import { routeListener, type Site, type SiteEnv, staticRoutes } from '../site';
import { identityRoutes } from './identity';
import { instituteError, institutePage } from './layout';
import type { PassBook } from './passes';

export const LAYER_LMS_COURSE = { id: 'c401', title: '용접기능사 이론 과정', sessions: 12 } as const;

/** Entry (EVAL_CD 00) needs two passes in a row on this LMS. */
export const LAYER_ENTRY_PASSES = 2;

const ENTRY = { evalCd: '00', classTme: '00' } as const;
const EXAM = { evalCd: '02', classTme: '01' } as const;

function checkpointData(
  env: SiteEnv,
  checkpoint: { readonly evalCd: string; readonly classTme: string },
  returnPath: string,
): LayerPageData {
  return {
    serviceOrigin: siteOrigin('service', env.port),
    agentId: HRD_SITE_INFO.layerLms.agentId,
    courseId: LAYER_LMS_COURSE.id,
    completeUrl: LAYER_LMS_PATHS.complete,
    identityUrl: `${INSTITUTE_PATHS.identityPhone}?returnUrl=${encodeURIComponent(returnPath)}`,
    telDisplay: HRD_SITE_TRAINEE.phone,
    USER_NM: HRD_SITE_TRAINEE.name,
    USER_TEL: HRD_SITE_TRAINEE.tel,
    EVAL_CD: checkpoint.evalCd,
    CLASS_TME: checkpoint.classTme,
  };
}

function classroomPage(env: SiteEnv, passes: PassBook): SafeHtml {
  const course = LAYER_LMS_COURSE;
  const entryPasses = passes.count(course.id, ENTRY.evalCd, ENTRY.classTme);
  const layerShown = entryPasses < LAYER_ENTRY_PASSES;
  const data = checkpointData(env, ENTRY, classroomPath(course.id));
  const sessions = Array.from({ length: course.sessions }, (_, index) => index + 1);
  return institutePage({
    site: 'layerLms',
    title: '나의 강의실',
    bodyClass: layerShown ? 'layer-open' : '',
    body: html`<section class="box classroom">
  <h1 class="course-title">${course.title}</h1>
  <p id="classroomStatus" class="status-ok"${layerShown ? html` hidden` : null}>입과 인증 완료 · 학습을 시작할 수 있습니다.</p>
  <ul class="lesson-list">
${sessions.map(
  (n) => html`    <li><span class="lesson-no">${n}차시</span> <a href="#">학습하기</a></li>
`,
)}  </ul>
  <p><a class="btn" id="examLink" href="${examPath(course.id)}">시험 응시</a></p>
</section>
${
  layerShown
    ? html`<div class="layer-dim" aria-hidden="true"></div>
<div class="layer-popup" id="motpLayer" role="dialog" aria-modal="true" aria-labelledby="motpLayerTitle">
  <h2 id="motpLayerTitle">입과 본인인증</h2>
  <p class="muted" id="entryStep" data-step="${entryPasses + 1}">훈련생 본인 확인을 위해 인증을 진행해 주세요. (${entryPasses + 1}/${LAYER_ENTRY_PASSES})</p>
  <div class="auth-chooser" id="authChooser">
    <div class="auth-option" id="authOptionMotp">
      <h3>mOTP 본인인증</h3>
      <p>스마트폰의 mOTP 앱에 표시된 번호로 인증합니다.</p>
      <button type="button" class="btn btn-primary" id="btnChooseMotp">인증하기</button>
    </div>
    <div class="auth-option" id="authOptionPhone">
      <h3>휴대폰 본인인증</h3>
      <p>본인 명의 휴대폰으로 인증합니다.</p>
      <button type="button" class="btn" id="btnChoosePhone">인증하기</button>
    </div>
  </div>
  <div class="motp-box" id="motpBox" hidden>
    <div id="hrdOtpFrame" class="hrd-otp-frame"></div>
    <p class="field"><label for="userNm">성명</label><input type="text" readonly value="${HRD_SITE_TRAINEE.name}" id="userNm"></p>
    <p class="field"><label for="userTel">휴대폰</label><input type="text" readonly value="${HRD_SITE_TRAINEE.phone}" id="userTel"></p>
    <p class="field"><label for="otp_no">OTP 번호</label><input type="text" id="otp_no" maxlength="6" placeholder="otp 번호" autocomplete="off"></p>
    <p><button type="button" id="otpConfirm" class="btn btn-primary">인증</button></p>
    <p><a id="btnPhoneAuth" class="btn" href="${data.identityUrl}" hidden>휴대폰 본인인증</a></p>
  </div>
</div>`
    : null
}`,
    scripts: layerShown
      ? [
          pageData(data),
          loaderScript(data.serviceOrigin, SERVICE_PATHS.loader),
          siteScript('layer-classroom'),
        ]
      : [],
  });
}

function examPage(env: SiteEnv, passes: PassBook): SafeHtml {
  const course = LAYER_LMS_COURSE;
  const passed = passes.count(course.id, EXAM.evalCd, EXAM.classTme) > 0;
  const data = checkpointData(env, EXAM, examPath(course.id));
  return institutePage({
    site: 'layerLms',
    title: '시험 응시',
    body: html`<section class="box exam">
  <h1 class="course-title">${course.title} · 최종평가 (1회차)</h1>
  ${
    passed
      ? html`<div id="examContent" class="exam-content"><p>본인인증이 완료되었습니다. 시험을 시작합니다.</p><ol><li>용접 작업 전 점검 사항으로 옳지 않은 것은? (데모)</li></ol></div>`
      : html`<p class="muted">시험 응시 전 mOTP 본인인증이 필요합니다.</p>
  <div id="hrdOtpFrame" class="hrd-otp-frame"></div>
  <div id="examOtpArea" class="motp-box"><p id="otpLoading" class="loading">OTP 모듈을 불러오는 중입니다...</p></div>
  <p><a id="btnPhoneAuth" class="btn" href="${data.identityUrl}" hidden>휴대폰 본인인증</a></p>`
  }
  <p><a href="${classroomPath(course.id)}">나의 강의실로</a></p>
</section>`,
    scripts: passed
      ? []
      : [pageData(data), loaderScript(data.serviceOrigin, SERVICE_PATHS.loader), siteScript('layer-exam')],
  });
}

export function createLayerSite(env: SiteEnv, passes: PassBook): Site {
  const course = LAYER_LMS_COURSE;
  const home = classroomPath(course.id);
  const page =
    (render: (env: SiteEnv, passes: PassBook) => SafeHtml): Route['handle'] =>
    ({ res, url }) => {
      if (url.searchParams.get('courseId') !== course.id) {
        sendHtml(res, 404, instituteError('layerLms', '과정을 찾을 수 없습니다.'));
        return;
      }
      sendHtml(res, 200, render(env, passes));
    };
  const routes: Route[] = [
    { method: 'GET', path: '/', handle: ({ res }) => redirect(res, home) },
    { method: 'GET', path: LAYER_LMS_PATHS.classroom, handle: page(classroomPage) },
    { method: 'GET', path: LAYER_LMS_PATHS.exam, handle: page(examPage) },
    {
      method: 'POST',
      path: LAYER_LMS_PATHS.complete,
      // The demo trusts its own page here; a real LMS would confirm the pass with HRD server to server.
      handle: ({ res, fields }) => {
        const checkpoint = [ENTRY, EXAM].find(
          (known) => known.evalCd === fields.evalCd && known.classTme === fields.classTme,
        );
        if (fields.courseId !== course.id || !checkpoint) {
          sendJson(res, 400, { ok: false });
          return;
        }
        const count = passes.add(course.id, checkpoint.evalCd, checkpoint.classTme);
        const needed = checkpoint === ENTRY ? LAYER_ENTRY_PASSES : 1;
        env.log(`다온 직업전문학교: ${course.id} EVAL_CD ${checkpoint.evalCd} pass ${count}/${needed}`);
        const body: LayerCompleteBody = { complete: count >= needed };
        sendJson(res, 200, body);
      },
    },
    ...identityRoutes(env, 'layerLms', { home, returnOrigins: [] }),
    ...staticRoutes(env, ['layer-classroom', 'layer-exam', 'identity-phone']),
  ];
  return { name: 'layerLms', listener: routeListener({ env, label: '다온 직업전문학교', routes }) };
}
