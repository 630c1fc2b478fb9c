/**
 * 누리 원격교육원 (127.0.0.8): an institute LMS by another vendor than the other three, which no
 * extension profile names — the site a trainee enables from the toolbar ("이 사이트에서 사용").
 * Its own markup throughout (a table layout, no ids on the code input or the button), HRD's
 * loader and frame on the checkpoint page only, HRD's v2 API by `fetch` with a form body, and the
 * answer by `alert()` alone. The 과정 안내 home page has no HRD wiring at all.
 */
import { html, type SafeHtml } from '../../server/html';
import { HRD_SITE_INFO, HRD_SITE_TRAINEE, siteOrigin } from '../hosts';
import { loaderScript, pageData, siteScript } from '../markup';
import type { GenericClassroomData } from '../page-data';
import {
  GENERIC_LMS_PATHS,
  genericClassroomPath,
  genericLessonPath,
  INSTITUTE_PATHS,
  SERVICE_PATHS,
} from '../paths';
import { type RequestContext, type Route, redirect, sendHtml, sendJson } from '../router';
import { routeListener, type Site, type SiteEnv, staticRoutes } from '../site';
import type { PassBook } from './passes';

export const GENERIC_LMS_COURSE = {
  id: 'EL25-01',
  title: '전기기능사 필기 완성',
  category: '국가기간·전략산업직종훈련',
  lectures: [
    '전기의 기초와 단위',
    '정전기와 콘덴서',
    '직류회로와 옴의 법칙',
    '자기와 전자력',
    '교류회로의 기초',
    '3상 교류',
  ],
  /** Lectures whose classroom asks for mOTP first (진도, `EVAL_CD` 01, `CLASS_TME` = the 차시). */
  checkedLectures: [3, 5, 6],
  /**
   * Lectures whose box is the vendor's security keypad: a readonly field with no length, name
   * or label that says "code", typed by the page's own digit buttons, and `EVAL_CD`/`CLASS_TME`
   * as page variables. The extension finds no input there: the trainee types on the page.
   */
  keypadLectures: [5],
  /**
   * Lectures whose box takes the code one digit a box: six one-character inputs with no ids, the
   * page's script moving the focus on as each digit is typed and joining them into a hidden
   * `cert_val` when 인증하기 is pressed.
   */
  digitBoxLectures: [6],
} as const;

/** `EVAL_CD` of the lecture checks: 진도. */
const PROGRESS_EVAL_CD = '01';

const NAME = HRD_SITE_INFO.genericLms.name;

function isKeypad(lecture: number): boolean {
  return (GENERIC_LMS_COURSE.keypadLectures as readonly number[]).includes(lecture);
}

function isDigitBoxes(lecture: number): boolean {
  return (GENERIC_LMS_COURSE.digitBoxLectures as readonly number[]).includes(lecture);
}

function isChecked(lecture: number): boolean {
  return (GENERIC_LMS_COURSE.checkedLectures as readonly number[]).includes(lecture);
}

/** `?lec=` as a lecture of the course, or null. */
function lectureOf(url: URL): number | null {
  const raw = url.searchParams.get('lec') ?? '';
  if (!/^\d{1,2}$/.test(raw)) return null;
  const lecture = Number(raw);
  return lecture >= 1 && lecture <= GENERIC_LMS_COURSE.lectures.length ? lecture : null;
}

function lectureTitle(lecture: number): string {
  return GENERIC_LMS_COURSE.lectures[lecture - 1] ?? '';
}

/** The vendor's page frame: its own top bar, content box and footer. */
function nuriPage(options: {
  readonly title: string;
  readonly menu: 'course' | 'classroom';
  readonly body: SafeHtml;
  readonly scripts?: readonly SafeHtml[];
}): SafeHtml {
  const on = (menu: string): SafeHtml | null => (options.menu === menu ? html` class="on"` : null);
  return html`<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${NAME} - ${options.title}</title>
<link rel="stylesheet" href="${INSTITUTE_PATHS.stylesheet}">
</head>
<body class="nuri">
<div id="nr_wrap">
<div id="nr_top"><div class="top_in">
  <a href="${GENERIC_LMS_PATHS.home}" class="logo">${NAME}</a>
  <ul class="gnb">
    <li${on('course')}><a href="${GENERIC_LMS_PATHS.home}">과정안내</a></li>
    <li${on('classroom')}><a href="${genericClassroomPath(1)}">나의 학습실</a></li>
    <li><a href="#none">공지사항</a></li>
    <li><a href="#none">고객센터</a></li>
  </ul>
  <p class="mem_info"><strong>${HRD_SITE_TRAINEE.name}</strong>님 환영합니다</p>
</div></div>
<div id="nr_cont">
${options.body}
</div>
<div id="nr_foot"><address>${NAME} (데모) · 고용노동부 인정 원격훈련기관을 흉내 낸 시연용 사이트이며 실제 교육기관이 아닙니다.</address></div>
</div>
${options.scripts ?? []}
</body>
</html>
`;
}

