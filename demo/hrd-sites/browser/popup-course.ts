/// <reference lib="dom" />
/**
 * 새솔 평생교육원's course page: its buttons open the mOTP popup, and the popup calls back
 * `fnOtpDone(evalCd)` here after a pass.
 */

import type { PopupCourseData } from '../page-data';
import { popupPath } from '../paths';
import { readPageData } from './dom';

const data = readPageData<PopupCourseData>();
const POPUP_FEATURES = 'width=750,height=900';

function openMotpPopup(evalCd: string, classTme: string): void {
  window.open(popupPath(data.courseId, evalCd, classTme), 'motpPopup', POPUP_FEATURES);
}

/** Called by the popup (as `opener.fnOtpDone`): marks the pass, then reloads to show the server's record. */
function fnOtpDone(evalCd: string): void {
  const status = document.querySelector<HTMLElement>(`[data-eval-cd="${CSS.escape(evalCd)}"] .otp-state`);
  if (status) {
    status.textContent = evalCd === '00' ? '입과 인증 완료' : '시험 응시 인증 완료';
    status.dataset.state = 'done';
  }
  location.reload();
}

Object.assign(window, { fnOtpDone });

for (const button of document.querySelectorAll<HTMLElement>('[data-motp-eval]')) {
  button.addEventListener('click', (event) => {
    event.preventDefault();
    openMotpPopup(button.dataset.motpEval ?? '00', button.dataset.motpClass ?? '00');
  });
}
