import type { Frame, Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { AxeReport, axeViolations, focusedElement, tabTo } from './a11y';
import { test } from './fixtures';
import {
  BROWSER_NAMES,
  findOverlayFrame,
  issueKey,
  registerViaOptions,
  screenshot,
  signIn,
  textOf,
  waitForSelectorIn,
  waitInFrame,
} from './harness';

const PIN = '4821';
/** c101 and c102 are the web-OTP test's courses; this file uses its own. */
const COURSE = 'c103';

/**
 * axe-core (WCAG 2.0/2.1 A and AA) over every screen a trainee meets: the options wizard step by
 * step (with its error states) and the registered state, the popup before and after registration
 * with a code shown, and the overlay on the checkpoint page. Each test collects the violations of
 * all its states, prints them readably and fails when there is any.
 */
describe.each(BROWSER_NAMES)('axe-core checks in %s', (browserName) => {
  test.override({ browserName });

  test('axe-core runs in an extension page and reports a planted violation', async ({ ext }) => {
    // Guards every "no violations" below against an axe that silently checked nothing.
    const popup = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
    await popup.waitForSelector('main');
    await popup.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'planted-unlabelled-input';
      document.body.append(input);
    });
    const violations = await axeViolations(popup);
    await popup.close();
    expect(violations.map((violation) => violation.id)).toContain('label');
  });

  test('popup before registration', async ({ ext }) => {
    const report = new AxeReport();
    const popup = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
    await popup.waitForSelector('[data-testid=popup-not-registered]');
    await report.check(`${browserName} popup, not registered`, popup);
    await popup.close();
    expect(report.problems).toEqual([]);
  });

  test('options: each wizard step, its error states, and the registered state', async ({
    page,
    lms,
    ext,
  }) => {
    await signInAndIssueKey(page, lms.url);
    const report = new AxeReport();
    const options = await ext.openExtensionPage('options.html');

    await options.waitForSelector('[data-testid=wizard-step-consent]');
    await screenshot(options, `${browserName}-wizard-1-consent`);
    await report.check(`${browserName} options, step 1 (consent)`, options);
    await options.click('[data-testid=wizard-next]');
    await options.waitForSelector('#consent-error');
    await report.check(`${browserName} options, step 1 with its error`, options);
    await options.click('[data-testid=consent]');
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-step-identity]');
    await screenshot(options, `${browserName}-wizard-2-identity`);
    await report.check(`${browserName} options, step 2 (identity)`, options);
    await options.click('[data-testid=wizard-next]');
    await options.waitForSelector('#name-error');
    await report.check(`${browserName} options, step 2 with its errors`, options);
    await options.type('#name', '홍길동');
    await options.type('#phone', '010-1234-5678');
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-step-pin]');
    await screenshot(options, `${browserName}-wizard-3-pin`);
    await report.check(`${browserName} options, step 3 (PIN)`, options);
    await options.type('#pin', PIN);
    await options.type('#pin-confirmation', '9999');
    await options.click('[data-testid=wizard-next]');
    await options.waitForSelector('#pin-error');
    await report.check(`${browserName} options, step 3 with its error`, options);
    await options.$eval('#pin-confirmation', (input) => (input as HTMLInputElement).select());
    await options.type('#pin-confirmation', PIN);
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-step-key]');
    await screenshot(options, `${browserName}-wizard-4-key`);
    await report.check(`${browserName} options, step 4 (key)`, options);
    await options.click('[data-testid=find-key]');
    await options.waitForSelector('[data-testid=key-notice]');
    await report.check(`${browserName} options, step 4 with the key found`, options);
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=wizard-summary]');
    await screenshot(options, `${browserName}-wizard-5-summary`);
    await report.check(`${browserName} options, step 5 (summary)`, options);
    await options.click('[data-testid=wizard-next]');

    await options.waitForSelector('[data-testid=registration-status]');
    await report.check(`${browserName} options, registered`, options);
    await options.close();
    expect(report.problems).toEqual([]);
  });

  test('popup when registered, before and after the PIN (a code shown)', async ({ ext }) => {
    const report = new AxeReport();
    const popup = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
    await popup.waitForSelector('[data-testid=pin-input]');
    await report.check(`${browserName} popup, registered`, popup);
    await popup.type('[data-testid=pin-input]', PIN);
    await popup.click('[data-testid=pin-submit]');
    await popup.waitForSelector('[data-testid=web-otp-code]');
    await report.check(`${browserName} popup, code shown`, popup);
    await popup.close();
    expect(report.problems).toEqual([]);
  });

  test('overlay on the checkpoint page: PIN, wrong PIN, app code, and a code shown', async ({
    page,
    lms,
    ext,
  }) => {
    const report = new AxeReport();
    await page.bringToFront();
    await page.goto(`${lms.url}/courses/${COURSE}/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(overlay, '[data-testid=pin-input]');
    await report.check(`${browserName} overlay, web OTP (PIN)`, overlay);

    await overlay.type('[data-testid=pin-input]', '0000');
    await overlay.click('[data-testid=pin-submit]');
    await waitInFrame(
      overlay,
      () => document.querySelector('[role=alert]') !== null,
      'the wrong-PIN message',
    );
    await report.check(`${browserName} overlay, wrong PIN`, overlay);

    await overlay.click('[data-testid=method-app]');
    await waitForSelectorIn(overlay, '[data-testid=code-input]');
    await report.check(`${browserName} overlay, app code`, overlay);
    await overlay.click('[data-testid=code-submit]');
    await waitInFrame(overlay, () => document.querySelector('.error[role=alert]') !== null, 'the code error');
    await report.check(`${browserName} overlay, app code refused before submitting`, overlay);

    await overlay.click('[data-testid=method-webOtp]');
    await waitForSelectorIn(overlay, '[data-testid=pin-input]');
    await overlay.type('[data-testid=pin-input]', PIN);
    await overlay.click('[data-testid=pin-submit]');
    await waitForSelectorIn(overlay, '[data-testid=web-otp-code]');
    await report.check(`${browserName} overlay, code shown`, overlay);
    expect(report.problems).toEqual([]);
  });

  test('overlay type: 14 px or more for what the trainee reads, the code larger (web OTP and HRD)', async ({
    page,
    lms,
    ext,
  }) => {
    await page.setViewport({ width: 1280, height: 800 });
    await page.bringToFront();
    await page.goto(`${lms.url}/courses/${COURSE}/checkpoint/entry`);
    let overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(overlay, '[data-testid=pin-input]');
    const read = [
      '[data-testid=checkpoint-reason]',
      '#trainee-heading',
      '.compare dt',
      '.compare dd',
      'label',
    ];
    const attempts = ['[data-testid=attempts-left]', '[data-testid=pin-attempts-left]'];
    expect(await typeSizes(overlay, [...read, ...attempts]), 'PIN step').toEqual([]);
    console.info(`${browserName} overlay content height, PIN step: ${await contentHeight(overlay)} px`);
    await screenshot(page, `${browserName}-type-pin`, { overlayOnly: true });

    await overlay.type('[data-testid=pin-input]', '0000');
    await overlay.click('[data-testid=pin-submit]');
    await waitInFrame(overlay, () => document.querySelector('.error[role=alert]') !== null, 'the wrong PIN');
    expect(await typeSizes(overlay, ['.error[role=alert]', ...attempts]), 'wrong PIN').toEqual([]);
    await screenshot(page, `${browserName}-type-wrong-pin`, { overlayOnly: true });

    await overlay.type('[data-testid=pin-input]', PIN);
    await overlay.click('[data-testid=pin-submit]');
    await waitForSelectorIn(overlay, '[data-testid=web-otp-code]');
    expect(await typeSizes(overlay, ['[data-testid=web-otp-seconds]']), 'code shown').toEqual([]);
    const digits = await overlay.$eval('[data-testid=web-otp-code]', (el) =>
      parseFloat(getComputedStyle(el).fontSize),
    );
    const body = await overlay.$eval('[data-testid=checkpoint-reason]', (el) =>
      parseFloat(getComputedStyle(el).fontSize),
    );
    expect(digits).toBeGreaterThanOrEqual(body * 1.8);
    console.info(`${browserName} overlay content height, code shown: ${await contentHeight(overlay)} px`);
    await screenshot(page, `${browserName}-type-code`, { overlayOnly: true });

    await signIn(page, lms.hrdUrl);
    await page.goto(`${lms.hrdUrl}/courses/h201/motp`);
    overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(overlay, '[data-testid=code-input]');
    expect(
      await typeSizes(overlay, [...read, '[data-testid=attempts-left]', '[data-testid=hrd-notice]']),
      'HRD',
    ).toEqual([]);
    console.info(`${browserName} overlay content height, HRD: ${await contentHeight(overlay)} px`);
    await screenshot(page, `${browserName}-type-hrd`, { overlayOnly: true });
    await page.setViewport({ width: 1280, height: 900 });
  });

  test('a trainee on the page who is not the registered one: a warning that stops, the PIN not focused', async ({
    page,
    lms,
    ext,
  }) => {
    await issueKey(page, lms.url);
    await registerViaOptions(ext, PIN, '김영희');
    await page.bringToFront();
    await page.goto(`${lms.url}/courses/${COURSE}/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(overlay, '[data-testid=pin-input]');
    const warning = await overlay.$eval('[data-testid=identity-mismatch]', (el) => {
      const pin = document.querySelector('[data-testid=pin-input]');
      return {
        role: el.getAttribute('role'),
        heading: el.querySelector('h2, h3')?.textContent ?? null,
        beforePin: pin !== null && (el.compareDocumentPosition(pin) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
        pinFocused: document.activeElement === pin,
      };
    });
    expect(warning.role).toBe('alert');
    expect(warning.heading).toBeTruthy();
    expect(warning.beforePin).toBe(true);
    expect(warning.pinFocused).toBe(false);
    expect(await typeSizes(overlay, ['[data-testid=identity-mismatch]']), 'mismatch').toEqual([]);
    const report = new AxeReport();
    await report.check(`${browserName} overlay, trainee mismatch`, overlay);
    expect(report.problems).toEqual([]);
    await screenshot(page, `${browserName}-overlay-mismatch`, { overlayOnly: true });
  });
});