function notFound(ctx: RequestContext): void {
  sendHtml(
    ctx.res,
    404,
    nuriPage({
      title: '안내',
      menu: 'course',
      body: html`<div class="nr_msg"><p class="msg_txt">요청하신 차시를 찾을 수 없습니다.</p><a href="${GENERIC_LMS_PATHS.home}" class="btn_line">과정안내로</a></div>`,
    }),
  );
}

function lectureHead(lecture: number): SafeHtml {
  return html`<div class="lec_head">
  <span class="lec_cate">${GENERIC_LMS_COURSE.category}</span>
  <h1 class="subj_tit">${GENERIC_LMS_COURSE.title}</h1>
  <p class="lec_no">${lecture}차시 · ${lectureTitle(lecture)}</p>
</div>`;
}

/** 과정 안내: the lectures and a notice; no loader, no frame, no code input. */
function homePage(passes: PassBook): SafeHtml {
  const course = GENERIC_LMS_COURSE;
  const state = (lecture: number): string => {
    if (!isChecked(lecture)) return '-';
    return passes.count(course.id, PROGRESS_EVAL_CD, String(lecture)) > 0 ? '인증완료' : '인증필요';
  };
  return nuriPage({
    title: '과정안내',
    menu: 'course',
    body: html`<div class="lec_head">
  <span class="lec_cate">${course.category}</span>
  <h1 class="subj_tit">${course.title}</h1>
  <p class="lec_no">총 ${course.lectures.length}차시 · 수강기간 2025.03.03 ~ 2025.05.31</p>
</div>
<div class="nr_notice">
  <strong class="notice_tit">[안내] 훈련생 본인인증</strong>
  <p>고용노동부 원격훈련 지침에 따라 일부 차시는 학습 전 한국산업인력공단 mOTP 본인인증을 거쳐야 합니다.</p>
</div>
<table class="lec_list">
  <caption>차시 목록</caption>
  <thead><tr><th scope="col">차시</th><th scope="col">학습내용</th><th scope="col">본인인증</th><th scope="col">학습</th></tr></thead>
  <tbody>
${course.lectures.map(
  (
    title,
    index,
  ) => html`    <tr><td>${index + 1}</td><td class="tl">${title}</td><td>${state(index + 1)}</td><td><a href="${genericClassroomPath(index + 1)}" class="btn_line">학습하기</a></td></tr>
`,
)}  </tbody>
</table>`,
  });
}

/** The checkpoint: a checked lecture's classroom before its pass. */
function classroomPage(env: SiteEnv, lecture: number): SafeHtml {
  const data: GenericClassroomData = {
    serviceOrigin: siteOrigin('service', env.port),
    agentId: HRD_SITE_INFO.genericLms.agentId,
    lecture,
    doneUrl: GENERIC_LMS_PATHS.certDone,
    lessonUrl: genericLessonPath(lecture),
    USER_NM: HRD_SITE_TRAINEE.name,
    USER_TEL: HRD_SITE_TRAINEE.tel,
    EVAL_CD: PROGRESS_EVAL_CD,
    CLASS_TME: String(lecture),
    keypad: isKeypad(lecture),
    digitBoxes: isDigitBoxes(lecture),
  };
  const { keypad, digitBoxes } = data;
  return nuriPage({
    title: '나의 학습실',
    menu: 'classroom',
    body: html`${lectureHead(lecture)}
<div class="cert_area">
  <h2 class="cert_tit">mOTP 본인인증</h2>
  <ul class="cert_guide">
    <li>${keypad ? html`${lecture}차시 학습 전 훈련생 본인인증이 필요합니다.` : html`${lecture}차시 진도 학습 전 훈련생 본인인증이 필요합니다.`}</li>
    <li>스마트폰 mOTP 앱(한국산업인력공단)에 표시된 6자리 번호를 ${keypad ? '아래 보안 키패드로 ' : digitBoxes ? '한 칸에 한 자리씩 ' : ''}입력한 뒤 인증하기를 누르세요.</li>
    <li>인증번호를 5회 연속 잘못 입력하면 인증이 잠깁니다.</li>
  </ul>
  <div id="hrdOtpFrame"></div>
  <table class="cert_tbl">
    <tr><th scope="row">성명</th><td><input type="text" name="mem_nm" value="${HRD_SITE_TRAINEE.name}" class="ipt_ro" readonly></td></tr>
    <tr><th scope="row">휴대전화</th><td><input type="text" name="mem_tel" value="${HRD_SITE_TRAINEE.phone}" class="ipt_ro" readonly></td></tr>
    ${keypad ? keypadRow() : digitBoxes ? digitBoxRow() : html`<tr><th scope="row">인증번호</th><td><input type="text" name="cert_val" placeholder="OTP 번호" maxlength="6" inputmode="numeric" autocomplete="off" class="ipt_cert"></td></tr>`}
  </table>
  <div class="cert_btns"><button type="button" class="btn_cert">인증하기</button> <a href="${GENERIC_LMS_PATHS.home}" class="btn_line">취소</a></div>
</div>`,
    scripts: [
      pageData(data),
      loaderScript(data.serviceOrigin, SERVICE_PATHS.loader),
      siteScript('generic-classroom'),
    ],
  });
}

