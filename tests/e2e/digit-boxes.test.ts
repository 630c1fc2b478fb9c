import type { Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { genericClassroomPath, genericLessonPath, HRD_SITE_HOSTS } from '../../demo/hrd-sites';
import { openTabWithId } from '../../scripts/browsers';
import { test } from './fixtures';
import { BROWSER_NAMES, type ExtensionBrowser, findOverlayFrame } from './harness';
import { pollUntil, typeInOverlay } from './hrd-steps';

/**
 * One box per digit, in both browsers: 누리 원격교육원's 6차시 asks for the mOTP code one digit a
 * box (six one-character inputs with no ids; the page's script moves the focus on and joins them
 * when 인증하기 is pressed). The site is enabled as a trainee enables it (이 사이트에서 사용), the
 * generic HRD profile finds the boxes, the code typed in the overlay lands one digit in each box,
 * and HRD's stand-in accepts the joined code: the lesson opens.
 *
 * Chromium loads a copy of the build with the site's host among its host permissions (as an
 * institute would grant it at install), since automation cannot answer Chromium's prompt; Firefox
 * grants the optional permission without its prompt under its test preference.
 */
const LECTURE = 6;
/** A tab on the site that accepts the page's alerts, and the id the popup needs. */
async function openSite(ext: ExtensionBrowser, url: string): Promise<{ page: Page; tabId: number }> {
  return openTabWithId(ext, url, async () => {
    const page = await ext.browser.newPage();
    page.on('dialog', (dialog) => {
      void dialog.accept().catch(() => undefined);
    });
    await page.setViewport({ width: 1280, height: 900 });
    return page;
  });
}

/** 이 사이트에서 사용 in the toolbar popup for that tab. */
async function enableFromPopup(ext: ExtensionBrowser, tabId: number, site: string): Promise<void> {
  const popup = await ext.openExtensionPage(`popup.html?tab=${tabId}&origin=${encodeURIComponent(site)}`, {
    width: 360,
    height: 560,
  });
  await popup.waitForSelector('[data-testid=site-enable]');
  await popup.click('[data-testid=site-enable]');
  await popup.waitForFunction(() =>
    document.querySelector('[data-testid=site-finding]')?.textContent?.includes('사용을 시작했습니다'),
  );
  await popup.close();
}

/** What the boxes held when the page's button was pressed, kept across the page's navigation. */
async function recordBoxesAtSubmit(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener(
      'click',
      (event) => {
        if (!(event.target as Element | null)?.closest('.cert_btns button')) return;
        const boxes = [...document.querySelectorAll<HTMLInputElement>('.digit_row input')];
        sessionStorage.setItem('boxesAtSubmit', JSON.stringify(boxes.map((box) => box.value)));
      },
      true,
    );
  });
}

describe.each(BROWSER_NAMES)('one box per digit, in %s', (browserName) => {
  test.override({
    browserName,
    setup: {
      testControls: true,
      firefoxPrefs: { 'extensions.webextOptionalPermissionPrompts': false },
      // Chromium takes no port: the 누리 site's host, granted at install.
      grantedAtInstall: () => (browserName === 'chromium' ? [`http://${HRD_SITE_HOSTS.genericLms}/*`] : []),
    },
  });

  test('the code from the overlay lands one digit a box, and HRD accepts it', async ({ ext, lms }) => {
    const site = lms.hrdSites.genericLms;
    const { page, tabId } = await openSite(ext, `${site}${genericClassroomPath(LECTURE)}`);
    await enableFromPopup(ext, tabId, site);
    // The tab reloads with the content script registered: the generic profile's overlay.
    const overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
    await recordBoxesAtSubmit(page);
    const code = lms.hrdSites.currentCode();
    await typeInOverlay(overlay, code);
    // The page moves on to the lesson at once, taking the overlay with it: the lesson is the proof
    // (reading the overlay while its frame goes away leaves Firefox's driver a rejection nobody awaits).
    await pollUntil(page, () => location.pathname === '/edu/lesson', 'the lesson');
    expect(new URL(page.url()).search).toBe(new URL(genericLessonPath(LECTURE), site).search);
    const boxes = await page.evaluate(() => JSON.parse(sessionStorage.getItem('boxesAtSubmit') ?? 'null'));
    expect(boxes).toEqual([...code]);
    expect(lms.hrdSites.errorCount()).toBe(0);
    await page.close();
  });
});
