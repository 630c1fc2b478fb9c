/**
 * Each institute's simulated identity verification (NICE 휴대폰 본인인증, 아이핀): any six digits
 * pass; the page itself then calls HRD's `user_reset`.
 */
import { html } from '../../server/html';
import { HRD_SITE_TRAINEE, siteOrigin } from '../hosts';
import { pageData, siteScript } from '../markup';
import type { IdentityPageData } from '../page-data';
import { INSTITUTE_PATHS } from '../paths';
import { type Route, sendHtml } from '../router';
import type { SiteEnv } from '../site';
import { type InstituteName, institutePage } from './layout';
import { safeReturnUrl } from './return-url';

export function identityRoutes(
  env: SiteEnv,
  site: InstituteName,
  options: { readonly home: string; readonly returnOrigins: readonly string[] },
): Route[] {
  const serviceOrigin = siteOrigin('service', env.port);
  return [
    {
      method: 'GET',
      path: INSTITUTE_PATHS.identityPhone,
      handle: ({ res, url }) => {
        const returnUrl = safeReturnUrl(
          url.searchParams.get('returnUrl'),
          options.returnOrigins,
          options.home,
        );
        const data: IdentityPageData = {
          serviceOrigin,
          USER_NM: HRD_SITE_TRAINEE.name,
          USER_TEL: HRD_SITE_TRAINEE.tel,
        };
        sendHtml(
          res,
          200,
          institutePage({
            site,
            title: '휴대폰 본인인증',
            body: html`<section class="box identity" aria-labelledby="identity-title">
  <h1 id="identity-title">휴대폰 본인인증</h1>
  <p class="muted">NICE평가정보 휴대폰 본인인증 (데모). 본인인증이 완료되면 mOTP 오류 횟수가 초기화되고 잠금이 해제됩니다. 실제 문자는 발송되지 않습니다.</p>
  <p class="field"><label for="identityName">이름</label><input type="text" id="identityName" value="${HRD_SITE_TRAINEE.name}" readonly></p>
  <p class="field"><label for="identityPhone">휴대폰번호</label><input type="text" id="identityPhone" value="${HRD_SITE_TRAINEE.phone}" readonly></p>
  <p class="field"><label for="identityCarrier">통신사</label><select id="identityCarrier"><option>SKT</option><option>KT</option><option>LG U+</option><option>알뜰폰</option></select></p>
  <p><button type="button" id="btnSendSms" class="btn">인증번호 받기</button></p>
  <p id="smsNotice" class="muted" role="status"></p>
  <p class="field"><label for="smsCode">인증번호</label><input type="text" id="smsCode" inputmode="numeric" maxlength="6" autocomplete="one-time-code"></p>
  <p><button type="button" id="btnConfirmSms" class="btn btn-primary">확인</button></p>
  <p id="identity-result" class="identity-result"></p>
  <p id="identityReturn" hidden><a class="btn" href="${returnUrl}" id="identityReturnLink">이전 화면으로 돌아가기</a></p>
</section>`,
            scripts: [pageData(data), siteScript('identity-phone')],
          }),
        );
      },
    },
    {
      method: 'GET',
      path: INSTITUTE_PATHS.identityIpin,
      handle: ({ res, url }) => {
        const returnUrl = safeReturnUrl(
          url.searchParams.get('returnUrl'),
          options.returnOrigins,
          options.home,
        );
        const phoneUrl = `${INSTITUTE_PATHS.identityPhone}?returnUrl=${encodeURIComponent(returnUrl)}`;
        sendHtml(
          res,
          200,
          institutePage({
            site,
            title: '아이핀 인증',
            body: html`<section class="box identity"><h1>아이핀 인증</h1><p>데모에서는 아이핀 인증을 제공하지 않습니다. <a id="ipinToPhone" href="${phoneUrl}">휴대폰 본인인증</a>을 이용해 주세요.</p></section>`,
          }),
        );
      },
    },
  ];
}
