/// <reference lib="dom" />
/**
 * 다온 직업전문학교's classroom: a layer over the page with a chooser (mOTP or 휴대폰 본인인증);
 * choosing mOTP shows the box. Entry asks twice: the first pass reloads the page to ask again.
 */
import { LAYER_LMS_ALERTS } from '../messages';
import type { LayerPageData } from '../page-data';
import { mustGet, readPageData, setShown } from './dom';
import { hrdFrameOf } from './hrd-frame-api';
import { recordLayerPass, wireLayerBox } from './layer-box';

const layer = document.getElementById('motpLayer');
if (layer) {
  const data = readPageData<LayerPageData>();
  const chooser = mustGet('authChooser', HTMLElement);
  const box = mustGet('motpBox', HTMLElement);
  const input = mustGet('otp_no', HTMLInputElement);

  mustGet('btnChooseMotp', HTMLButtonElement).addEventListener('click', () => {
    setShown(chooser, false);
    setShown(box, true);
    hrdFrameOf(window).loadHrdFrame();
    input.focus();
  });
  mustGet('btnChoosePhone', HTMLButtonElement).addEventListener('click', () => {
    location.href = data.identityUrl;
  });

  wireLayerBox({
    data,
    input,
    confirm: mustGet('otpConfirm', HTMLButtonElement),
    onAccepted: async () => {
      const complete = await recordLayerPass(data);
      if (!complete) {
        alert(LAYER_LMS_ALERTS.firstEntryPass);
        location.reload();
        return;
      }
      alert(LAYER_LMS_ALERTS.accepted);
      layer.remove();
      document.body.classList.remove('layer-open');
      setShown(document.getElementById('classroomStatus'), true);
    },
  });
}
