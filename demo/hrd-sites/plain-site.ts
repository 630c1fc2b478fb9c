/**
 * 미래 사내교육 포털 (127.0.0.9): a site with no HRD integration, for the extension's refusal — a
 * company sign-in page with a bank-style "OTP 번호" field (six long) for its own two-factor
 * sign-in. No HRD loader, no HRD frame, no HRD API, and never HRD's word "mOTP".
 */
import { html, type SafeHtml } from '../server/html';
import { HRD_SITE_INFO } from './hosts';
import { PLAIN_SITE_TEXTS } from './messages';
import { INSTITUTE_PATHS, PLAIN_SITE_PATHS } from './paths';
import { type Route, sendHtml } from './router';
import { routeListener, type Site, type SiteEnv, staticRoutes } from './site';

const NAME = HRD_SITE_INFO.plainSite.name;

function signInPage(error: string | null): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>로그인 | ${NAME}</title>
<link rel="stylesheet" href="${INSTITUTE_PATHS.stylesheet}">
</head>
<body class="mirae">
<div class="mr-login">
  <h1 class="mr-brand">${NAME}</h1>
  <p class="mr-lead">임직원 전용 교육 포털입니다. 사번과 비밀번호, 보안카드 OTP 번호로 로그인하세요.</p>
  <form class="mr-form" method="post" action="${PLAIN_SITE_PATHS.login}">
    <label class="mr-row">사번<input type="text" name="empno" autocomplete="username"></label>
    <label class="mr-row">비밀번호<input type="password" name="passwd" autocomplete="current-password"></label>
    <label class="mr-row">OTP 번호<input type="text" name="otp" maxlength="6" inputmode="numeric" placeholder="OTP 번호 6자리" autocomplete="one-time-code"></label>
    ${error === null ? null : html`<p class="mr-error" role="alert">${error}</p>`}
    <button type="submit" class="mr-submit">로그인</button>
  </form>
  <p class="mr-foot">${NAME} (데모) · 한국산업인력공단과 연계되지 않은 일반 사이트입니다.</p>
</div>
</body>
</html>
`;
}

export function createPlainSite(env: SiteEnv): Site {
  const routes: Route[] = [
    { method: 'GET', path: PLAIN_SITE_PATHS.home, handle: ({ res }) => sendHtml(res, 200, signInPage(null)) },
    // No accounts: every sign-in is refused, the same page again.
    {
      method: 'POST',
      path: PLAIN_SITE_PATHS.login,
      handle: ({ res }) => sendHtml(res, 200, signInPage(PLAIN_SITE_TEXTS.loginFailed)),
    },
    ...staticRoutes(env, []),
  ];
  return { name: 'plainSite', listener: routeListener({ env, label: NAME, routes }) };
}
