/** The frame of the institutes' pages; each institute has its own header, colours and footer. */
import { html, type SafeHtml } from '../../server/html';
import { HRD_SITE_INFO, type HrdSiteName } from '../hosts';
import { INSTITUTE_PATHS } from '../paths';

/**
 * Per-institute look: the body class picks the colours in sites.css. 누리 (another vendor) and the
 * plain site have page frames of their own.
 */
const THEMES: Readonly<
  Record<
    Exclude<HrdSiteName, 'service' | 'genericLms' | 'plainSite'>,
    { readonly bodyClass: string; readonly tagline: string }
  >
> = {
  popupLms: { bodyClass: 'saesol', tagline: '고용노동부 지정 원격훈련기관' },
  playerLms: { bodyClass: 'hangil', tagline: '스마트 원격훈련 학습센터' },
  playerFrame: { bodyClass: 'hangil hangil-frame', tagline: '' },
  layerLms: { bodyClass: 'daon', tagline: '직업능력개발훈련 원격과정' },
};

export type InstituteName = keyof typeof THEMES;

export interface InstitutePageOptions {
  readonly site: InstituteName;
  readonly title: string;
  readonly body: SafeHtml;
  /** Script tags (page data first, HRD's loader, then the page's bundle). */
  readonly scripts?: readonly SafeHtml[];
  /** Popups and framed boxes have no header or footer. */
  readonly bare?: boolean;
  readonly bodyClass?: string;
}

export function institutePage(options: InstitutePageOptions): SafeHtml {
  const name = HRD_SITE_INFO[options.site].name;
  const theme = THEMES[options.site];
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} | ${name}</title>
<link rel="stylesheet" href="${INSTITUTE_PATHS.stylesheet}">
</head>
<body class="${theme.bodyClass} ${options.bodyClass ?? ''}">
${
  options.bare
    ? null
    : html`<header class="site-header"><div class="inner"><span class="site-name">${name}</span> <span class="site-tagline">${theme.tagline}</span><span class="site-user">홍길동 님</span></div></header>`
}
<main class="site-main" id="contents">
${options.body}
</main>
${
  options.bare
    ? null
    : html`<footer class="site-footer"><p>${name} (데모) · 이 사이트는 HRD mOTP 연계 방식을 재현한 시연용 LMS입니다. 실제 교육기관이 아닙니다.</p></footer>`
}
${options.scripts ?? []}
</body>
</html>
`;
}

/** An institute's error page (unknown course, bad parameters). */
export function instituteError(site: InstituteName, message: string): SafeHtml {
  return institutePage({
    site,
    title: '오류',
    body: html`<div class="box"><h1>요청을 처리할 수 없습니다</h1><p id="errorMessage">${message}</p></div>`,
  });
}
