/**
 * The demo LMS's shared page frame: header with the institute's name and nav, main, footer, and the
 * page's script under its CSP nonce. Every page of the demo LMS is rendered inside it.
 */
import { pageData } from '../shared/markup';
import { DEMO_INSTITUTE, DEMO_TRAINEE } from './catalog';
import { html, type SafeHtml, trustedHtml } from './html';
import { DEMO_PATHS } from './routes';

/** What every page needs from the server besides its own data. */
export interface PageContext {
  /** The server clock (Unix ms) at render time, exposed as `<meta name="lms-server-time">`. */
  readonly serverTimeMs: number;
}

/** A page's bundled script (demo/server/browser) and the nonce the page's CSP allows it by. */
export interface PageScript {
  readonly nonce: string;
  readonly source: string;
}

/** Which nav item is current. */
export type NavItem = 'courses' | 'otp' | null;

export interface LayoutOptions extends PageContext {
  readonly title: string;
  readonly signedIn: boolean;
  readonly nav: NavItem;
  readonly body: SafeHtml;
  /** Inline script, allowed by the page's CSP nonce, and the data it reads from the page. */
  readonly script?: PageScript & { readonly data: object };
}

/** The shared frame: header with institute name and nav, main, footer. */
export function layout(options: LayoutOptions): SafeHtml {
  const current = (item: NavItem) => (options.nav === item ? 'page' : null);
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="lms-server-time" content="${options.serverTimeMs}">
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
${
  options.script
    ? html`${pageData(options.script.data)}
<script nonce="${options.script.nonce}">${trustedHtml(options.script.source)}</script>`
    : null
}
</body>
</html>
`;
}

export function ariaCurrent(value: 'page' | null): SafeHtml {
  return value ? html` aria-current="${value}"` : html``;
}
