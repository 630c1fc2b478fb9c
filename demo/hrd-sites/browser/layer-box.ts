/// <reference lib="dom" />
/**
 * 다온 직업전문학교's mOTP box, shared by the classroom layer and the exam page: XHR with a JSON
 * body to HRD's v2 API, and this LMS's own wording (a wrong code is announced as an outage, and
 * the page reloads).
 */
import { LAYER_LMS_ALERTS } from '../messages';
import type { LayerCompleteBody, LayerPageData } from '../page-data';
import { SERVICE_PATHS } from '../paths';
import { sendXhr, setShown } from './dom';
import { hrdFrameOf } from './hrd-frame-api';

const JSON_TYPE = 'application/json; charset=UTF-8';

interface V2Answer {
  readonly code: string;
  readonly msg: string;
}

function parseAnswer(xhr: XMLHttpRequest): V2Answer {
  try {
    const body = JSON.parse(xhr.responseText) as Partial<V2Answer>;
    return { code: String(body.code ?? ''), msg: String(body.msg ?? '') };
  } catch {
    return { code: 'CE001', msg: '' };
  }
}

/** Records a pass on the LMS; says whether the checkpoint is now complete (entry asks twice). */
export async function recordLayerPass(data: LayerPageData): Promise<boolean> {
  const xhr = await sendXhr(
    'POST',
    data.completeUrl,
    JSON.stringify({ courseId: data.courseId, evalCd: data.EVAL_CD, classTme: data.CLASS_TME }),
    JSON_TYPE,
  );
  const body = JSON.parse(xhr.responseText) as Partial<LayerCompleteBody>;
  return body.complete === true;
}

/**
 * Wires the confirm button to HRD; `onAccepted` runs after HRD's 200 (the caller records the
 * pass and decides what the page does next).
 */
export function wireLayerBox(options: {
  readonly data: LayerPageData;
  readonly input: HTMLInputElement;
  readonly confirm: HTMLButtonElement;
  readonly onAccepted: () => Promise<void>;
}): void {
  const { data, input, confirm } = options;
  const submit = async (): Promise<void> => {
    const otpNo = input.value.trim();
    if (otpNo === '') {
      alert(LAYER_LMS_ALERTS.empty);
      input.focus();
      return;
    }
    confirm.disabled = true;
    let answer: V2Answer;
    try {
      const xhr = await sendXhr(
        'POST',
        `${data.serviceOrigin}${SERVICE_PATHS.accredit}`,
        JSON.stringify({
          USER_NM: data.USER_NM,
          USER_TEL: data.USER_TEL,
          OTPNO: otpNo,
          EVAL_CD: data.EVAL_CD,
          CLASS_TME: data.CLASS_TME,
          UT: hrdFrameOf(window).getUT(),
          AGENT_ID: data.agentId,
        }),
        JSON_TYPE,
      );
      answer = parseAnswer(xhr);
    } catch {
      answer = { code: 'CE001', msg: '' };
    } finally {
      confirm.disabled = false;
    }
    switch (answer.code) {
      case '200':
        await options.onAccepted();
        return;
      case 'AP001':
        alert(LAYER_LMS_ALERTS.mismatch);
        location.replace(location.href);
        return;
      case 'AP009':
        alert(LAYER_LMS_ALERTS.locked);
        setShown(document.getElementById('btnPhoneAuth'), true);
        return;
      default:
        alert(answer.msg || LAYER_LMS_ALERTS.mismatch);
    }
  };
  confirm.addEventListener('click', () => {
    void submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void submit();
  });
}
