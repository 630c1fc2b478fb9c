/**
 * 한길 원격평생교육원: the lesson player (127.0.0.5) asks at session 1 (entry) and at 9 and 17
 * (진도) by framing an mOTP box served from the institute's second host (127.0.0.6), which calls
 * HRD's v2 API with `fetch` and sends the top page back to the player after a pass.
 */
import { html, type SafeHtml } from '../../server/html';
import { HRD_SITE_INFO, HRD_SITE_TRAINEE, siteOrigin } from '../hosts';
import { loaderScript, pageData, siteScript } from '../markup';
import type { PlayerBoxData } from '../page-data';
import { INSTITUTE_PATHS, PLAYER_LMS_PATHS, playerPath, SERVICE_PATHS } from '../paths';
import { type Route, redirect, sendHtml, sendJson } from '../router';
import { routeListener, type Site, type SiteEnv, staticRoutes } from '../site';
import { identityRoutes } from './identity';
import { instituteError, institutePage } from './layout';
import type { PassBook } from './passes';
import { safeReturnUrl } from './return-url';

export const PLAYER_LMS_COURSE = { id: 'c301', title: '빅데이터 분석 실무', sessions: 20 } as const;

/** The sessions the player asks at (entry at 1, then every 8 sessions). */
export const PLAYER_CHECK_SESSIONS: readonly number[] = [1, 9, 17];

/** The checkpoint a session asks for, or null when it asks nothing. */
export function playerCheckpoint(
  session: number,
): { readonly evalCd: string; readonly classTme: string } | null {
  if (!PLAYER_CHECK_SESSIONS.includes(session)) return null;
  return session === 1 ? { evalCd: '00', classTme: '00' } : { evalCd: '01', classTme: String(session) };
}

function parseSession(value: string | null): number | null {
  if (value === null || !/^\d{1,2}$/.test(value)) return null;
  const session = Number(value);
  return session >= 1 && session <= PLAYER_LMS_COURSE.sessions ? session : null;
}

function playerPage(env: SiteEnv, passes: PassBook, session: number): SafeHtml {
  const course = PLAYER_LMS_COURSE;
  const checkpoint = playerCheckpoint(session);
  const due = checkpoint !== null && passes.count(course.id, checkpoint.evalCd, checkpoint.classTme) === 0;
  const returnUrl = `${siteOrigin('playerLms', env.port)}${playerPath(course.id, session)}`;
  const boxUrl = checkpoint
    ? `${siteOrigin('playerFrame', env.port)}${PLAYER_LMS_PATHS.box}?${new URLSearchParams({
        courseId: course.id,
        evalCd: checkpoint.evalCd,
        classTme: checkpoint.classTme,
        returnUrl,
      })}`
    : '';
  const sessions = Array.from({ length: course.sessions }, (_, index) => index + 1);
  return institutePage({
    site: 'playerLms',
    title: `${session}차시 학습`,
    bodyClass: 'player',
    body: html`<div class="player-layout">
  <nav class="session-nav" aria-label="차시 목록">
    <h2>${course.title}</h2>
    <ol>
${sessions.map(
  (n) =>
    html`      <li${n === session ? html` class="current" aria-current="page"` : null}><a href="${playerPath(course.id, n)}">${n}차시</a></li>
`,
)}    </ol>
  </nav>
  <section class="player-stage" id="playerStage" data-session="${session}" data-otp-due="${due ? 'true' : 'false'}">
    <h1 class="player-title">${session}차시 · ${course.title}</h1>
    ${
      due
        ? html`<div class="player-otp" id="playerOtp">
      <p class="player-otp-lead">${session === 1 ? '과정 입과 시 본인인증이 필요합니다.' : '8차시마다 본인인증이 필요합니다.'} 인증 후 학습을 진행할 수 있습니다.</p>
      <iframe id="otpFrame" src="${boxUrl}" title="mOTP 본인인증" width="640" height="460"></iframe>
    </div>`
        : html`<div class="lesson-video" id="lessonContent" data-session="${session}">
      <p class="video-screen">▶ ${session}차시 강의 재생 중 (데모)</p>
      <p class="muted">학습 진도는 자동으로 저장됩니다.</p>
    </div>`
    }
  </section>
</div>`,
  });
}

function boxPage(data: PlayerBoxData, identityUrl: string): SafeHtml {
  return institutePage({
    site: 'playerFrame',
    title: 'mOTP 본인인증',
    bare: true,
    bodyClass: 'otp-box-page',
    body: html`<div class="otp-box" id="otpBox">
  <h1 class="otp-box-title">mOTP 본인인증</h1>
  <p class="muted">mOTP 앱에 표시된 6자리 인증번호를 입력하세요. 인증번호는 60초마다 바뀝니다.</p>
  <div id="hrdOtpFrame" class="hrd-otp-frame"></div>
  <div class="otp-row">
    <input type="text" id="mOtpNum" maxlength="6" placeholder="인증번호" inputmode="numeric" autocomplete="off">
    <button type="button" id="btnAuth" class="btn btn-primary">인증하기</button>
  </div>
  <p id="otpLocked" class="otp-notice" hidden>mOTP 인증이 잠겼습니다. <a id="btnPhoneAuth" href="${identityUrl}" target="_top">휴대폰 본인인증</a> 후 다시 이용하세요.</p>
  <p id="otpInstallGuide" class="otp-notice" hidden>mOTP 앱 설치 안내: Play 스토어 또는 App Store에서 ‘mOTP’를 검색해 설치하고 이름·휴대폰번호로 등록하세요.</p>
  <p id="otpFallback" class="otp-notice" hidden>다른 인증 방법: <a id="btnFallbackPhone" href="${identityUrl}" target="_top">휴대폰 인증</a> <a id="btnFallbackIpin" href="${identityUrl.replace(INSTITUTE_PATHS.identityPhone, INSTITUTE_PATHS.identityIpin)}" target="_top">아이핀 인증</a></p>
</div>`,
    scripts: [
      pageData(data),
      loaderScript(data.serviceOrigin, SERVICE_PATHS.loader),
      siteScript('player-box'),
    ],
  });
}

