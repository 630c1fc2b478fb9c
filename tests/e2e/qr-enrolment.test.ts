import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { type ParsedKeyUri, parseKeyUri } from '../../lib/otp/key-uri';
import { timeStepAt, totpCodeForStep } from '../../lib/otp/totp';
import { test } from './fixtures';
import {
  BROWSER_NAMES,
  type ExtensionBrowser,
  findOverlayFrame,
  textOf,
  waitForSelectorIn,
  waitInFrame,
} from './harness';

/**
 * Enrolment without a text key: the demo LMS's issue page in its QR-only form (`?view=qr`) shows
 * the key only as a QR picture. The wizard's "열려 있는 발급 페이지에서 가져오기" takes the
 * picture from the page and reads it in the options page; a screenshot of the page, chosen as a
 * file, is read too. The key registered is the one the LMS issued: its codes pass the checkpoint.
 */
const PIN = '4821';
const QR_ONLY_ENROLL = '/otp/enroll?view=qr';

/** The key the LMS issued, as its text page shows it (a GET issues nothing new). */
async function issuedKeyUri(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const html = await (await fetch('/otp/enroll')).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return doc.querySelector('#otp-key-uri')?.getAttribute('data-otpauth-uri') ?? '';
  });
}

/** The options wizard walked up to its key step (after a re-register when one is stored). */
async function wizardAtKeyStep(ext: ExtensionBrowser): Promise<Page> {
  const options = await ext.openExtensionPage('options.html');
  const next = () => options.click('[data-testid=wizard-next]');
  await options.waitForSelector('[data-testid=wizard-step-consent], [data-testid=re-register]');
  if (await options.$('[data-testid=re-register]')) await options.click('[data-testid=re-register]');
  await options.waitForSelector('[data-testid=wizard-step-consent]');
  await options.click('[data-testid=consent]');
  await next();
  await options.waitForSelector('[data-testid=wizard-step-identity]');
  await options.type('#name', '홍길동');
  await options.type('#phone', '01012345678');
  await next();
  await options.waitForSelector('[data-testid=wizard-step-pin]');
  await options.type('#pin', PIN);
  await options.type('#pin-confirmation', PIN);
  await next();
  await options.waitForSelector('[data-testid=wizard-step-key]');
  return options;
}

const keyTyped = (options: Page) =>
  options.$eval('#key-uri', (element) => (element as HTMLTextAreaElement).value);

describe.each(BROWSER_NAMES)('enrolment from a QR-only issue page, in %s', (browserName) => {
  test.override({ browserName, setup: { signedIn: true } });
  let key: ParsedKeyUri;
  let keyUri = '';

  test('the key is read from the page’s QR picture, registered, and its code passes the checkpoint', async ({
    page,
    lms,
    ext,
  }) => {
    await page.goto(`${lms.url}${QR_ONLY_ENROLL}`);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="view=qr"] button[type=submit]')]);
    // Only the picture: no key text to copy.
    expect(await page.$('#otp-key-uri')).toBeNull();
    expect(await page.$('#otp-key-qr')).not.toBeNull();
    keyUri = await issuedKeyUri(page);
    const parsed = parseKeyUri(keyUri);
    if (!parsed.ok) throw new Error(`the LMS issued a bad key: ${parsed.error}`);
    key = parsed.value;

    const options = await wizardAtKeyStep(ext);
    await options.click('[data-testid=find-key]');
    await options.waitForFunction(() =>
      document
        .querySelector('[data-testid=key-notice]')
        ?.textContent?.includes('QR 코드에서 인증키를 읽었습니다'),
    );
    expect(await keyTyped(options)).toBe(keyUri);
    expect(await textOf(options, '[data-testid=key-notice]')).toContain(new URL(lms.url).origin);
    await options.click('[data-testid=wizard-next]');
    await options.waitForSelector('[data-testid=wizard-summary]');
    await options.click('[data-testid=wizard-next]');
    await options.waitForSelector('[data-testid=registration-status]');
    await options.close();

    // The registered key makes the LMS's codes: the entry checkpoint passes with web OTP.
    await page.bringToFront();
    await page.goto(`${lms.url}/courses/c101/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(overlay, '[data-testid=pin-input]');
    await overlay.type('[data-testid=pin-input]', PIN);
    await overlay.click('[data-testid=pin-submit]');
    await waitForSelectorIn(overlay, '[data-testid=web-otp-code]');
    const shown = (await textOf(overlay, '[data-testid=web-otp-code]')).replace(/\s/g, '');
    const step = timeStepAt(Date.now(), key.period);
    expect([step - 1, step, step + 1].map((s) => totpCodeForStep(key, s))).toContain(shown);
    await overlay.click('[data-testid=web-otp-submit]');
    await waitInFrame(overlay, () => document.querySelector('[data-outcome]') !== null, 'the overlay result');
    expect(await overlay.$eval('[data-outcome]', (el) => el.getAttribute('data-outcome'))).toBe('success');
  });

  test('a screenshot of the issue page, chosen as a file, is read to the same key', async ({
    page,
    lms,
    ext,
  }) => {
    await page.bringToFront();
    await page.goto(`${lms.url}${QR_ONLY_ENROLL}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-e2e-qr-'));
    try {
      const shot = path.join(dir, 'issue-page.png');
      await page.screenshot({ path: shot });
      const options = await wizardAtKeyStep(ext);
      const file = (await options.$('[data-testid=key-qr-file]')) as ElementHandle<HTMLInputElement>;
      await file.uploadFile(shot);
      await options.waitForFunction(() =>
        document.querySelector('[data-testid=key-notice]')?.textContent?.includes('이미지의 QR 코드에서'),
      );
      expect(await keyTyped(options)).toBe(keyUri);
      await options.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
