/// <reference lib="dom" />
/**
 * A simulated NICE 휴대폰 본인인증: any six digits pass. On success the page asks HRD to clear the
 * trainee's mOTP errors (`user_reset`), as institutes do after identity verification.
 */
import { IDENTITY_TEXTS } from '../messages';
import type { IdentityPageData } from '../page-data';
import { SERVICE_PATHS } from '../paths';
import { formBody, mustGet, readPageData, setShown } from './dom';

const data = readPageData<IdentityPageData>();
const result = mustGet('identity-result', HTMLElement);
const smsCode = mustGet('smsCode', HTMLInputElement);
const notice = document.getElementById('smsNotice');
let sent = false;

function show(outcome: 'success' | 'failure' | 'invalid', text: string): void {
  result.dataset.outcome = outcome;
  result.textContent = text;
  result.setAttribute('role', outcome === 'success' ? 'status' : 'alert');
}

async function resetMotp(): Promise<boolean> {
  const response = await fetch(`${data.serviceOrigin}${SERVICE_PATHS.userReset}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: formBody({ USER_NM: data.USER_NM, USER_TEL: data.USER_TEL }),
  });
  const body = (await response.json()) as { readonly code?: unknown };
  return body.code === '200';
}

mustGet('btnSendSms', HTMLButtonElement).addEventListener('click', () => {
  sent = true;
  if (notice) notice.textContent = IDENTITY_TEXTS.sent;
  smsCode.focus();
});

mustGet('btnConfirmSms', HTMLButtonElement).addEventListener('click', () => {
  if (!sent) {
    show('invalid', IDENTITY_TEXTS.notSent);
    return;
  }
  if (!/^\d{6}$/.test(smsCode.value.trim())) {
    show('invalid', IDENTITY_TEXTS.invalid);
    return;
  }
  resetMotp().then(
    (reset) => {
      show(reset ? 'success' : 'failure', reset ? IDENTITY_TEXTS.success : IDENTITY_TEXTS.resetFailed);
      setShown(document.getElementById('identityReturn'), reset);
    },
    () => show('failure', IDENTITY_TEXTS.unavailable),
  );
});
