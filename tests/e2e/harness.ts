import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { ROOT } from '../../scripts/browsers';

export { BROWSER_NAMES, type ExtensionBrowser, launchWithExtension } from '../../scripts/browsers';

/** Screenshots of each run land here (git-ignored). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/**
 * The overlay iframe on an LMS page. Frames are polled by evaluating their location, because
 * Firefox reports extension frames as about:blank to puppeteer.
 */
export async function findOverlayFrame(
  page: Page,
  extensionOrigin: string,
  timeoutMs = 10_000,
): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`${extensionOrigin}/overlay.html`)) {
        const ready = await frame
          .evaluate(() => document.querySelector('main.overlay:not([aria-busy])') !== null)
          .catch(() => false);
        if (ready) return frame;
      }
    }
    await delay(50);
  }
  throw new Error('overlay did not appear');
}

/** Counts overlay hosts on the page: the element the content script adds around its iframe. */
export function overlayHostCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('checkpoint-companion-overlay').length);
}

/** Waits until `predicate` evaluated in the frame is true. Polling: MutationObserver waits miss frames. */
export async function waitInFrame(
  frame: Frame,
  predicate: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await frame.evaluate(predicate).catch(() => false)) return;
    await delay(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function textOf(frame: Frame | Page, selector: string): Promise<string> {
  return frame.$eval(selector, (element) => element.textContent ?? '');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) as `${string}.png` });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
