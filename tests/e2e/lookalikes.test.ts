import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { type DemoLms, startDemoLms } from '../../demo/server/app';
import type { ParsedKeyUri } from '../../lib/otp/key-uri';
import { totpCodeAt } from '../../lib/otp/totp';
import { type Setup, test } from './fixtures';
import {
  BROWSER_NAMES,
  clickAndAwaitOutcome,
  delay,
  findOverlayFrame,
  issueKey,
  lmsState,
  overlayHostCount,
  popupState,
  signIn,
  submitAppCode,
  textOf,
  verifyByIpin,
  waitForSelectorIn,
} from './harness';

const PIN = '4715';

/**
 * Look-alikes of the registered LMS. The demo profile's pattern
 * `http://127.0.0.1/*` covers every port, so a second LMS on another port is recognised — and
 * must move nothing of the real one: its "남은 횟수: 0회" does not lock the trainee, its "identity
 * verified" page does not lift the real lock, and no code is filled into it. The same LMS on
 * another host (`localhost`) is no configured origin at all: no overlay, nothing counted.
 */
describe.each(BROWSER_NAMES)('look-alikes of the registered LMS in %s', (browserName) => {
  // The look-alike LMS and a tab signed in to it, set up once with the block's browser.
  let lookalike: DemoLms;
  let other: Page;

  /** Five wrong codes straight to an LMS's own verifier, as its page would send them. */
  const lockOnTheLms = (tab: Page, origin: string, courseId: string) =>
    tab.evaluate(
      async (url, body) => {
        for (let i = 0; i < 5; i += 1) {
          const response = await fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' },
            body,
          });
          await response.text();
        }
      },
      `${origin}/api/checkpoints/verify`,
      JSON.stringify({ courseId, kind: 'entry', code: '000000' }),
    );

  /** Six well-formed digits of a step long past: wrong for the verifier. */
  const wrongCode = (key: ParsedKeyUri) => totpCodeAt(key, Date.now() - 3_600_000).code;

  const startLookalike = async ({ ext }: Setup) => {
    const lookalikeDir = mkdtempSync(path.join(tmpdir(), 'cc-lookalike-'));
    lookalike = await startDemoLms({ port: 0, dataDir: lookalikeDir, log: () => undefined });
    other = await ext.browser.newPage();
    await other.setViewport({ width: 1280, height: 900 });
    await signIn(other, lookalike.url);
    // The look-alike has a web-OTP key of its own, so its verifier counts wrong codes.
    await issueKey(other, lookalike.url);
    return async () => {
      await lookalike.close();
      rmSync(lookalikeDir, { recursive: true, force: true });
    };
  };
  test.override({ browserName, setup: { pin: PIN, ready: startLookalike } });

  test('a look-alike on another port that shows "남은 횟수: 0회" does not lock the trainee', async ({
    page,
    lms: real,
    ext,
  }) => {
    expect(new URL(lookalike.url).port).not.toBe(new URL(real.url).port);
    await lockOnTheLms(other, lookalike.url, 'c101');
    expect(await lmsState(other, lookalike.url)).toMatchObject({ locked: true });
    await other.bringToFront();
    await other.goto(`${lookalike.url}/courses/c101/checkpoint/entry`);
    const overlay = await findOverlayFrame(other, ext.extensionOrigin);
    // Recognised there, and said to be another address than the one registered.
    await waitForSelectorIn(overlay, '[data-testid=origin-mismatch]');
    expect(await textOf(overlay, '[data-testid=origin-mismatch]')).toContain(real.url);
    expect(await popupState(ext)).toEqual({ state: 'ok', attempts: expect.stringContaining('5회') });

    await page.bringToFront();
    // Cookies are per host, not per port: the look-alike's sign-in replaced the real one's.
    await signIn(page, real.url);
    await page.goto(`${real.url}/courses/c101/checkpoint/entry`);
    const realOverlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(realOverlay, '[data-testid=attempts-left]');
    expect(await textOf(realOverlay, '[data-testid=attempts-left]')).toContain('5회');
  });

  test('no code is filled into the look-alike: the overlay refuses and its verifier sees nothing', async ({
    ext,
    trainee,
  }) => {
    await other.bringToFront();
    await signIn(other, lookalike.url);
    await verifyByIpin(other, lookalike.url);
    expect(await lmsState(other, lookalike.url)).toMatchObject({ locked: false });
    await other.goto(`${lookalike.url}/courses/c102/checkpoint/entry`);
    const overlay = await findOverlayFrame(other, ext.extensionOrigin);
    if (await overlay.$('[data-testid=method-app]')) await overlay.click('[data-testid=method-app]');
    await waitForSelectorIn(overlay, '[data-testid=code-input]');
    await overlay.type('[data-testid=code-input]', totpCodeAt(trainee.key, Date.now()).code);
    const outcome = await clickAndAwaitOutcome(overlay, '[data-testid=code-submit]');
    expect(outcome).toContain('등록된 LMS 주소가 아닌 곳에는 인증번호를 입력하지 않습니다');
    expect(await other.$eval('#otp-code', (el) => (el as HTMLInputElement).value)).toBe('');
    expect(await lmsState(other, lookalike.url)).toMatchObject({ locked: false, failures: 0 });
  });

  test('its "identity verified" page does not lift the real lock; the real LMS’s own does', async ({
    page,
    lms: real,
    ext,
    trainee,
  }) => {
    await page.bringToFront();
    await signIn(page, real.url);
    await page.goto(`${real.url}/courses/c103/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    for (let attempt = 1; attempt <= 5; attempt += 1)
      expect(await submitAppCode(overlay, wrongCode(trainee.key))).toBe(attempt < 5 ? 'failure' : 'locked');
    expect((await popupState(ext)).state).toBe('locked');

    await other.bringToFront();
    await signIn(other, lookalike.url);
    await verifyByIpin(other, lookalike.url);
    expect((await popupState(ext)).state).toBe('locked');

    await page.bringToFront();
    await signIn(page, real.url);
    await verifyByIpin(page, real.url);
    expect(await popupState(ext)).toEqual({ state: 'ok', attempts: expect.stringContaining('5회') });
  });

  test('the same LMS on another host is not configured: no overlay, nothing counted', async ({
    page,
    lms: real,
    ext,
  }) => {
    const elsewhere = real.url.replace('127.0.0.1', 'localhost');
    await page.bringToFront();
    await signIn(page, elsewhere);
    await page.goto(`${elsewhere}/courses/c101/checkpoint/entry`);
    await page.waitForSelector('#otp-form');
    await delay(1_000);
    expect(await overlayHostCount(page)).toBe(0);
    expect((await popupState(ext)).attempts).toContain('5회');
  });
});