/** The player's host. */
export function createPlayerSite(env: SiteEnv, passes: PassBook): Site {
  const course = PLAYER_LMS_COURSE;
  const home = playerPath(course.id, 1);
  const routes: Route[] = [
    { method: 'GET', path: '/', handle: ({ res }) => redirect(res, home) },
    {
      method: 'GET',
      path: PLAYER_LMS_PATHS.player,
      handle: ({ res, url }) => {
        const session = parseSession(url.searchParams.get('session') ?? '1');
        if (url.searchParams.get('courseId') !== course.id || session === null) {
          sendHtml(res, 404, instituteError('playerLms', '과정 또는 차시를 찾을 수 없습니다.'));
          return;
        }
        sendHtml(res, 200, playerPage(env, passes, session));
      },
    },
    ...identityRoutes(env, 'playerLms', { home, returnOrigins: [siteOrigin('playerLms', env.port)] }),
    ...staticRoutes(env, ['identity-phone']),
  ];
  return { name: 'playerLms', listener: routeListener({ env, label: '한길 원격평생교육원', routes }) };
}

/** The box's host: the trainee comes from the institute's session here, never from the page's URL. */
export function createPlayerFrameSite(env: SiteEnv, passes: PassBook): Site {
  const course = PLAYER_LMS_COURSE;
  const playerOrigin = siteOrigin('playerLms', env.port);
  const routes: Route[] = [
    {
      method: 'GET',
      path: PLAYER_LMS_PATHS.box,
      handle: ({ res, url }) => {
        const evalCd = url.searchParams.get('evalCd') ?? '';
        const classTme = url.searchParams.get('classTme') ?? '';
        const asked = PLAYER_CHECK_SESSIONS.map(playerCheckpoint).some(
          (checkpoint) => checkpoint?.evalCd === evalCd && checkpoint.classTme === classTme,
        );
        if (url.searchParams.get('courseId') !== course.id || !asked) {
          sendHtml(res, 404, instituteError('playerFrame', '잘못된 인증 요청입니다.'));
          return;
        }
        const returnUrl = safeReturnUrl(
          url.searchParams.get('returnUrl'),
          [playerOrigin],
          `${playerOrigin}${playerPath(course.id, 1)}`,
        );
        const absoluteReturn = returnUrl.startsWith('/') ? `${playerOrigin}${returnUrl}` : returnUrl;
        const data: PlayerBoxData = {
          serviceOrigin: siteOrigin('service', env.port),
          agentId: HRD_SITE_INFO.playerFrame.agentId,
          courseId: course.id,
          completeUrl: PLAYER_LMS_PATHS.complete,
          returnUrl: absoluteReturn,
          USER_NM: HRD_SITE_TRAINEE.name,
          USER_TEL: HRD_SITE_TRAINEE.tel,
          EVAL_CD: evalCd,
          CLASS_TME: classTme,
        };
        const identityUrl = `${playerOrigin}${INSTITUTE_PATHS.identityPhone}?returnUrl=${encodeURIComponent(absoluteReturn)}`;
        // Only the institute's player may frame the box.
        res.setHeader('Content-Security-Policy', `frame-ancestors 'self' ${playerOrigin}`);
        sendHtml(res, 200, boxPage(data, identityUrl));
      },
    },
    {
      method: 'POST',
      path: PLAYER_LMS_PATHS.complete,
      // The demo trusts its own page here; a real LMS would confirm the pass with HRD server to server.
      handle: ({ res, fields }) => {
        const session = fields.evalCd === '00' ? 1 : Number(fields.classTme);
        const checkpoint = playerCheckpoint(session);
        if (
          fields.courseId !== course.id ||
          checkpoint?.evalCd !== fields.evalCd ||
          checkpoint.classTme !== fields.classTme
        ) {
          sendJson(res, 400, { ok: false });
          return;
        }
        passes.add(course.id, checkpoint.evalCd, checkpoint.classTme);
        env.log(`한길 원격평생교육원: ${course.id} session ${session} passed`);
        sendJson(res, 200, { ok: true });
      },
    },
    ...staticRoutes(env, ['player-box']),
  ];
  return {
    name: 'playerFrame',
    listener: routeListener({ env, label: '한길 원격평생교육원 (인증 서버)', routes }),
  };
}
