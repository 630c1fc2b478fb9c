/// <reference lib="dom" />
/**
 * 누리 원격교육원's checkpoint: the classroom of a checked lecture. Another vendor than the other
 * institutes: no ids on its input or button, `fetch` with a form body to HRD's v2 API (`USRDT` as
 * HRD's time stamp), the answer by `alert()` only, then a reload on failure or the lesson on a pass.
 */
import { GENERIC_LMS_ALERTS } from '../messages';
import type { GenericClassroomData } from '../page-data';
import { SERVICE_PATHS } from '../paths';
import { mustFind, readPageData } from './dom';
import { hrdFrameOf } from './hrd-frame-api';

interface AccreditAnswer {
  readonly code: string;
  readonly msg: string;
}

async function accredit(data: GenericClassroomData, certVal: string): Promise<AccreditAnswer> {
  const response = await fetch(`${data.serviceOrigin}${SERVICE_PATHS.accredit}`, {
    method: 'POST',
    body: new URLSearchParams({
      AGENT_ID: data.agentId,
      USER_NM: data.USER_NM,
      USER_TEL: data.USER_TEL,
      EVAL_CD: data.EVAL_CD,
      CLASS_TME: data.CLASS_TME,
      OTPNO: certVal,
      USRDT: hrdFrameOf(window).getUT(),
    }),
  });
  const body = (await response.json()) as Partial<AccreditAnswer>;
  return { code: String(body.code ?? ''), msg: String(body.msg ?? '') };
}

async function recordPass(data: GenericClassroomData): Promise<void> {
  const response = await fetch(data.doneUrl, {
    method: 'POST',
    body: new URLSearchParams({
      lec: String(data.lecture),
      eval_cd: data.EVAL_CD,
      class_tme: data.CLASS_TME,
    }),
  });
  if (!response.ok) throw new Error(`pass not recorded (${response.status})`);
}

/** The one-digit boxes, in page order. */
function digitBoxList(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>('.digit_row input')];
}

/**
 * The vendor's box script: a digit moves the focus to the next box, Backspace in an empty box
 * back to the previous one, and a pasted code is spread from the box it was pasted in.
 */
function wireDigitBoxes(): void {
  const boxes = digitBoxList();
  boxes.forEach((box, index) => {
    box.addEventListener('input', () => {
      const digits = box.value.replace(/\D/g, '');
      if (digits.length > 1) {
        [...digits].forEach((digit, offset) => {
          const target = boxes[index + offset];
          if (target) target.value = digit;
        });
        boxes[Math.min(index + digits.length, boxes.length - 1)]?.focus();
        return;
      }
      box.value = digits;
      if (digits) boxes[index + 1]?.focus();
    });
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Backspace' && box.value === '') boxes[index - 1]?.focus();
    });
  });
}

const area = document.querySelector('.cert_area');
if (area) {
  const data = readPageData<GenericClassroomData>();
  const input = mustFind('input[name="cert_val"]', HTMLInputElement);
  const button = mustFind('.cert_btns button', HTMLButtonElement);
  let busy = false;

  const certify = async (): Promise<void> => {
    if (busy) return;
    if (data.digitBoxes)
      input.value = digitBoxList()
        .map((box) => box.value)
        .join('');
    const certVal = input.value.replace(/\s/g, '');
    if (certVal.length !== 6) {
      alert(GENERIC_LMS_ALERTS.empty);
      (data.digitBoxes ? digitBoxList()[0] : input)?.focus();
      return;
    }
    busy = true;
    let answer: AccreditAnswer;
    try {
      answer = await accredit(data, certVal);
    } catch {
      busy = false;
      alert(GENERIC_LMS_ALERTS.network);
      return;
    }
    if (answer.code === '200') {
      try {
        await recordPass(data);
      } catch {
        busy = false;
        alert(GENERIC_LMS_ALERTS.network);
        return;
      }
      alert(GENERIC_LMS_ALERTS.accepted);
      location.href = data.lessonUrl;
      return;
    }
    if (answer.code === 'AP001') alert(GENERIC_LMS_ALERTS.mismatch);
    else if (answer.code === 'AP009') alert(GENERIC_LMS_ALERTS.locked);
    else alert(answer.msg || GENERIC_LMS_ALERTS.network);
    if (data.keypad || data.digitBoxes) {
      // The keypad and box pages stay and clear their fields for the next try.
      busy = false;
      input.value = '';
      for (const box of digitBoxList()) box.value = '';
      return;
    }
    location.reload();
  };

  if (data.keypad) {
    // The vendor's page script declares HRD's fields as globals (`var EVAL_CD = '01'`).
    Object.assign(window, { EVAL_CD: data.EVAL_CD, CLASS_TME: data.CLASS_TME });
    for (const key of document.querySelectorAll<HTMLButtonElement>('.kp_key')) {
      key.addEventListener('click', () => {
        if (input.value.length < 6) input.value += key.dataset.key ?? '';
      });
    }
    document.querySelector('.kp_del')?.addEventListener('click', () => {
      input.value = input.value.slice(0, -1);
    });
  }
  if (data.digitBoxes) wireDigitBoxes();
  hrdFrameOf(window).loadHrdFrame();
  button.addEventListener('click', () => {
    void certify();
  });
  input.addEventListener('keyup', (event) => {
    if (event.key === 'Enter') void certify();
  });
}