/**
 * Registration and a checkpoint with the keyboard alone: every action below is a key press or
 * typed text on `page.keyboard`; the driver only navigates, reads focus and waits.
 */
describe.each(BROWSER_NAMES)('keyboard-only walk in %s', (browserName) => {
  // Its own browser, apart from the block above: this block registers from scratch.
  test.override({ browserName });

  test('registers through the options wizard with the keyboard only', async ({ page, lms, ext }) => {
    // The LMS's own pages are not under test: sign in and issue a key with the driver.
    await signInAndIssueKey(page, lms.url);
    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid=wizard-step-consent]');
    const keys = options.keyboard;

    await tabTo(options, options, '[data-testid=consent]');
    // ' ' rather than 'Space': WebDriver BiDi (Firefox) knows keys by their value only.
    await keys.press(' ');
    expect(await options.$eval('[data-testid=consent]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await tabTo(options, options, '[data-testid=wizard-next]');
    await keys.press('Enter');

    await options.waitForSelector('[data-testid=wizard-step-identity]');
    // The wizard moves focus to the new step's heading, so a screen reader announces the step.
    await waitForFocus(options, 'h3');
    await tabTo(options, options, '#name');
    await keys.type('홍길동');
    await tabTo(options, options, '#phone');
    await keys.type('010-1234-5678');
    await keys.press('Enter');

    await options.waitForSelector('[data-testid=wizard-step-pin]');
    await waitForFocus(options, 'h3');
    await tabTo(options, options, '#pin');
    await keys.type(PIN);
    await tabTo(options, options, '#pin-confirmation');
    await keys.type(PIN);
    await keys.press('Enter');

    await options.waitForSelector('[data-testid=wizard-step-key]');
    await waitForFocus(options, 'h3');
    await tabTo(options, options, '[data-testid=find-key]');
    await keys.press('Enter');
    await options.waitForSelector('[data-testid=key-notice]');
    expect(await options.$eval('#lms-origin', (el) => (el as HTMLInputElement).value)).toBe(lms.url);
    await tabTo(options, options, '[data-testid=wizard-next]');
    await keys.press('Enter');

    await options.waitForSelector('[data-testid=wizard-summary]');
    await waitForFocus(options, 'h3');
    await tabTo(options, options, '[data-testid=wizard-next]');
    await keys.press('Enter');

    await options.waitForSelector('[data-testid=registration-status]');
    // The wizard (and the focused button) is gone: focus must move to the new state, as it moves
    // to each step's heading, rather than be lost to the document.
    expect.soft(await focusedElement(options), 'focus after registering').not.toBe('body');
    const status = await textOf(options, '[data-testid=registration-status]');
    expect(status).toContain('홍길동');
    expect(status).toContain('010-1234-5678');
    await options.close();
  });

  test('shows a web-OTP code in the popup with the keyboard only', async ({ ext }) => {
    const popup = await ext.openExtensionPage('popup.html', { width: 360, height: 520 });
    await popup.waitForSelector('[data-testid=pin-input]');
    await waitForFocus(popup, '[data-testid=pin-input]');
    await popup.keyboard.type(PIN);
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('[data-testid=web-otp-code]');
    expect.soft(await focusedElement(popup), 'focus after the PIN is accepted').not.toBe('body');
    await popup.close();
  });

  test('passes the checkpoint with web OTP with the keyboard only', async ({ page, lms, ext }) => {
    await page.bringToFront();
    await page.goto(`${lms.url}/courses/${COURSE}/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    // The content script focuses the frame when it loads and the PIN field autofocuses: the
    // trainee can type the PIN at once, without hunting for the overlay.
    await waitForFocus(overlay, '[data-testid=pin-input]');
    await page.keyboard.type(PIN);
    await page.keyboard.press('Enter');
    await waitForSelectorIn(overlay, '[data-testid=web-otp-code]');
    // The PIN form that held focus is gone; focus must land on something in the overlay, not
    // fall back to the document, or a screen reader says nothing about the code that appeared.
    // Soft: the walk goes on, so one run also shows whether the rest works.
    expect.soft(await focusedElement(overlay), 'focus after the PIN is accepted').not.toBe('body');

    await tabTo(page, overlay, '[data-testid=web-otp-submit]');
    await page.keyboard.press('Enter');
    await waitInFrame(overlay, () => document.querySelector('[data-outcome]') !== null, 'the overlay result');
    expect(await overlay.$eval('[data-outcome]', (el) => el.getAttribute('data-outcome'))).toBe('success');
    expect(await page.$eval('#otp-result', (el) => el.getAttribute('data-outcome'))).toBe('success');
  });
});

/**
 * Text the trainee reads in the overlay that is under 14 px: each of `required` (which must be
 * there) and every other element with text of its own, except the help footer and the brand.
 */
async function typeSizes(frame: Frame, required: readonly string[]): Promise<string[]> {
  return frame.evaluate((selectors) => {
    const MIN = 14;
    const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
    const problems: string[] = [];
    for (const selector of selectors) {
      const el = document.querySelector(selector);
      if (!el) problems.push(`${selector}: missing`);
      else if (px(el) < MIN) problems.push(`${selector}: ${px(el)} px`);
    }
    for (const el of document.querySelectorAll('main *')) {
      if (el.closest('footer, .overlay__brand, .visually-hidden')) continue;
      const own = [...el.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? '')
        .join(' ')
        .trim();
      const box = el.getBoundingClientRect();
      if (own === '' || box.width === 0 || box.height === 0) continue;
      if (px(el) < MIN) problems.push(`"${own.slice(0, 30)}": ${px(el)} px`);
    }
    return problems;
  }, required);
}

/** The overlay's content height (what the frame would need to show it all without scrolling). */
function contentHeight(frame: Frame): Promise<number> {
  return frame.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0);
}

async function signInAndIssueKey(page: Page, origin: string): Promise<void> {
  await signIn(page, origin);
  await issueKey(page, origin);
}

/** Waits until the focused element of `scope` matches `selector` (focus moved by the page itself). */
async function waitForFocus(scope: Page | Frame, selector: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const focused = await scope
      .evaluate((sel) => document.hasFocus() && document.activeElement?.matches(sel) === true, selector)
      .catch(() => false);
    if (focused) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `focus did not move to ${selector} (it is on ${await focusedElement(scope).catch(() => '?')})`,
  );
}
