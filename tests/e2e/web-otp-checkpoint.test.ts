import type { Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { type ParsedKeyUri, parseKeyUri } from '../../lib/otp/key-uri';
import { timeStepAt, totpCodeForStep } from '../../lib/otp/totp';
import { test } from './fixtures';
import {
  BROWSER_NAMES,
  findOverlayFrame,
  overlayHostCount,
  screenshot,
  signIn,
  textOf,
  waitForSelectorIn,
  waitInFrame,
} from './harness';

const PIN = '4821';

/**
 * The first slice end to end, in each browser: register from the LMS's enrollment page, pass the
 * first-entry checkpoint with web OTP and with a typed app code, count a wrong PIN, keep keys away
 * from the page, and stay off origins that are not configured.
 */
describe.each(BROWSER_NAMES)('web-OTP checkpoint in %s', (browserName) => {
  // The block registers through the options page itself: its setup has no trainee.
  test.override({ browserName });
  let key: ParsedKeyUri;

  test('registers through the options page with the key from the enrollment page', async ({
    page,
    lms,
    ext,
  }) => {
    await signIn(page, lms.url);
    await page.goto(`${lms.url}/otp/enroll`);
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/otp/enroll"] button[type=submit]'),
    ]);
    const keyUri = await textOf(page, '#otp-key-uri');
    const parsed = parseKeyUri(keyUri);
    if (!parsed.ok) throw new Error(`enrollment page showed a bad key: ${parsed.error}`);
    key = parsed.value;

    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid=wizard-step-consent]');
    // Next without consent is refused with a reason, and the wizard stays put.
    await options.click('[data-testid=wizard-next]');
    await options.waitForSelector('#consent-error');
    await options.click('[data-testid=consent]');
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-step-identity]');
    await options.type('#name', '홍길동');
    await options.type('#phone', '010 1234 5678');
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-step-pin]');
    await options.type('#pin', PIN);
    await options.type('#pin-confirmation', '9999');
    await options.click('[data-testid=wizard-next]');
    expect(await textOf(options, '#pin-error')).toContain('서로 다릅니다');
    await options.$eval('#pin-confirmation', (input) => {
      (input as HTMLInputElement).select();
    });
    await options.type('#pin-confirmation', PIN);
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-step-key]');
    await options.click('[data-testid=find-key]');
    await options.waitForSelector('[data-testid=key-notice]');
    expect(await options.$eval('#key-uri', (el) => (el as HTMLTextAreaElement).value)).toBe(keyUri);
    expect(await options.$eval('#lms-origin', (el) => (el as HTMLInputElement).value)).toBe(lms.url);
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-summary]');
    expect(await textOf(options, '[data-testid=wizard-summary]')).toContain('010-1234-5678');
    await options.click('[data-testid=wizard-next]');
    await options.waitForSelector('[data-testid=registration-status]');
    const status = await textOf(options, '[data-testid=registration-status]');
    expect(status).toContain('홍길동');
    expect(status).toContain(lms.url);
    await screenshot(options, `${browserName}-options`);
    await options.close();
  });

  test('shows the overlay on the first-entry checkpoint and passes with a code typed from the app', async ({
    page,
    lms,
    ext,
  }) => {
    await page.goto(`${lms.url}/courses/c101`);
    await Promise.all([page.waitForNavigation(), page.click('a.button-primary[href$="/checkpoint/entry"]')]);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    expect(await textOf(overlay, 'h1')).toBe('최초 입과 본인인증');
    expect(await textOf(overlay, '[data-testid=trainee-registered]')).toContain('010-1234-5678');
    expect(await textOf(overlay, '[data-testid=trainee-shown]')).toContain('홍길동');
    expect(await overlay.$('[data-testid=identity-mismatch]')).toBeNull();
    expect(await textOf(overlay, '[data-testid=attempts-left]')).toContain('5회');
    await screenshot(page, `${browserName}-overlay`);

    const keylog = await installKeyLogger(page);
    await overlay.click('[data-testid=method-app]');
    await waitForSelectorIn(overlay, '[data-testid=code-input]');
    // The previous step's code: still accepted for delay, and it leaves the current step unused
    // for the web-OTP test that follows (the verifier refuses any step at or before the last used).
    const code = totpCodeForStep(key, timeStepAt(Date.now(), key.period) - 1);
    // Typed the way trainees paste it: full-width digits with a space in the middle.
    const typed = `${toFullWidth(code.slice(0, 3))} ${toFullWidth(code.slice(3))}`;
    await overlay.type('[data-testid=code-input]', typed);
    // Checked before submitting: the page must then receive the code, through its own form.
    expect(await keylog.read()).toEqual([]);
    await overlay.click('[data-testid=code-submit]');
    await waitInFrame(overlay, () => document.querySelector('[data-outcome]') !== null, 'the overlay result');
    expect(await overlay.$eval('[data-outcome]', (el) => el.getAttribute('data-outcome'))).toBe('success');
    expect(await page.$eval('#otp-result', (el) => el.getAttribute('data-outcome'))).toBe('success');
    expect(await traineeState(page, lms.url)).toMatchObject({ verifiedCheckpoints: ['c101:entry'] });
  });

  test('counts a wrong PIN, then passes with web OTP, and the page never sees a key', async ({
    page,
    lms,
    ext,
  }) => {
    await page.goto(`${lms.url}/courses/c102/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    const keylog = await installKeyLogger(page);

    await waitForSelectorIn(overlay, '[data-testid=pin-input]');
    await overlay.type('[data-testid=pin-input]', '0000');
    await overlay.click('[data-testid=pin-submit]');
    await waitInFrame(
      overlay,
      () => document.querySelector('[role=alert]') !== null,
      'the wrong-PIN message',
    );
    expect(await textOf(overlay, '[role=alert]')).toContain('PIN 남은 횟수: 4회');

    const popup = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
    await popup.waitForSelector('[data-testid=popup-attempts]');
    expect(await textOf(popup, '[data-testid=popup-attempts]')).toContain('PIN 남은 횟수: 4회');
    // The popup shows the current code after the PIN too (and the right PIN clears the count).
    await popup.type('[data-testid=pin-input]', PIN);
    await popup.click('[data-testid=pin-submit]');
    await popup.waitForSelector('[data-testid=web-otp-code]');
    // The right PIN cleared the wrong one, and the popup says so beside the code.
    await popup.waitForFunction(() =>
      document.querySelector('[data-testid=popup-attempts]')?.textContent?.includes('PIN 남은 횟수: 5회'),
    );
    await screenshot(popup, `${browserName}-popup`);
    await popup.close();

    await page.bringToFront();
    await overlay.type('[data-testid=pin-input]', PIN);
    await overlay.click('[data-testid=pin-submit]');
    await waitForSelectorIn(overlay, '[data-testid=web-otp-code]');
    const shown = (await textOf(overlay, '[data-testid=web-otp-code]')).replace(/\s/g, '');
    // The extension keeps time by the LMS's clock: the midpoint of what the server's whole-second
    // Date header allows, so up to a second ahead of this process near a window's edge.
    const step = timeStepAt(Date.now(), key.period);
    expect([step - 1, step, step + 1].map((s) => totpCodeForStep(key, s))).toContain(shown);
    const seconds = Number((await textOf(overlay, '[data-testid=web-otp-seconds]')).replace(/\D/g, ''));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);

    expect(await keylog.read()).toEqual([]);
    await overlay.click('[data-testid=web-otp-submit]');
    await waitInFrame(overlay, () => document.querySelector('[data-outcome]') !== null, 'the overlay result');
    expect(await overlay.$eval('[data-outcome]', (el) => el.getAttribute('data-outcome'))).toBe('success');
    expect(await page.$eval('#otp-result', (el) => el.getAttribute('data-outcome'))).toBe('success');
    const state = await traineeState(page, lms.url);
    expect(state.verifiedCheckpoints).toContain('c102:entry');
    expect(state.failures).toBe(0);

    const popup2 = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
    await popup2.waitForSelector('[data-testid=popup-attempts]');
    expect(await textOf(popup2, '[data-testid=popup-attempts]')).toContain('PIN 남은 횟수: 5회');
    // This time step was just submitted: the extension will not hand out its code again. If the
    // 60-second window turned meanwhile, the next window's code is a new one, which is right too.
    await popup2.type('[data-testid=pin-input]', PIN);
    await popup2.click('[data-testid=pin-submit]');
    await popup2.waitForSelector('[data-testid=next-code-wait], [data-testid=web-otp-code]');
    const codeAgain = await popup2.$('[data-testid=web-otp-code]');
    if (codeAgain === null) {
      // Waiting for the next window is no error: a status that counts down, no PIN field to redden.
      expect(await textOf(popup2, '[role=status]')).toContain('새 인증번호가 바로 나옵니다');
      expect(await popup2.$('[role=alert]')).toBeNull();
      expect(await popup2.$('[data-testid=pin-input]')).toBeNull();
      const secondsLeft = async () =>
        Number((await textOf(popup2, '[data-testid=next-code-seconds]')).replace(/\D/g, ''));
      const first = await secondsLeft();
      await popup2
        .waitForFunction(
          (before) =>
            Number(
              document.querySelector('[data-testid=next-code-seconds]')?.textContent?.replace(/\D/g, ''),
            ) < before,
          { timeout: 5000 },
          first,
        )
        .catch(async () => {
          // The window may have opened meanwhile: then the new code is shown instead.
          await popup2.waitForSelector('[data-testid=web-otp-code]', { timeout: 2000 });
        });
    } else {
      expect((await textOf(popup2, '[data-testid=web-otp-code]')).replace(/\s/g, '')).not.toBe(shown);
    }
    await popup2.close();
    await page.bringToFront();
  });

  test('shows no overlay on an origin that is not configured', async ({ page, lms }) => {
    // Same server, other origin: localhost is not in any profile.
    const other = lms.url.replace('127.0.0.1', 'localhost');
    await signIn(page, other);
    await page.goto(`${other}/courses/c103/checkpoint/entry`);
    await page.waitForSelector('#otp-form');
    // The overlay appears within ~0.3 s where configured (measured); give it ample time to be wrong.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await overlayHostCount(page)).toBe(0);
    expect(page.frames()).toHaveLength(1);
  });
});

async function traineeState(page: Page, origin: string) {
  return page.evaluate(async (url) => (await fetch(url)).json(), `${origin}/api/trainee/state`) as Promise<{
    verifiedCheckpoints: string[];
    failures: number;
  }>;
}

/**
 * A page script of the kind a hostile or careless LMS could run: capture-phase listeners for keys
 * and input on window and document. It must record nothing while the trainee types in the overlay.
 */
async function installKeyLogger(page: Page) {
  await page.evaluate(() => {
    const log: string[] = [];
    (window as unknown as { __keylog: string[] }).__keylog = log;
    for (const target of [window, document]) {
      for (const type of ['keydown', 'keypress', 'keyup', 'input', 'beforeinput', 'paste']) {
        target.addEventListener(
          type,
          (event) => log.push(`${type}:${(event as KeyboardEvent).key ?? ''}`),
          true,
        );
      }
    }
  });
  return {
    read: () => page.evaluate(() => (window as unknown as { __keylog: string[] }).__keylog),
  };
}

function toFullWidth(digits: string): string {
  return [...digits].map((d) => String.fromCharCode(d.charCodeAt(0) - 0x30 + 0xff10)).join('');
}
