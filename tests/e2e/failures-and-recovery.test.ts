import type { Frame, Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import type { VerifierMode } from '../../demo/server/verifier-mode';
import { parseKeyUri } from '../../lib/otp/key-uri';
import { totpCodeAt } from '../../lib/otp/totp';
import { type Setup, type Trainee, test } from './fixtures';
import {
  askBackgroundFrom,
  BROWSER_NAMES,
  clickAndAwaitOutcome,
  delay,
  type ExtensionBrowser,
  findOverlayFrame,
  issueKey,
  lmsState,
  popupState,
  registerViaOptions,
  screenshot,
  setVerifierMode as setVerifierModeOf,
  submitAppCode,
  textOf,
  verifyByIpin,
  waitForSelectorIn,
} from './harness';

const PIN = '2580';
const THREE_MINUTES = 180_000;

/**
 * Failures, locks, recovery and time, in each browser, in one story: a device clock three minutes
 * behind the LMS; a verifier that does not answer; five wrong codes and the phone verification
 * that lifts the lock; five tabs failing at once; a service worker stopped mid-checkpoint
 * (Chromium); five wrong PINs and the re-issue; the history that recorded all of it.
 */
describe.each(BROWSER_NAMES)('failures and recovery in %s', (browserName) => {
  // The block's helpers below read these; each test's fixtures set them.
  let lms: Setup['lms'];
  let ext: ExtensionBrowser;
  let page: Page;
  let trainee: Trainee;
  // The LMS server's clock runs ahead of the browser's: first by three minutes (the device clock is
  // "wrong"), then one more step for each typed code, so each is a step the verifier has not seen.
  let serverShiftMs = THREE_MINUTES;
  const serverNow = () => Date.now() + serverShiftMs;
  const nextServerCode = () => {
    serverShiftMs += 60_000;
    return totpCodeAt(trainee.key, serverNow()).code;
  };
  /** A code of a step long past: wrong for the verifier, and six well-formed digits. */
  const wrongCode = () => totpCodeAt(trainee.key, serverNow() - 3_600_000).code;

  const setVerifierMode = (mode: VerifierMode) => setVerifierModeOf(page, lms.url, mode);

  test.override({ browserName, setup: { pin: PIN, now: serverNow, testControls: true } });
  test.beforeEach(({ lms: blockLms, ext: blockExt, page: blockPage, trainee: blockTrainee }) => {
    [lms, ext, page, trainee] = [blockLms, blockExt, blockPage, blockTrainee];
  });

  test('passes with web OTP when the device clock is three minutes behind, and says so', async () => {
    await page.goto(`${lms.url}/courses/c101/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await passWithWebOtp(overlay, PIN);
    expect(await textOf(overlay, '[data-testid=clock-notice]')).toMatch(/1[78]\d초 느립니다/);
    expect(await page.$eval('#otp-result', (el) => el.getAttribute('data-outcome'))).toBe('success');
  });

  test('offers the fallbacks and counts nothing when the verifier does not answer', async () => {
    await setVerifierMode('hang');
    try {
      await page.goto(`${lms.url}/courses/c102/checkpoint/entry`);
      const overlay = await findOverlayFrame(page, ext.extensionOrigin);
      expect(await submitAppCode(overlay, nextServerCode())).toBe('unavailable');
      expect(
        await overlay.$$eval('[data-testid=fallbacks] a', (links) =>
          links.map((a) => a.getAttribute('data-fallback')),
        ),
      ).toEqual(['phone', 'ipin']);
      expect(await textOf(overlay, '[data-testid=attempts-left]')).toContain('5회');
      await screenshot(page, `${browserName}-overlay-outage`, { overlayOnly: true });
    } finally {
      await setVerifierMode('normal');
    }
    expect(await lmsState(page, lms.url)).toMatchObject({ failures: 0, locked: false });
  });

  test('locks after five wrong codes, and only the phone verification on the LMS lifts it', async () => {
    await page.goto(`${lms.url}/courses/c102/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    for (const left of [4, 3, 2, 1]) {
      expect(await submitAppCode(overlay, wrongCode())).toBe('failure');
      expect(await textOf(overlay, '[data-testid=attempts-left]')).toContain(`${left}회`);
      if (left === 4) await screenshot(page, `${browserName}-overlay-wrong-code`, { overlayOnly: true });
    }
    expect(await submitAppCode(overlay, wrongCode())).toBe('locked');
    await waitForSelectorIn(overlay, '[data-testid=locked]');
    await screenshot(page, `${browserName}-overlay-locked`, { overlayOnly: true });
    expect(await lmsState(page, lms.url)).toMatchObject({ locked: true });

    // A reload does not forget: the lock is the extension's too.
    await page.reload();
    const reloaded = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(reloaded, '[data-testid=locked]');
    expect(await reloaded.$('[data-testid=code-input]')).toBeNull();

    await verifyByPhone(page, lms.url);
    expect(await lmsState(page, lms.url)).toMatchObject({ locked: false, failures: 0 });

    await page.goto(`${lms.url}/courses/c102/checkpoint/entry`);
    const unlocked = await findOverlayFrame(page, ext.extensionOrigin);
    expect(await unlocked.$('[data-testid=locked]')).toBeNull();
    expect(await textOf(unlocked, '[data-testid=attempts-left]')).toContain('5회');
    expect(await submitAppCode(unlocked, nextServerCode())).toBe('success');
  });

  /**
   * Opens `path` in five new tabs, types a wrong code in each overlay and submits all five at the
   * same moment; returns the five outcomes and the tabs.
   */
  const failInFiveTabsAtOnce = async (path: string) => {
    const tabs: Page[] = [];
    const overlays: Frame[] = [];
    for (let i = 0; i < 5; i += 1) {
      const tab = await ext.browser.newPage();
      await tab.goto(`${lms.url}${path}`);
      overlays.push(await findOverlayFrame(tab, ext.extensionOrigin));
      tabs.push(tab);
    }
    for (const [index, overlay] of overlays.entries()) {
      await tabs[index]?.bringToFront();
      await overlay.click('[data-testid=method-app]');
      await overlay.type('[data-testid=code-input]', wrongCode());
    }
    const outcomes = await Promise.all(
      overlays.map((overlay) => clickAndAwaitOutcome(overlay, '[data-testid=code-submit]', { viaDom: true })),
    );
    return { outcomes, tabs };
  };

  test('counts five tabs failing at the same moment exactly five times, and locks', async () => {
    const { outcomes, tabs } = await failInFiveTabsAtOnce('/courses/c103/checkpoint/entry');
    expect(outcomes.filter((outcome) => outcome === 'failure')).toHaveLength(4);
    expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
    expect(await lmsState(page, lms.url)).toMatchObject({ locked: true });

    expect(await popupState(ext)).toEqual({
      state: 'locked',
      attempts: expect.stringContaining('인증번호 남은 횟수: 0회'),
    });
    const submitted = await historyEntries(ext);
    const failures = submitted.filter(
      (entry) => entry.type === 'codeSubmitted' && entry.courseId === 'c103' && entry.outcome !== 'success',
    );
    expect(failures).toHaveLength(5);
    for (const tab of tabs) await tab.close();
    await page.bringToFront();

    await verifyByIpin(page, lms.url);
    expect(await lmsState(page, lms.url)).toMatchObject({ locked: false });
  });

  test('counts five tabs failing at once exactly five times when the verifier never says its count', async () => {
    await setVerifierMode('silent');
    const { outcomes, tabs } = await failInFiveTabsAtOnce('/courses/c101/exam');
    // The page only ever says "wrong": the count and the lock are the extension's own.
    expect(outcomes).toEqual(['failure', 'failure', 'failure', 'failure', 'failure']);
    expect(await popupState(ext)).toEqual({
      state: 'locked',
      attempts: expect.stringContaining('인증번호 남은 횟수: 0회'),
    });
    const failures = (await historyEntries(ext)).filter(
      (entry) => entry.type === 'codeSubmitted' && entry.courseId === 'c101' && entry.outcome === 'failure',
    );
    expect(failures).toHaveLength(5);
    expect(await lmsState(page, lms.url)).toMatchObject({ locked: true });
    for (const tab of tabs) await tab.close();
    await setVerifierMode('normal');
    await page.bringToFront();
    await verifyByIpin(page, lms.url);
    expect(await lmsState(page, lms.url)).toMatchObject({ locked: false });
  });

  // Chromium only: Firefox's background is an event page, which puppeteer cannot reach to stop.
  const itInChromium = browserName === 'chromium' ? test : () => undefined;
  itInChromium('loses nothing when the service worker is stopped mid-checkpoint', async () => {
    await page.goto(`${lms.url}/courses/c103/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    expect(await submitAppCode(overlay, wrongCode())).toBe('failure');
    await stopServiceWorker(ext);
    // The overlay is still open; the next submit wakes a fresh worker that knows the count.
    expect(await submitAppCode(overlay, wrongCode())).toBe('failure');
    expect(await textOf(overlay, '[data-testid=attempts-left]')).toContain('3회');
    await stopServiceWorker(ext);
    expect(await submitAppCode(overlay, nextServerCode())).toBe('success');
    const entries = (await historyEntries(ext)).filter(
      (entry) => entry.courseId === 'c103' && entry.type === 'codeSubmitted',
    );
    // Five from the tabs, then exactly these three: nothing lost, nothing doubled.
    expect(entries.map((entry) => entry.outcome).slice(0, 3)).toEqual(['success', 'failure', 'failure']);
    expect(entries).toHaveLength(8);
  });

  itInChromium('counts once what the page answered while its worker was stopped mid-submit', async () => {
    await page.goto(`${lms.url}/courses/c102/exam`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    const submittedBefore = (await historyEntries(ext)).filter((entry) => entry.type === 'codeSubmitted');
    await page.bringToFront();
    await setVerifierMode('slow');
    if (await overlay.$('[data-testid=method-app]')) await overlay.click('[data-testid=method-app]');
    await waitForSelectorIn(overlay, '[data-testid=code-input]');
    await overlay.type('[data-testid=code-input]', wrongCode());
    await overlay.click('[data-testid=code-submit]');
    // The page has the code and waits for its verifier: the worker that asked is stopped now.
    await page.waitForFunction(
      () => document.querySelector('#otp-form')?.getAttribute('aria-busy') === 'true',
    );
    await stopServiceWorker(ext);
    await page.waitForFunction(
      () => document.querySelector('#otp-form')?.getAttribute('aria-busy') !== 'true',
      {
        timeout: 15_000,
      },
    );
    await setVerifierMode('normal');
    const { attemptsLeft } = (await lmsState(page, lms.url)) as { attemptsLeft: number };
    expect(attemptsLeft).toBe(4);
    // The content script's own report woke a new worker, which counted the answer: once.
    const options = await ext.openExtensionPage('options.html');
    const submitted = async () => {
      const reply = await askBackgroundFrom<{ entries: HistoryEntry[] }>(options, {
        type: 'history/page',
        courseId: null,
        before: null,
        limit: 500,
      });
      return reply.value.entries.filter((entry) => entry.type === 'codeSubmitted');
    };
    const deadline = Date.now() + 10_000;
    while ((await submitted()).length === submittedBefore.length && Date.now() < deadline) await delay(100);
    await delay(1_000);
    const after = await submitted();
    expect(after).toHaveLength(submittedBefore.length + 1);
    expect(after[0]).toMatchObject({ courseId: 'c102', outcome: 'failure' });
    const status = await askBackgroundFrom<{ codeAttemptsLeft: number }>(options, { type: 'status/get' });
    expect(status.value.codeAttemptsLeft).toBe(attemptsLeft);
    await options.close();
    // And the overlay, still open, shows the same count once it reads again.
    await page.bringToFront();
    await overlay.waitForFunction(
      (count) => document.querySelector('[data-testid=attempts-left]')?.textContent?.includes(`${count}회`),
      { timeout: 10_000 },
      attemptsLeft,
    );
  });

  test('wipes the key after five wrong PINs, and a re-issued key works again', async () => {
    await page.goto(`${lms.url}/courses/c101/evaluation`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await waitForSelectorIn(overlay, '[data-testid=pin-input]');
      await overlay.type('[data-testid=pin-input]', '0000');
      await overlay.click('[data-testid=pin-submit]');
      // Each answer names the PIN attempts left; the fifth wipes the key instead.
      const expected = attempt < 5 ? `PIN 남은 횟수: ${5 - attempt}회` : '인증키가 삭제되었습니다';
      await overlay.waitForFunction(
        (text) => document.body.textContent?.includes(text) ?? false,
        { polling: 50, timeout: 10_000 },
        expected,
      );
    }
    await waitForSelectorIn(overlay, '[data-testid=reissue-link]');
    expect(await overlay.$eval('[data-testid=reissue-link]', (a) => a.getAttribute('href'))).toBe(
      `${lms.url}/otp/enroll`,
    );

    const parsed = parseKeyUri(await issueKey(page, lms.url));
    if (!parsed.ok) throw new Error(parsed.error);
    trainee.key = parsed.value;
    await registerViaOptions(ext, PIN);
    await page.bringToFront();
    await page.goto(`${lms.url}/courses/c101/evaluation`);
    const fresh = await findOverlayFrame(page, ext.extensionOrigin);
    serverShiftMs += 60_000;
    await passWithWebOtp(fresh, PIN);
  });

  test('lists what happened in the history, filters by course and exports it', async () => {
    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid=history-table]');
    await screenshot(options, `${browserName}-history`);
    const types = await options.$$eval('[data-testid=history-table] tbody tr', (rows) =>
      rows.map((row) => row.getAttribute('data-type')),
    );
    for (const type of [
      'codeSubmitted',
      'codesLocked',
      'lockReset',
      'secretWiped',
      'pinFailed',
      'clockSkew',
      'verifierUnavailable',
      'registered',
    ]) {
      expect(types).toContain(type);
    }
    await options.select('[data-testid=history-course]', 'c102');
    await options.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=history-table] tbody tr td:nth-child(3)')].every(
        (cell) => cell.getAttribute('data-course-id') === 'c102',
      ),
    );
    const csv = await askBackgroundFrom<{ content: string }>(options, {
      type: 'history/export',
      format: 'csv',
      courseId: 'c102',
    });
    expect(csv.ok).toBe(true);
    const lines = csv.value.content.trim().split(/\r\n/);
    expect(lines[0]).toContain('at,type,profileId,courseId');
    expect(lines.slice(1).every((line) => line.split(',')[3] === 'c102')).toBe(true);
    expect(csv.value.content).not.toContain(PIN);
    await options.close();
  });
});

async function passWithWebOtp(overlay: Frame, pin: string): Promise<void> {
  await waitForSelectorIn(overlay, '[data-testid=pin-input]');
  await overlay.type('[data-testid=pin-input]', pin);
  await overlay.click('[data-testid=pin-submit]');
  await waitForSelectorIn(overlay, '[data-testid=web-otp-submit]');
  expect(await clickAndAwaitOutcome(overlay, '[data-testid=web-otp-submit]')).toBe('success');
}

async function verifyByPhone(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/identity/phone`);
  await Promise.all([page.waitForNavigation(), page.click('#sms-request')]);
  const code = (await textOf(page, '#sms-demo-code')).replace(/\D/g, '');
  await page.type('#sms-code', code);
  await Promise.all([page.waitForNavigation(), page.click('#sms-confirm')]);
  expect(await page.$eval('#identity-result', (el) => el.getAttribute('data-outcome'))).toBe('success');
  // The content script reports the confirmation page; give the background its moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function stopServiceWorker(ext: ExtensionBrowser): Promise<void> {
  const target = await ext.browser.waitForTarget(
    (candidate) => candidate.type() === 'service_worker' && candidate.url().startsWith(ext.extensionOrigin),
  );
  const worker = await target.worker();
  await worker?.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

interface HistoryEntry {
  type: string;
  courseId: string | null;
  outcome: string | null;
}

async function historyEntries(ext: ExtensionBrowser): Promise<HistoryEntry[]> {
  const options = await ext.openExtensionPage('options.html');
  const reply = await askBackgroundFrom<{ entries: HistoryEntry[] }>(options, {
    type: 'history/page',
    courseId: null,
    before: null,
    limit: 500,
  });
  await options.close();
  if (!reply.ok) throw new Error('history/page failed');
  return reply.value.entries;
}
