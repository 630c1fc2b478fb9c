import type { Frame, Page } from 'puppeteer-core';
import type { ExtensionBrowser } from '../browsers';
import { CHECKPOINT_PATH, COURSE_PATH, delay } from './lms';

/**
 * The pages of one site the overlay is timed on: the checkpoint page (navigation case), a page
 * without one (reveal case), and the checkpoint's own box, taken from `boxSource` by `boxSelector`
 * and appended to `container` (the URL then replaced by `revealPath`, when the rule needs it).
 */
export interface OverlayPages {
  readonly checkpointUrl: string;
  readonly courseUrl: string;
  readonly boxSource: string;
  readonly boxSelector: string;
  readonly container: string;
  readonly revealPath: string | null;
}

/** The demo LMS's first-entry checkpoint and its course page (web OTP, its own profile). */
export function demoLmsPages(lmsUrl: string): OverlayPages {
  return {
    checkpointUrl: `${lmsUrl}${CHECKPOINT_PATH}`,
    courseUrl: `${lmsUrl}${COURSE_PATH}`,
    boxSource: CHECKPOINT_PATH,
    boxSelector: 'section.otp-box',
    container: 'main',
    revealPath: CHECKPOINT_PATH,
  };
}

/**
 * Time to overlay. Two cases, alternating in one tab:
 * - navigation: open the checkpoint page; the figure is the overlay's `data-ready-at` (the moment
 *   it became usable, on the epoch-based high-resolution clock) minus the page's
 *   `performance.timeOrigin` (its navigation start).
 * - late reveal: open the course page (no checkpoint), let the content script settle, then turn
 *   it into the checkpoint as a single-page app would: `history.replaceState` to the checkpoint
 *   path and insert the entry page's own `.otp-box` (fetched from the LMS and parsed before the
 *   clock starts). The figure is `data-ready-at` minus the moment right after the insertion.
 * Each run also splits the time into phases read from the overlay frame's navigation timing.
 */

export interface OverlaySample {
  /** Overlay usable − reference (navigation start, or the reveal). */
  readonly total: number;
  /** Reference → the overlay frame's navigation start (detection and mounting in the page). */
  readonly detect: number;
  /** Frame navigation start → its DOMContentLoaded end (fetch, parse, run the overlay bundle). */
  readonly load: number;
  /** DOMContentLoaded end → usable (language, checkpoint context round trip, render). */
  readonly context: number;
}

export interface OverlayTimings {
  readonly navigation: OverlaySample[];
  readonly reveal: OverlaySample[];
  /** Largest disagreement seen between the page's and the frame's clocks (see `clockCheck`). */
  readonly clockSkewBoundMs: number;
}

interface FrameProbe {
  readonly readyAt: number;
  readonly timeOrigin: number;
  readonly domContentLoaded: number;
}

/** Polls the page's frames for the overlay until it is usable; bounded by `timeoutMs`. */
export async function waitForOverlay(
  page: Page,
  extensionOrigin: string,
  timeoutMs = 10_000,
): Promise<{ frame: Frame; probe: FrameProbe }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const probe = await frame
        .evaluate((origin: string) => {
          if (!location.href.startsWith(`${origin}/overlay.html`)) return null;
          const main = document.querySelector<HTMLElement>('main.overlay');
          if (!main) return { state: 'loading' as const };
          if (main.dataset.readyAt) {
            const nav = performance.getEntriesByType('navigation')[0] as
              | PerformanceNavigationTiming
              | undefined;
            return {
              state: 'ready' as const,
              readyAt: Number(main.dataset.readyAt),
              timeOrigin: performance.timeOrigin,
              domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
            };
          }
          if (main.getAttribute('aria-busy') === 'true') return { state: 'loading' as const };
          return { state: 'error' as const, text: main.textContent ?? '' };
        }, extensionOrigin)
        .catch(() => null);
      if (probe?.state === 'ready') return { frame, probe };
      if (probe?.state === 'error') throw new Error(`overlay shows an error: ${probe.text}`);
    }
    await delay(15);
  }
  throw new Error('overlay did not become usable');
}

