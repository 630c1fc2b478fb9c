import type { Frame, Page } from 'puppeteer-core';
import { delay, findOverlayFrame, waitForSelectorIn } from './harness';

/**
 * Driving HRD checkpoints end to end: the page's own controls (through the DOM, as a background
 * tab or a covered control needs), the overlay's code form, and the outcome it settles on after
 * HRD's answer — across the reloads and navigations real LMSes do after their alert.
 */

/** Polls a predicate in the page, through navigations (an evaluation cut off by one is retried). */
export async function pollUntil(
  page: Page,
  predicate: () => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate(predicate).catch(() => false)) return;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Clicks a page control through the DOM (a background tab, or one the overlay covers). */
export async function clickInPage(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector);
  await page.$eval(selector, (el) => (el as HTMLElement).click());
}

export async function typeInOverlay(overlay: Frame, code: string): Promise<void> {
  await waitForSelectorIn(overlay, '[data-testid=code-input]');
  await overlay.$eval('[data-testid=code-input]', (el) => {
    (el as HTMLInputElement).value = '';
  });
  await overlay.type('[data-testid=code-input]', code);
  await overlay.$eval('[data-testid=code-submit]', (el) => (el as HTMLElement).click());
}

/** Waits until the overlay shows a settled outcome; `minAnswered` tells a new answer from an old one. */
export async function waitForOutcome(overlay: Frame, outcome: string, minAnswered?: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let shown = '';
  while (Date.now() < deadline) {
    // A frame the page took away shows nothing more; asking it races its teardown in the driver.
    if (overlay.detached) throw new Error(`the overlay went away; it last showed ${shown}`);
    shown = await overlay
      .$eval('[data-testid=overlay-result]', (el) => {
        const answered = el.getAttribute('data-answered') ?? '';
        return `${el.querySelector('[data-outcome]')?.getAttribute('data-outcome') ?? ''}|${answered}`;
      })
      .catch(() => '');
    const [now, answered] = shown.split('|');
    if (now === outcome && (minAnswered === undefined || Number(answered) >= minAnswered)) return;
    await delay(100);
  }
  throw new Error(`the overlay did not show ${outcome}; it shows ${shown}`);
}

/**
 * After a reload the old overlay is gone: finds the new one (running `reopen` on the page while it
 * is not there, e.g. choosing mOTP in a layer again) and waits for the outcome it shows.
 */
export async function settledOverlay(
  page: Page,
  extensionOrigin: string,
  outcome: string,
  _minAnswered?: number,
  reopen?: () => Promise<void>,
): Promise<Frame> {
  const deadline = Date.now() + 25_000;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      await reopen?.();
      const overlay = await findOverlayFrame(page, extensionOrigin, 3_000);
      await waitForOutcome(overlay, outcome);
      return overlay;
    } catch (error) {
      lastError = error;
      await delay(200);
    }
  }
  throw lastError instanceof Error ? lastError : new Error(`no overlay showing ${outcome}`);
}

/**
 * The overlay on the page that shows `outcome`, found afresh on every poll: a notice about the
 * previous attempt makes way for the checkpoint's overlay once the trainee chooses mOTP again.
 */
export async function outcomeOnPage(page: Page, extensionOrigin: string, outcome: string): Promise<Frame> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const overlay = await findOverlayFrame(page, extensionOrigin, 5_000).catch(() => null);
    const shown = await overlay
      ?.$eval('[data-testid=overlay-result] [data-outcome]', (el) => el.getAttribute('data-outcome'))
      .catch(() => null);
    if (overlay && shown === outcome) return overlay;
    await delay(150);
  }
  throw new Error(`no overlay showing ${outcome}`);
}

/** The checkpoint overlay (not a notice about an earlier attempt): the one with the code form. */
export async function checkpointOverlay(
  page: Page,
  extensionOrigin: string,
  reopen: () => Promise<void> = async () => undefined,
): Promise<Frame> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await reopen().catch(() => undefined);
    const overlay = await findOverlayFrame(page, extensionOrigin, 5_000).catch(() => null);
    if (overlay && (await overlay.$('[data-testid=code-input]').catch(() => null))) return overlay;
    await delay(200);
  }
  throw new Error('no checkpoint overlay with a code form');
}

export async function attemptsLeftIn(overlay: Frame): Promise<number> {
  const text = await overlay.$eval(
    '[data-testid=attempts-left], [data-testid=result-attempts-left]',
    (el) => el.textContent ?? '',
  );
  const found = /(\d+)\s*회/.exec(text);
  if (!found?.[1]) throw new Error(`no count in "${text}"`);
  return Number(found[1]);
}

/**
 * Types a code the way a trainee does on a page whose own keypad fills its field (the extension
 * finds no input there): one digit button at a time, then the page's control.
 */
export async function typeOnPageKeypad(
  page: Page,
  code: string,
  digitSelector: (digit: string) => string,
  submitSelector: string,
): Promise<void> {
  for (const digit of code) await clickInPage(page, digitSelector(digit));
  await clickInPage(page, submitSelector);
}
