import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { startDemoLms } from '../../demo/server/app';
import { type ParsedKeyUri, parseKeyUri } from '../../lib/otp/key-uri';
import { totpCodeAt } from '../../lib/otp/totp';
import { test } from './fixtures';
import {
  BROWSER_NAMES,
  findOverlayFrame,
  issueKey,
  overlayHostCount,
  recordOverlayAppearances,
  registerViaOptions,
  screenshot,
  signIn,
  submitAppCode,
  textOf,
} from './harness';

const PIN = '7315';

/**
 * Every checkpoint kind on real-looking pages: a course walked from session 1 to 17 through the
 * single-page lesson player shows the overlay at the entry, at 9 and at 17 only; an exam and an
 * assignment ask every time; the HRD-layout page is HRD mode (no web OTP); pages without a
 * checkpoint get nothing.
 */
describe.each(BROWSER_NAMES)('checkpoint kinds in %s', (browserName) => {
  // The demo server's clock runs ahead of the real one by this much; each passed checkpoint
  // moves it one TOTP step on, so every typed code is a fresh step the verifier has not seen.
  let serverShiftMs = 0;
  const serverNow = () => Date.now() + serverShiftMs;
  const nextServerCode = (key: ParsedKeyUri) => {
    serverShiftMs += 60_000;
    return totpCodeAt(key, serverNow()).code;
  };
  test.override({ browserName, setup: { pin: PIN, now: serverNow } });

  test('shows no overlay on an LMS page without a checkpoint', async ({ page, lms }) => {
    await page.goto(`${lms.url}/courses/c101`);
    await page.waitForSelector('.course-title');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await overlayHostCount(page)).toBe(0);
  });

  test('walks sessions 1 to 17 in the lesson player and is asked at the entry, 9 and 17 only', async ({
    page,
    lms,
    ext,
    trainee,
  }) => {
    await page.goto(`${lms.url}/courses/c101/checkpoint/entry`);
    let overlay = await findOverlayFrame(page, ext.extensionOrigin);
    expect(await submitAppCode(overlay, nextServerCode(trainee.key))).toBe('success');

    await page.goto(`${lms.url}/courses/c101/learn?session=1`);
    await page.waitForSelector('article.lesson[data-session="1"]');
    const appearances = await recordOverlayAppearances(page);
    const loads: number[] = [];
    page.on('load', () => loads.push(Date.now()));

    for (let session = 2; session <= 17; session += 1) {
      await page.click(`nav.session-list a[data-session="${session}"]`);
      await page.waitForSelector(`article.lesson[data-session="${session}"], #session-check`);
      if (await page.$('#session-check')) {
        overlay = await findOverlayFrame(page, ext.extensionOrigin);
        expect(await textOf(overlay, 'h1')).toBe('8회차 본인인증');
        expect(await textOf(overlay, '[data-testid=checkpoint-session]')).toContain(`${session}차시`);
        expect(await textOf(overlay, '[data-testid=checkpoint-reason]')).toContain(`${session}차시`);
        expect(await submitAppCode(overlay, nextServerCode(trainee.key))).toBe('success');
        await page.waitForSelector(`article.lesson[data-session="${session}"]`);
      }
    }
    // The player never loaded a page: every switch was in place.
    expect(loads).toEqual([]);
    expect(await appearances()).toEqual(['/courses/c101/learn?session=9', '/courses/c101/learn?session=17']);
    const state = (await page.evaluate(
      async (url) => (await fetch(url)).json(),
      `${lms.url}/api/trainee/state`,
    )) as {
      courses: Record<string, { lastVerifiedSession: number | null }>;
    };
    expect(state.courses.c101?.lastVerifiedSession).toBe(17);
  });

  for (const kind of ['exam', 'assignment'] as const) {
    test(`asks before the ${kind} every time`, async ({ page, lms, ext, trainee }) => {
      for (let visit = 1; visit <= 2; visit += 1) {
        await page.goto(`${lms.url}/courses/c101/${kind}`);
        const overlay = await findOverlayFrame(page, ext.extensionOrigin);
        expect(await textOf(overlay, 'h1')).toBe(
          kind === 'exam' ? '시험 응시 전 본인인증' : '과제 제출 전 본인인증',
        );
        if (visit === 1) await screenshot(page, `${browserName}-overlay-${kind}`, { overlayOnly: true });
        expect(await submitAppCode(overlay, nextServerCode(trainee.key))).toBe('success');
        await page.waitForSelector('section.assessment');
      }
    });
  }

  test('treats the HRD-layout page as HRD mOTP: no web OTP, the app code goes to the page', async ({
    page,
    lms,
    ext,
  }) => {
    await signIn(page, lms.hrdUrl);
    const app = await ext.browser.newPage();
    await app.goto(`${lms.hrdUrl}/hrd/app`);
    await page.bringToFront();
    await page.goto(`${lms.hrdUrl}/courses/h201/motp`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    expect(await overlay.$eval('main', (el) => el.getAttribute('data-mode'))).toBe('hrdMotp');
    expect(await overlay.$('[data-testid=method-webOtp]')).toBeNull();
    expect(await overlay.$('[data-testid=pin-input]')).toBeNull();
    expect(await textOf(overlay, '[data-testid=hrd-notice]')).toContain('mOTP 앱');

    expect(await submitAppCode(overlay, '000000')).toBe('failure');
    expect(await textOf(overlay, '[data-testid=attempts-left]')).toContain('4회');

    await app.reload();
    const code = await textOf(app, '#motp-app-code');
    await app.close();
    expect(await submitAppCode(overlay, code.trim())).toBe('success');
    expect(await textOf(page, '#motpMsg')).toContain('인증이 완료');
  });

  test('asks at the first login of the day when the LMS does, and not again that day', async ({
    page,
    lms,
    ext,
  }) => {
    // A second LMS of the same institute (another port) that asks at first login. Codes go only
    // to the address the trainee registered on, so the trainee registers there for this test.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-daily-'));
    const daily = await startDemoLms({ port: 0, dataDir, dailyLoginCheck: true, log: () => undefined });
    try {
      await signIn(page, daily.url);
      expect(new URL(page.url()).pathname).toBe('/checkpoint/daily');
      // The overlay shows there at once (the registered address is another port). Leaving while
      // its frame still loads makes Firefox answer the next page.goto with NS_BINDING_ABORTED,
      // though that navigation goes through: let it finish first.
      await findOverlayFrame(page, ext.extensionOrigin);
      const dailyKey = parseKeyUri(await issueKey(page, daily.url));
      if (!dailyKey.ok) throw new Error(dailyKey.error);
      await registerViaOptions(ext, PIN);
      await page.bringToFront();
      await page.goto(`${daily.url}/checkpoint/daily`);
      const overlay = await findOverlayFrame(page, ext.extensionOrigin);
      expect(await textOf(overlay, 'h1')).toBe('최초 로그인 본인인증');
      expect(await textOf(overlay, '[data-testid=checkpoint-reason]')).toContain('오늘 처음 로그인');
      expect(await submitAppCode(overlay, totpCodeAt(dailyKey.value, Date.now()).code)).toBe('success');

      // Signing in again the same day goes straight on, with no checkpoint.
      await signIn(page, daily.url);
      expect(new URL(page.url()).pathname).toBe('/courses');
      expect(await overlayHostCount(page)).toBe(0);
    } finally {
      await daily.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Back to the first LMS, as the other tests expect.
    await signIn(page, lms.url);
    await issueKey(page, lms.url);
    await registerViaOptions(ext, PIN);
    await page.bringToFront();
  });

  test('speaks English everywhere once the trainee picks it, and Korean again after', async ({
    page,
    lms,
    ext,
  }) => {
    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid=language-select]');
    await options.select('[data-testid=language-select]', 'en');
    await options.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await textOf(options, 'h1')).toBe('Checkpoint Companion settings');
    expect(await options.title()).toBe('Checkpoint Companion settings');

    await page.bringToFront();
    // Cookies are per host, not per port: the daily-login LMS's sign-in replaced this one's.
    await signIn(page, lms.url);
    await page.goto(`${lms.url}/courses/c102/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    expect(await textOf(overlay, 'h1')).toBe('First-entry identity check');
    expect(await textOf(overlay, '[data-testid=attempts-left]')).toContain('Attempts left');
    await screenshot(page, `${browserName}-overlay-english`, { overlayOnly: true });

    await options.bringToFront();
    await options.select('[data-testid=language-select]', 'ko');
    await options.waitForFunction(() => document.documentElement.lang === 'ko');
    expect(await textOf(options, 'h1')).toBe('Checkpoint Companion 설정');
    await options.close();
  });
});
