/** Pages HRD's stand-in serves: its status frame and the (simulated) mOTP phone app. */
import { html, type SafeHtml } from '../../server/html';
import { pageData, siteScript } from '../markup';
import type { AppPageData } from '../page-data';
import { INSTITUTE_PATHS } from '../paths';

function servicePage(title: string, bodyClass: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${INSTITUTE_PATHS.stylesheet}">
</head>
<body class="hrd-service ${bodyClass}">
${body}
</body>
</html>
`;
}

/** `hrdFrame.jsp`: HRD's own frame in the institute's page (status, and the web OTP way). */
export function hrdFramePage(options: { readonly down: boolean }): SafeHtml {
  return servicePage(
    '한국산업인력공단 mOTP',
    'hrd-frame',
    html`<div class="hrd-frame-box" id="hrdFrameStatus" data-status="${options.down ? 'down' : 'up'}">
  <strong>한국산업인력공단 mOTP</strong>
  ${
    options.down
      ? html`<span class="hrd-state hrd-state-down">서비스 점검 중입니다. 휴대폰 또는 아이핀 인증을 이용하세요.</span>`
      : html`<span class="hrd-state hrd-state-up">mOTP 서비스 정상</span>`
  }
  <span class="hrd-web-otp">mOTP 앱이 없으면 웹 OTP 또는 캡챠 인증을 이용할 수 있습니다.</span>
</div>`,
  );
}

/** `/app?tel=…`: the trainee's phone showing its mOTP code. */
export function motpAppPage(options: {
  readonly tel: string;
  readonly code: string;
  readonly secondsLeft: number;
  readonly data: AppPageData;
}): SafeHtml {
  return servicePage(
    'mOTP',
    'motp-app',
    html`<main class="motp-phone" aria-labelledby="motp-app-title">
  <h1 id="motp-app-title">mOTP</h1>
  <p class="motp-owner" id="motp-app-tel">${options.tel}</p>
  <p class="motp-label" id="motp-app-label">인증번호</p>
  <output id="motp-app-code" class="motp-code" aria-labelledby="motp-app-label" data-expires-at="${options.data.expiresAtMs}">${options.code}</output>
  <p class="motp-timer"><span id="motp-app-seconds">${options.secondsLeft}</span>초 남음</p>
  <p class="motp-note">[데모] 훈련생 휴대폰의 mOTP 앱 화면입니다. 번호는 60초마다 바뀌며 한 번 인증에 사용한 번호는 다시 쓸 수 없습니다.</p>
</main>
${pageData(options.data)}
${siteScript('motp-app')}`,
  );
}

/** `/app` with a number that is not one. */
export function badTelPage(): SafeHtml {
  return servicePage(
    'mOTP',
    'motp-app',
    html`<main class="motp-phone"><h1>mOTP</h1><p>휴대폰 번호를 확인하세요. 예: /app?tel=01012345678</p></main>`,
  );
}
