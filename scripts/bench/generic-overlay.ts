import { GENERIC_LMS_CHECKPOINT_PATH } from '../../demo/hrd-sites';
import { enableSiteFromPopup, openTabWithId } from '../browsers';
import { launchExtension } from './launch';
import { measureOverlay, type OverlayTimings } from './overlay-timing';

/**
 * Time to overlay with HRD's generic recognition, on an LMS no profile names (the demo's 누리
 * 원격교육원): the site is enabled through the popup as a trainee does ("이 사이트에서 사용"), then
 * its classroom checkpoint is timed like the demo LMS's — on navigation, and with its mOTP box
 * revealed in place on the site's home page. Firefox only: it grants the site without its prompt
 * under its test preference; Chromium's prompt cannot be answered by automation.
 */
export async function measureGenericOverlay(
  buildDir: string,
  genericLms: string,
  config: { warmup: number; runs: number; settleMs: number },
): Promise<OverlayTimings> {
  const ext = await launchExtension('firefox', buildDir, {
    'extensions.webextOptionalPermissionPrompts': false,
  });
  try {
    const { page, tabId } = await openTabWithId(ext, `${genericLms}${GENERIC_LMS_CHECKPOINT_PATH}`);
    await enableSiteFromPopup(ext, tabId, genericLms);
    await page.close();
    return await measureOverlay(
      ext,
      {
        checkpointUrl: `${genericLms}${GENERIC_LMS_CHECKPOINT_PATH}`,
        courseUrl: `${genericLms}/`,
        boxSource: GENERIC_LMS_CHECKPOINT_PATH,
        boxSelector: '.cert_area',
        container: '#nr_cont',
        revealPath: null,
      },
      config,
    );
  } finally {
    await ext.close();
  }
}