function sample(reference: number, probe: FrameProbe): OverlaySample {
  const frameStart = probe.timeOrigin;
  const dcl = frameStart + probe.domContentLoaded;
  return {
    total: probe.readyAt - reference,
    detect: frameStart - reference,
    load: dcl - frameStart,
    context: probe.readyAt - dcl,
  };
}

/**
 * The page's and the overlay frame's `timeOrigin + now()` are compared by reading page, frame,
 * page in sequence: if both clocks agree, the frame's reading lies between the two page readings.
 * Returns how far outside that bracket it fell (0 when consistent).
 */
async function clockCheck(page: Page, frame: Frame): Promise<number> {
  const read = () => performance.timeOrigin + performance.now();
  const before = await page.evaluate(read);
  const inFrame = await frame.evaluate(read);
  const after = await page.evaluate(read);
  return Math.max(0, before - inFrame, inFrame - after);
}

/** Loads the checkpoint page's box (its own markup) and parks it, not yet in the page. */
async function prepareReveal(page: Page, pages: OverlayPages): Promise<void> {
  await page.evaluate(
    async (source: string, selector: string) => {
      const response = await fetch(source, { credentials: 'same-origin' });
      const parsed = new DOMParser().parseFromString(await response.text(), 'text/html');
      const box = parsed.querySelector(selector);
      if (!box) throw new Error(`the checkpoint page has no ${selector}`);
      (window as unknown as { __benchBox: Element }).__benchBox = document.importNode(box, true);
    },
    pages.boxSource,
    pages.boxSelector,
  );
}

/** Makes the page a checkpoint at once and returns the moment it became recognisable. */
function reveal(page: Page, pages: OverlayPages): Promise<number> {
  return page.evaluate(
    (container: string, revealPath: string | null) => {
      const box = (window as unknown as { __benchBox: Element }).__benchBox;
      if (revealPath) history.replaceState(null, '', revealPath);
      (document.querySelector(container) ?? document.body).append(box);
      return performance.timeOrigin + performance.now();
    },
    pages.container,
    pages.revealPath,
  );
}

export async function measureOverlay(
  ext: ExtensionBrowser,
  pages: OverlayPages,
  { warmup, runs, settleMs }: { warmup: number; runs: number; settleMs: number },
): Promise<OverlayTimings> {
  const page = await ext.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const navigation: OverlaySample[] = [];
  const revealed: OverlaySample[] = [];
  let clockSkewBoundMs = 0;
  try {
    for (let i = 0; i < warmup + runs; i++) {
      const keep = i >= warmup;
      // Alternate which case goes first, so neither always follows the other.
      const order = i % 2 === 0 ? (['navigation', 'reveal'] as const) : (['reveal', 'navigation'] as const);
      for (const kind of order) {
        if (kind === 'navigation') {
          await page.goto(pages.checkpointUrl, { waitUntil: 'load' });
          const { frame, probe } = await waitForOverlay(page, ext.extensionOrigin);
          const timeOrigin = await page.evaluate(() => performance.timeOrigin);
          clockSkewBoundMs = Math.max(clockSkewBoundMs, await clockCheck(page, frame));
          if (keep) navigation.push(sample(timeOrigin, probe));
        } else {
          await page.goto(pages.courseUrl, { waitUntil: 'load' });
          await prepareReveal(page, pages);
          // document_idle scripts run by the end of `load` plus idle time; wait well past it.
          await delay(settleMs);
          const shownAt = await reveal(page, pages);
          const { probe } = await waitForOverlay(page, ext.extensionOrigin);
          if (keep) revealed.push(sample(shownAt, probe));
        }
        await delay(100);
      }
    }
  } finally {
    await page.close();
  }
  return { navigation, reveal: revealed, clockSkewBoundMs };
}
