/**
 * The identity re-verification pages (휴대폰/아이핀 본인인증), simulated: the trainee manual's way
 * out of a lock. Both sites (the demo LMS and the HRD-connected one) show the same bodies in their
 * own frame, and a success resets the verifier of the site it happened on.
 */
import { DEMO_TRAINEE } from './catalog';
import { html, type SafeHtml } from './html';
import { DEMO_SMS_CODE } from './messages';
import { DEMO_PATHS } from './routes';

/** Mobile carriers offered by the phone verification form. */
export const CARRIERS = ['SKT', 'KT', 'LG U+', 'SKT 알뜰폰', 'KT 알뜰폰', 'LG U+ 알뜰폰'] as const;

/** What the identity pages report after a submit. */
export interface IdentityResult {
  readonly outcome: 'success' | 'failure';
  readonly message: string;
}

/**
 * The links a locked checkpoint shows (`#otp-recovery`); `returnTo` is where the identity pages
 * offer to go back to afterwards.
 */
export function identityLinks(returnTo: string): SafeHtml {
  const next = `?next=${encodeURIComponent(returnTo)}`;
  return html`<p class="otp-recovery" id="otp-recovery">휴대폰 또는 아이핀 본인인증 후 다시 이용할 수 있습니다. <a href="${DEMO_PATHS.identityPhone}${next}">휴대폰 본인인증</a> <a href="${DEMO_PATHS.identityIpin}${next}">아이핀 본인인증</a></p>`;
}

function resultLine(result: IdentityResult | null): SafeHtml | null {
  if (!result) return null;
  return html`<p id="identity-result" class="identity-result" data-outcome="${result.outcome}" role="${result.outcome === 'success' ? 'status' : 'alert'}">${result.message}</p>`;
}

function nextInput(next: string | null): SafeHtml | null {
  return next ? html`<input type="hidden" name="next" value="${next}">` : null;
}

function backLink(result: IdentityResult | null, next: string | null): SafeHtml | null {
  if (result?.outcome !== 'success') return null;
  return html`<p><a class="button identity-back" href="${next ?? DEMO_PATHS.courses}">${next ? '이전 화면으로 돌아가기' : '나의 강의실로 이동'}</a></p>`;
}

/** GET/POST /identity/phone: 휴대폰 본인인증 (no SMS is sent; the page shows the code). */
export function phoneIdentityBody(options: {
  readonly next: string | null;
  /** Whether 인증번호 받기 was pressed in this session (the code is then shown). */
  readonly codeSent: boolean;
  readonly carrier: string;
  readonly result: IdentityResult | null;
}): SafeHtml {
  return html`<section class="card narrow identity-card" aria-labelledby="identity-title">
  <h1 id="identity-title">휴대폰 본인인증</h1>
  <p class="muted">본인 명의 휴대폰으로 인증하면 OTP 인증 실패 횟수가 초기화되고 잠금이 해제됩니다. [데모] 실제 문자는 발송되지 않습니다.</p>
  ${resultLine(options.result)}
  <form class="form" id="sms-request-form" method="post" action="${DEMO_PATHS.identityPhone}">
    <input type="hidden" name="step" value="request">
    ${nextInput(options.next)}
    <div class="field">
      <label for="identity-name">이름</label>
      <input id="identity-name" name="name" type="text" value="${DEMO_TRAINEE.name}" readonly>
    </div>
    <div class="field">
      <label for="identity-phone">휴대폰 번호</label>
      <input id="identity-phone" name="phone" type="tel" value="${DEMO_TRAINEE.phone}" readonly>
    </div>
    <div class="field">
      <label for="identity-carrier">통신사</label>
      <select id="identity-carrier" name="carrier">
${CARRIERS.map(
  (
    carrier,
  ) => html`        <option value="${carrier}"${carrier === options.carrier ? html` selected` : null}>${carrier}</option>
`,
)}      </select>
    </div>
    <button type="submit" class="button" id="sms-request">인증번호 받기</button>
  </form>
  ${options.codeSent ? html`<p class="alert alert-ok sms-sent" id="sms-demo-code" role="status">[데모] 인증번호: ${DEMO_SMS_CODE}</p>` : null}
  <form class="form identity-confirm" id="sms-verify-form" method="post" action="${DEMO_PATHS.identityPhone}">
    <input type="hidden" name="step" value="verify">
    ${nextInput(options.next)}
    <div class="field">
      <label for="sms-code">인증번호</label>
      <input id="sms-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
    </div>
    <button type="submit" class="button button-primary" id="sms-confirm">확인</button>
  </form>
  ${backLink(options.result, options.next)}
</section>`;
}

/** GET/POST /identity/ipin: 아이핀 본인인증 (any non-empty id and password pass in the demo). */
export function ipinIdentityBody(options: {
  readonly next: string | null;
  readonly result: IdentityResult | null;
}): SafeHtml {
  return html`<section class="card narrow identity-card" aria-labelledby="identity-title">
  <h1 id="identity-title">아이핀 본인인증</h1>
  <p class="muted">아이핀(i-PIN)으로 본인인증하면 OTP 인증 실패 횟수가 초기화되고 잠금이 해제됩니다. [데모] 아이디와 비밀번호는 확인하지 않습니다.</p>
  ${resultLine(options.result)}
  <form class="form" id="ipin-form" method="post" action="${DEMO_PATHS.identityIpin}">
    ${nextInput(options.next)}
    <div class="field">
      <label for="ipin-id">아이핀 아이디</label>
      <input id="ipin-id" name="ipinId" type="text" autocomplete="username">
    </div>
    <div class="field">
      <label for="ipin-password">비밀번호</label>
      <input id="ipin-password" name="ipinPassword" type="password" autocomplete="current-password">
    </div>
    <button type="submit" class="button button-primary" id="ipin-submit">확인</button>
  </form>
  ${backLink(options.result, options.next)}
</section>`;
}
