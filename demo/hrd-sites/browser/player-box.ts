/// <reference lib="dom" />
/**
 * 한길 원격평생교육원's mOTP box, framed by its lesson player from another host: `fetch` to HRD's
 * v2 API, HRD's `msg` passed through in `alert()`, and after a pass the top page is sent back to
 * the player.
 */
import { PLAYER_LMS_ALERTS } from '../messages';
import type { PlayerBoxData } from '../page-data';
import { SERVICE_PATHS } from '../paths';
import { mustGet, readPageData, setShown } from './dom';
import { hrdFrameOf } from './hrd-frame-api';

const data = readPageData<PlayerBoxData>();
const input = mustGet('mOtpNum', HTMLInputElement);
const button = mustGet('btnAuth', HTMLButtonElement);

interface V2Answer {
  readonly code: string;
  readonly msg: string;
}

function isServiceFault(code: string): boolean {
  return /^(WE|IE|CE)/.test(code);
}

async function accredit(otpNo: string): Promise<V2Answer> {
  const response = await fetch(`${data.serviceOrigin}${SERVICE_PATHS.accredit}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      USER_NM: data.USER_NM,
      USER_TEL: data.USER_TEL,
      OTPNO: otpNo,
      EVAL_CD: data.EVAL_CD,
      CLASS_TME: data.CLASS_TME,
      UT: hrdFrameOf(window).getUT(),
      AGENT_ID: data.agentId,
    }),
  });
  const body = (await response.json()) as Partial<V2Answer>;
  return { code: String(body.code ?? ''), msg: String(body.msg ?? '') };
}

async function recordPass(): Promise<void> {
  await fetch(data.completeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ courseId: data.courseId, evalCd: data.EVAL_CD, classTme: data.CLASS_TME }),
  });
}

async function authenticate(): Promise<void> {
  const otpNo = input.value.trim();
  if (otpNo === '') {
    alert(PLAYER_LMS_ALERTS.empty);
    return;
  }
  button.disabled = true;
  let answer: V2Answer;
  try {
    answer = await accredit(otpNo);
  } catch {
    answer = { code: 'CE001', msg: '' };
  } finally {
    button.disabled = false;
  }
  if (answer.code === '200') {
    await recordPass();
    alert(PLAYER_LMS_ALERTS.accepted);
    // The box is framed by the player: the whole page moves on, not the frame.
    if (top) top.location.href = data.returnUrl;
    return;
  }
  if (isServiceFault(answer.code)) {
    alert(PLAYER_LMS_ALERTS.outage);
    setShown(document.getElementById('otpFallback'), true);
    return;
  }
  alert(answer.msg);
  if (answer.code === 'AP001') {
    input.value = '';
    input.focus();
  } else if (answer.code === 'AP009') {
    setShown(document.getElementById('otpLocked'), true);
  } else if (answer.code === 'AP005') {
    setShown(document.getElementById('otpInstallGuide'), true);
  }
}

button.addEventListener('click', () => {
  void authenticate();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') void authenticate();
});

try {
  hrdFrameOf(window).loadHrdFrame();
} catch {
  setShown(document.getElementById('otpFallback'), true);
}
