/// <reference lib="dom" />
/**
 * 다온 직업전문학교's exam page: the code input appears only once HRD's module has loaded
 * (`hrdFrame.loadOTP()`); until then the page says it is loading.
 */
import { LAYER_LMS_ALERTS } from '../messages';
import type { LayerPageData } from '../page-data';
import { readPageData } from './dom';
import { hrdFrameOf } from './hrd-frame-api';
import { recordLayerPass, wireLayerBox } from './layer-box';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>>,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/** Builds the box the way the vendor's script does once HRD is ready. */
function showBox(host: HTMLElement, data: LayerPageData): void {
  const input = element('input', { type: 'text', id: 'otp_no', maxlength: '6', placeholder: 'otp 번호' });
  const confirm = element('button', { type: 'button', id: 'otpConfirm', class: 'btn-confirm' }, '인증');
  const row = (label: string, control: HTMLElement): HTMLElement => {
    const wrap = element('p', { class: 'field' });
    const caption = element('label', { for: control.id }, label);
    wrap.append(caption, control);
    return wrap;
  };
  host.replaceChildren(
    row('성명', element('input', { type: 'text', id: 'userNm', readonly: '', value: data.USER_NM })),
    row('휴대폰', element('input', { type: 'text', id: 'userTel', readonly: '', value: data.telDisplay })),
    row('OTP 번호', input),
    confirm,
  );
  wireLayerBox({
    data,
    input,
    confirm,
    onAccepted: async () => {
      await recordLayerPass(data);
      alert(LAYER_LMS_ALERTS.accepted);
      location.reload();
    },
  });
  input.focus();
}

const host = document.getElementById('examOtpArea');
if (host) {
  const data = readPageData<LayerPageData>();
  hrdFrameOf(window)
    .loadOTP()
    .then(() => showBox(host, data))
    .catch(() => {
      host.textContent = 'OTP 모듈을 불러오지 못했습니다. 새로고침 후 다시 시도해 주세요.';
    });
}
