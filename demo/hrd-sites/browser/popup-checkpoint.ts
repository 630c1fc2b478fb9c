/// <reference lib="dom" />
/**
 * 새솔 평생교육원's mOTP popup, wired to HRD's v1 API the way older JSP integrations are: the
 * device status on load, HRD's keypad on the read-only input, `fnOtpCheck()` from the link's
 * `onclick`, XML answers read from `responseXML`, outcomes told by `alert()`, then a reload (or
 * the opener's callback and `window.close()`).
 */
import { POPUP_LMS_ALERTS } from '../messages';
import type { PopupCheckpointData } from '../page-data';
import { popupCoursePath, SERVICE_PATHS } from '../paths';
import { formBody, mustGet, readPageData, sendXhr, setShown, xmlField } from './dom';
import { hrdFrameOf } from './hrd-frame-api';

const data = readPageData<PopupCheckpointData>();
const otpInput = mustGet('otpNo', HTMLInputElement);
const statusLine = document.getElementById('otpStatusMsg');
const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';
const LOCK_ERRORS = 5;

const trainee = { USER_NM: data.USER_NM, USER_TEL: data.USER_TEL };

function showFallback(): void {
  setShown(document.getElementById('otpFallback'), true);
}

function say(text: string): void {
  if (statusLine) statusLine.textContent = text;
}

async function checkDeviceStatus(): Promise<void> {
  const xhr = await sendXhr(
    'POST',
    `${data.serviceOrigin}${SERVICE_PATHS.deviceStatus}`,
    formBody(trainee),
    FORM,
  );
  const connStatus = xmlField(xhr.responseXML, 'ConnStatus');
  const otpStatus = xmlField(xhr.responseXML, 'OtpStatus');
  const errors = Number(xmlField(xhr.responseXML, 'ErrCnt') || '0');
  if (connStatus === '102' || otpStatus === '901') {
    alert(POPUP_LMS_ALERTS.outage);
    say('mOTP 서비스 장애 중입니다. 아래의 다른 인증 방법을 이용하세요.');
    showFallback();
    return;
  }
  if (otpStatus === '102') {
    say('mOTP 인증이 잠겨 있습니다. 휴대폰 인증 후 이용하세요.');
    showFallback();
    return;
  }
  if (otpStatus === '103') {
    say('mOTP 미등록 사용자입니다. mOTP 앱을 설치하고 등록하세요.');
    return;
  }
  if (errors > 0) say(`현재 오류 ${errors}회 (${LOCK_ERRORS}회 오류 시 잠금)`);
}

async function recordPass(): Promise<void> {
  await sendXhr(
    'POST',
    data.completeUrl,
    formBody({ courseId: data.courseId, evalCd: data.EVAL_CD, classTme: data.CLASS_TME }),
    FORM,
  );
}

function passed(): void {
  alert(POPUP_LMS_ALERTS.accepted);
  const opener = window.opener as { fnOtpDone?: (evalCd: string) => void } | null;
  if (opener && typeof opener.fnOtpDone === 'function') {
    opener.fnOtpDone(data.EVAL_CD);
    window.close();
    return;
  }
  location.href = popupCoursePath(data.courseId);
}

async function fnOtpCheck(): Promise<void> {
  const otpNo = otpInput.value;
  if (!/^\d{6}$/.test(otpNo)) {
    alert(POPUP_LMS_ALERTS.empty);
    return;
  }
  hrdFrameOf(window).hideKeyPad();
  let xhr: XMLHttpRequest;
  try {
    xhr = await sendXhr(
      'POST',
      `${data.serviceOrigin}${SERVICE_PATHS.otpResult}`,
      formBody({
        ...trainee,
        OTPNO: otpNo,
        EVAL_CD: data.EVAL_CD,
        CLASS_TME: data.CLASS_TME,
        UT: hrdFrameOf(window).getUT(),
        AGENT_ID: data.agentId,
      }),
      FORM,
    );
  } catch {
    alert(POPUP_LMS_ALERTS.failed);
    return;
  }
  const retVal = xmlField(xhr.responseXML, 'RetVal');
  const errors = Number(xmlField(xhr.responseXML, 'ErrCnt') || '0');
  if (retVal === '101') {
    await recordPass();
    passed();
  } else if (retVal === '103' || errors >= LOCK_ERRORS) {
    alert(POPUP_LMS_ALERTS.locked);
    location.reload();
  } else if (retVal === '102') {
    alert(POPUP_LMS_ALERTS.mismatch);
    location.reload();
  } else if (retVal === '901') {
    alert(POPUP_LMS_ALERTS.outage);
    showFallback();
  } else {
    alert(xmlField(xhr.responseXML, 'RetMsg') || POPUP_LMS_ALERTS.failed);
    location.reload();
  }
}

Object.assign(window, {
  fnOtpCheck: () => {
    void fnOtpCheck();
  },
});

otpInput.addEventListener('click', () => hrdFrameOf(window).loadKeyPad(otpInput));

try {
  hrdFrameOf(window).loadHrdFrame();
  void checkDeviceStatus().catch(() => {
    say('mOTP 서버에 연결할 수 없습니다.');
    showFallback();
  });
} catch (error) {
  say(error instanceof Error ? error.message : 'HRD mOTP 모듈 오류');
  showFallback();
}