/** One box per digit, as such vendors build it: no ids, the joined code in a hidden field. */
function digitBoxRow(): SafeHtml {
  const boxes = [1, 2, 3, 4, 5, 6].map(
    (place) =>
      html`<input type="text" class="ipt_digit" maxlength="1" inputmode="numeric" autocomplete="off" aria-label="인증번호 ${place}번째 자리">`,
  );
  return html`<tr><th scope="row">인증번호</th><td><div class="digit_row">${boxes}</div><input type="hidden" name="cert_val"></td></tr>`;
}

/** The security keypad's row: the digits in a shuffled order, as such keypads draw them. */
function keypadRow(): SafeHtml {
  const keys = ['7', '2', '9', '4', '0', '6', '1', '8', '3', '5'];
  return html`<tr><th scope="row">보안 키패드</th><td><input type="password" name="cert_val" class="ipt_cert" readonly>
      <div class="kp_pad" role="group" aria-label="보안 키패드">${keys.map((key) => html`<button type="button" class="kp_key" data-key="${key}">${key}</button>`)}<button type="button" class="kp_del">지움</button></div></td></tr>`;
}

function lessonPage(lecture: number): SafeHtml {
  const next = lecture < GENERIC_LMS_COURSE.lectures.length ? lecture + 1 : null;
  return nuriPage({
    title: `${lecture}차시 학습`,
    menu: 'classroom',
    body: html`${lectureHead(lecture)}
<div class="vod_area" data-lec="${lecture}">
  <p class="vod_screen">[${lecture}차시] ${lectureTitle(lecture)} · 학습 중 (데모 강의 화면)</p>
  <p class="vod_prog">진도율 <span class="prog_val">0%</span></p>
</div>
<div class="lec_nav">${next === null ? null : html`<a href="${genericClassroomPath(next)}" class="btn_line">다음 차시</a> `}<a href="${GENERIC_LMS_PATHS.home}" class="btn_line">목록</a></div>`,
  });
}

export function createGenericSite(env: SiteEnv, passes: PassBook): Site {
  const course = GENERIC_LMS_COURSE;
  const passed = (lecture: number): boolean => passes.count(course.id, PROGRESS_EVAL_CD, String(lecture)) > 0;
  const routes: Route[] = [
    {
      method: 'GET',
      path: GENERIC_LMS_PATHS.home,
      handle: ({ res }) => sendHtml(res, 200, homePage(passes)),
    },
    {
      method: 'GET',
      path: GENERIC_LMS_PATHS.classroom,
      handle: (ctx) => {
        const lecture = lectureOf(ctx.url);
        if (lecture === null) return notFound(ctx);
        if (!isChecked(lecture) || passed(lecture)) return redirect(ctx.res, genericLessonPath(lecture));
        sendHtml(ctx.res, 200, classroomPage(env, lecture));
      },
    },
    {
      method: 'GET',
      path: GENERIC_LMS_PATHS.lesson,
      handle: (ctx) => {
        const lecture = lectureOf(ctx.url);
        if (lecture === null) return notFound(ctx);
        // The LMS gates its lectures itself: no pass, back to the check.
        if (isChecked(lecture) && !passed(lecture)) return redirect(ctx.res, genericClassroomPath(lecture));
        sendHtml(ctx.res, 200, lessonPage(lecture));
      },
    },
    {
      method: 'POST',
      path: GENERIC_LMS_PATHS.certDone,
      // The demo trusts its own page here; a real LMS would confirm the pass with HRD server to server.
      handle: ({ res, fields }) => {
        const lecture = /^\d{1,2}$/.test(fields.lec ?? '') ? Number(fields.lec) : 0;
        if (
          !isChecked(lecture) ||
          fields.eval_cd !== PROGRESS_EVAL_CD ||
          fields.class_tme !== String(lecture)
        ) {
          sendJson(res, 400, { result: 'N' });
          return;
        }
        passes.add(course.id, PROGRESS_EVAL_CD, String(lecture));
        env.log(`${NAME}: ${course.id} ${lecture}차시 EVAL_CD ${PROGRESS_EVAL_CD} pass`);
        sendJson(res, 200, { result: 'Y' });
      },
    },
    ...staticRoutes(env, ['generic-classroom']),
  ];
  return { name: 'genericLms', listener: routeListener({ env, label: NAME, routes }) };
}
