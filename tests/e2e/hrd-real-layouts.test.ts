import type { Browser, Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import {
  classroomPath,
  examPath,
  LAYER_LMS_COURSE,
  PLAYER_LMS_COURSE,
  POPUP_LMS_COURSE,
  playerPath,
  popupCoursePath,
  popupPath,
} from '../../demo/hrd-sites';
import type { DemoLms } from '../../demo/server/app';
import { HRD_MOTP_PROFILE } from '../../lib/profiles/bundled';
import { enableSiteFromPopup, launchBrowser, openTabWithId } from '../../scripts/browsers';
import { type Setup, test } from './fixtures';
import {
  askBackgroundFrom,
  BROWSER_NAMES,
  delay,
  type ExtensionBrowser,
  findOverlayFrame,
  textOf,
  waitForSelectorIn,
} from './harness';
import {
  attemptsLeftIn,
  checkpointOverlay,
  clickInPage,
  outcomeOnPage,
  pollUntil,
  settledOverlay,
  typeInOverlay,
  waitForOutcome,
} from './hrd-steps';

/**
 * Which profile recognises the demo's real-pattern HRD sites: the bundled institute profile that
 * names them, or none — an imported profile takes the bundled one's place and names another
 * origin, and the trainee enables each site from the toolbar popup ("이 사이트에서 사용"), so HRD's
 * generic recognition, with no selector of any vendor, is what recognises every layout.
 */
const RECOGNITIONS = ['institute profile', 'no profile names the site'] as const;

/** The popup's own page, the lesson player (its box framed from another host) and the classroom. */
function hrdSitePages(lms: DemoLms): readonly string[] {
  return [
    `${lms.hrdSites.popupLms}${popupPath(POPUP_LMS_COURSE.id, '00', '00')}`,
    `${lms.hrdSites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 9)}`,
    `${lms.hrdSites.layerLms}${classroomPath(LAYER_LMS_COURSE.id)}`,
  ];
}

/** No profile names the sites any more; each is enabled from the popup, as a trainee does it. */
async function withoutInstituteProfile({ ext, lms }: Setup): Promise<undefined> {
  const options = await ext.openExtensionPage('options.html');
  const json = JSON.stringify({
    ...HRD_MOTP_PROFILE,
    instituteName: '다른 원격훈련원',
    origins: ['http://127.0.0.250/*'],
  });
  const imported = await askBackgroundFrom<unknown>(options, { type: 'profile/import', json });
  if (!imported.ok) throw new Error(`the replacement profile was refused: ${JSON.stringify(imported)}`);
  await options.close();
  for (const url of hrdSitePages(lms)) {
    const { page, tabId } = await openTabWithId(ext, url);
    await enableSiteFromPopup(ext, tabId, new URL(url).origin);
    await page.close();
  }
  return undefined;
}

/**
 * HRD checkpoints as real LMSes build them (docs/hrd-integration.md), on the demo's rebuilt
 * integrations and its HRD stand-in: a popup on v1 with a keypad that answers by alert and reload,
 * a lesson player's cross-origin iframe on v2 that answers by alert and a top navigation, and an
 * in-page layer on v2 whose entry asks twice and words a wrong code as an outage. After every try
 * the overlay's count equals the stand-in's own count.
 */
describe.each(
  BROWSER_NAMES.flatMap((browserName) => RECOGNITIONS.map((recognition) => ({ browserName, recognition }))),
)(
  'HRD checkpoints as real LMSes build them, in $browserName, $recognition',
  ({ browserName, recognition }) => {
    let lms: DemoLms;
    let ext: ExtensionBrowser;
    let dialogs: string[];
    // Each right code must be a step the stand-in has not accepted yet: its clock moves one step on.
    let shiftMs = 0;
    const now = () => Date.now() + shiftMs;
    const rightCode = () => {
      shiftMs += 60_000;
      return lms.hrdSites.currentCode();
    };

    test.override({
      browserName,
      setup: {
        now,
        testControls: true,
        acceptDialogs: true,
        ...(recognition === 'no profile names the site'
          ? {
              firefoxPrefs: { 'extensions.webextOptionalPermissionPrompts': false },
              ready: withoutInstituteProfile,
            }
          : {}),
      },
    });

    const newPage = async () => {
      const page = await ext.browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      return page;
    };

    /** The LMS's phone identity verification: the page calls HRD's user_reset, the observer sees it. */
    const verifyIdentity = async (page: Page) => {
      await page.goto(`${lms.hrdSites.playerLms}/identity/phone`);
      await clickInPage(page, '#btnSendSms');
      await page.type('#smsCode', '123456');
      await clickInPage(page, '#btnConfirmSms');
      await page.waitForSelector('#identity-result[data-outcome="success"]');
    };

    test.beforeEach(async ({ lms: blockLms, ext: blockExt, dialogs: blockDialogs }) => {
      [lms, ext, dialogs] = [blockLms, blockExt, blockDialogs];
      // Each test starts from a clean count on both sides, the way a trainee gets one: HRD's reset
      // after the LMS's identity verification, which the extension mirrors.
      lms.hrdSites.reset();
      const page = await newPage();
      await verifyIdentity(page);
      await delay(300);
      await page.close();
      dialogs.length = 0;
    });

    /** The stand-in's consecutive-error count, from the page's own device status call's view. */
    const hrdErrorCount = () => lms.hrdSites.errorCount();

    test('popup on v1: wrong code from the overlay and on the keypad, then the right one; the opener shows the pass', async () => {
      const course = await newPage();
      await course.goto(`${lms.hrdSites.popupLms}${popupCoursePath(POPUP_LMS_COURSE.id)}`);
      const popupTarget = ext.browser.waitForTarget((target) => target.url().includes('/motp/popup.jsp'));
      await clickInPage(course, '#btnMotpAuth');
      const popup = await (await popupTarget).page();
      if (!popup) throw new Error('no popup page');

      let overlay = await findOverlayFrame(popup, ext.extensionOrigin, 20_000);
      expect(await overlay.$eval('h1', (el) => el.textContent)).toBe('최초 입과 본인인증');

      // Wrong code typed in the overlay: HRD answers ErrCnt 1, the popup alerts and reloads.
      await Promise.all([popup.waitForNavigation(), typeInOverlay(overlay, '000000')]);
      overlay = await settledOverlay(popup, ext.extensionOrigin, 'failure');
      expect(hrdErrorCount()).toBe(1);
      expect(await attemptsLeftIn(overlay)).toBe(5 - hrdErrorCount());

      // Wrong code on the page's own keypad: read the same way.
      // Through the DOM: the overlay may cover the page's controls in a small popup.
      await clickInPage(popup, '#otpNo');
      for (const digit of '111111') await clickInPage(popup, `#hrdKeyPad button[data-key="${digit}"]`);
      expect(await popup.$eval('#otpNo', (el) => (el as HTMLInputElement).value)).toBe('111111');
      await Promise.all([popup.waitForNavigation(), clickInPage(popup, '#btnOtpCheck')]);
      overlay = await settledOverlay(popup, ext.extensionOrigin, 'failure');
      expect(hrdErrorCount()).toBe(2);
      expect(await attemptsLeftIn(overlay)).toBe(3);

      // The right code from the overlay: the popup calls its opener and closes.
      const closed = new Promise<void>((resolve) => popup.once('close', () => resolve()));
      await typeInOverlay(overlay, rightCode());
      await closed;
      expect(hrdErrorCount()).toBe(0);
      const notice = await findOverlayFrame(course, ext.extensionOrigin, 20_000);
      await waitForOutcome(notice, 'success');
      expect(dialogs).toContain('인증되었습니다.');
      await course.close();
    });

    test('player iframe on v2 (cross-origin): overlay in the top frame, fill in the frame, pass leads the top on', async () => {
      const page = await newPage();
      await page.goto(`${lms.hrdSites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 9)}`);
      const overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      // The overlay is in the top frame; the box is in the player's iframe on another origin.
      expect(await page.$('#otpFrame')).not.toBeNull();
      await typeInOverlay(overlay, '000000');
      await waitForOutcome(overlay, 'failure');
      expect(hrdErrorCount()).toBe(1);
      expect(await attemptsLeftIn(overlay)).toBe(4);
      // The kind and session come from the page's own request (EVAL_CD 01, CLASS_TME 9).
      expect(await overlay.$eval('h1', (el) => el.textContent)).toBe('8회차 본인인증');

      await typeInOverlay(overlay, rightCode());
      // The box sends the top page on (`top.location.href`). Firefox refuses that to a cross-origin
      // frame without the trainee's own click, so the overlay offers to go on: either way the lesson
      // shows next, with the notice of the pass.
      const lessonShown = () => document.querySelector('#lessonContent') !== null;
      const movedOn = await pollUntil(page, lessonShown, 'the lesson', 4_000).then(
        () => true,
        () => false,
      );
      if (!movedOn) {
        expect(browserName).toBe('firefox');
        await waitForOutcome(overlay, 'success');
        await waitForSelectorIn(overlay, '[data-testid=continue-after-pass]');
        await overlay.$eval('[data-testid=continue-after-pass]', (el) => (el as HTMLElement).click());
        await pollUntil(page, lessonShown, 'the lesson after the pass');
      }
      await outcomeOnPage(page, ext.extensionOrigin, 'success');
      expect(hrdErrorCount()).toBe(0);
      await page.close();
    });

    test('layer on v2: a wrong code worded as an outage still counts; the entry asks twice', async () => {
      const page = await newPage();
      await page.goto(`${lms.hrdSites.layerLms}${classroomPath(LAYER_LMS_COURSE.id)}`);
      await clickInPage(page, '#btnChooseMotp');
      let overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      // The trainee shown as readonly inputs counts as shown.
      expect(await overlay.$eval('body', (el) => el.textContent)).toContain('홍길동');

      await Promise.all([page.waitForNavigation(), typeInOverlay(overlay, '000000')]);
      // The page reloaded (location.replace): choose mOTP again; the new overlay says what happened.
      const chooseMotp = async () => {
        if (await page.$('#authChooser:not([hidden])')) await clickInPage(page, '#btnChooseMotp');
      };
      overlay = await checkpointOverlay(page, ext.extensionOrigin, chooseMotp);
      await waitForOutcome(overlay, 'failure');
      expect(dialogs.some((text) => text.includes('장애'))).toBe(true);
      expect(hrdErrorCount()).toBe(1);
      expect(await attemptsLeftIn(overlay)).toBe(4);

      await Promise.all([page.waitForNavigation(), typeInOverlay(overlay, rightCode())]);
      overlay = await checkpointOverlay(page, ext.extensionOrigin, chooseMotp);
      overlay = await outcomeOnPage(page, ext.extensionOrigin, 'successAgain');
      expect(hrdErrorCount()).toBe(0);
      await typeInOverlay(overlay, rightCode());
      // The layer goes away after the pass: the notice says so on the page.
      await outcomeOnPage(page, ext.extensionOrigin, 'success');
      await page.close();
    });

    test("exam on v2: the box appears only once HRD's module loaded; wrong, then right, and the exam opens", async () => {
      const page = await newPage();
      await page.goto(`${lms.hrdSites.layerLms}${examPath(LAYER_LMS_COURSE.id)}`);
      // The page says it is loading first; the box (and the code field the overlay fills) comes after.
      // The overlay shown over the loading box is replaced by the one for the box that came.
      const boxOverlay = async () => {
        await page.waitForSelector('#otp_no');
        for (let tries = 0; tries < 80; tries += 1) {
          const found = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
          if (await found.$('[data-testid=code-input]').catch(() => null)) return found;
          await delay(250);
        }
        throw new Error('no overlay with a code field over the exam box');
      };
      let overlay = await boxOverlay();
      // The kind from the page's words or its request (EVAL_CD 02): an exam.
      expect(await overlay.$eval('h1', (el) => el.textContent)).toContain('시험');
      await Promise.all([page.waitForNavigation(), typeInOverlay(overlay, '000000')]);
      overlay = await boxOverlay();
      await waitForOutcome(overlay, 'failure');
      expect(hrdErrorCount()).toBe(1);
      expect(await attemptsLeftIn(overlay)).toBe(4);
      await Promise.all([page.waitForNavigation(), typeInOverlay(overlay, rightCode())]);
      await page.waitForSelector('#examContent');
      expect(hrdErrorCount()).toBe(0);
      await outcomeOnPage(page, ext.extensionOrigin, 'success');
      await page.close();
    });

    test('five wrong codes lock as HRD does; HRD says so before any try; phone verification and user_reset unlock', async () => {
      const page = await newPage();
      await page.goto(`${lms.hrdSites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 17)}`);
      let overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await typeInOverlay(overlay, '000000');
        await waitForOutcome(overlay, attempt < 5 ? 'failure' : 'locked', attempt);
        expect(hrdErrorCount()).toBe(attempt);
      }
      expect(await overlay.$('[data-testid=locked]')).not.toBeNull();
      // Reopened: the lock is shown before any try.
      await page.reload();
      overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      await waitForSelectorIn(overlay, '[data-testid=locked]');
      expect(await overlay.$('[data-testid=code-input]')).toBeNull();

      // The LMS's phone verification calls HRD's user_reset from the page: the observer sees it.
      await verifyIdentity(page);
      await delay(500);
      expect(hrdErrorCount()).toBe(0);
      await page.goto(`${lms.hrdSites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 17)}`);
      overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      await waitForSelectorIn(overlay, '[data-testid=code-input]');
      expect(await attemptsLeftIn(overlay)).toBe(5);
      await page.close();
    });

    test('service down: the fallbacks, and nothing counted', async () => {
      lms.hrdSites.setOutage(true);
      const page = await newPage();
      await page.goto(`${lms.hrdSites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 1)}`);
      const overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      await typeInOverlay(overlay, '000000');
      await waitForOutcome(overlay, 'unavailable');
      expect(await attemptsLeftIn(overlay)).toBe(5);
      // The other ways: the institute's own pages as links, or, where no profile names them, in words.
      if (recognition === 'institute profile')
        expect(await overlay.$$eval('[data-testid=fallbacks] a', (links) => links.length)).toBeGreaterThan(0);
      else expect(await textOf(overlay, '[data-testid=fallbacks]')).toContain('아이핀 인증');
      lms.hrdSites.setOutage(false);
      await page.close();
    });

    test("the page's own requests and alerts are the same with and without the extension", async () => {
      // One wrong code typed on the layer page itself: once in this browser, once in a browser of
      // the same kind without the extension. The stand-in logs what reached HRD.
      const run = async (browser: Browser) => {
        lms.hrdSites.reset();
        lms.hrdSites.clearLog();
        const seen: string[] = [];
        const page = await browser.newPage();
        page.on('dialog', (dialog) => {
          seen.push(dialog.message());
          void dialog.accept().catch(() => undefined);
        });
        await page.goto(`${lms.hrdSites.layerLms}${classroomPath(LAYER_LMS_COURSE.id)}`);
        await clickInPage(page, '#btnChooseMotp');
        // Set as the page's own script would see a typed code; keystrokes could land in the overlay,
        // which takes focus when it appears (a placement matter of its own).
        await page.$eval('#otp_no', (el) => {
          (el as HTMLInputElement).value = '000000';
          el.dispatchEvent(new Event('input', { bubbles: true }));
        });
        await clickInPage(page, '#otpConfirm');
        // The page alerts, then replaces itself; its request has reached HRD by then.
        const deadline = Date.now() + 15_000;
        while (seen.length === 0 && Date.now() < deadline) await delay(100);
        await delay(800);
        await page.close();
        const requests = lms.hrdSites
          .log()
          .filter((entry) => entry.path.startsWith('/api/') || entry.path.includes('/hrdOTP/'))
          .map(({ method, path, origin, fields }) => {
            // HRD's own time stamp differs from run to run; everything else must be equal.
            const { UT: _ut, USRDT: _usrdt, ...rest } = fields;
            return { method, path, origin, fields: rest };
          });
        return { requests, seen };
      };
      const withExtension = await run(ext.browser);
      const plain = await launchBrowser(browserName);
      try {
        const without = await run(plain);
        expect(without.requests.length).toBeGreaterThan(0);
        expect(withExtension).toEqual(without);
      } finally {
        await plain.close();
      }
      // The count this test left on the extension's side is cleared like any other.
      const page = await newPage();
      await verifyIdentity(page);
      await page.close();
    });

    test('the observer sends nothing of its own and the history has one entry per attempt', async () => {
      const page = await newPage();
      await page.goto(`${lms.hrdSites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 1)}`);
      const overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      lms.hrdSites.clearLog();
      await typeInOverlay(overlay, '000000');
      await waitForOutcome(overlay, 'failure');
      const verifications = lms.hrdSites.log().filter((entry) => entry.path === '/api/v2/otp_accredit');
      // One preflight and one POST: the page's own, nothing added.
      expect(verifications.filter((entry) => entry.method === 'POST')).toHaveLength(1);
      expect(verifications.every((entry) => entry.origin === lms.hrdSites.playerFrame)).toBe(true);

      const options = await ext.openExtensionPage('options.html');
      const history = await askBackgroundFrom<{
        entries: { type: string; outcome: string | null; at: number }[];
      }>(options, { type: 'history/page', courseId: null, before: null, limit: 50 });
      const submitted = history.value.entries.filter((entry) => entry.type === 'codeSubmitted');
      // Every attempt of this whole suite so far, once each: no duplicates from alerts or reloads.
      const stamps = submitted.map((entry) => entry.at);
      expect(new Set(stamps).size).toBe(stamps.length);
      expect(submitted.length).toBeGreaterThanOrEqual(1);
      await options.close();
      await page.close();
    });

    test('only the background makes the content script fill: a fill sent from an extension page is ignored', async () => {
      const { page, tabId } = await openTabWithId(
        ext,
        `${lms.hrdSites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 1)}`,
        newPage,
      );
      await findOverlayFrame(page, ext.extensionOrigin, 20_000);
      lms.hrdSites.clearLog();
      const popup = await ext.openExtensionPage('popup.html');
      // Straight to the frame's content script, past the background's counting and origin checks.
      const reply = await popup.evaluate(
        async (id, origin) => {
          const scope = globalThis as unknown as {
            browser?: { tabs: { sendMessage(id: number, message: unknown): Promise<unknown> } };
            chrome?: { tabs: { sendMessage(id: number, message: unknown): Promise<unknown> } };
          };
          const tabs = (scope.browser ?? scope.chrome)?.tabs;
          return tabs?.sendMessage(id, { type: 'page/fill', code: '000000', origin }).then(
            (answer) => answer ?? 'no answer',
            (error: unknown) => `refused: ${String(error)}`,
          );
        },
        tabId,
        // The frame that holds the form: its own origin, so only the sender check stands in the way.
        lms.hrdSites.playerFrame,
      );
      await popup.close();
      expect(reply === 'no answer' || String(reply).startsWith('refused')).toBe(true);
      await delay(1000);
      expect(lms.hrdSites.log().filter((entry) => entry.path === '/api/v2/otp_accredit')).toEqual([]);
      await page.close();
    });
  },
);
