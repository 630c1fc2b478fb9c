import type { Frame, HTTPRequest } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { totpCodeAt } from '../../lib/otp/totp';
import { type Setup, type Trainee, test } from './fixtures';
import {
  answeredCount,
  awaitOutcomeAfter,
  BROWSER_NAMES,
  clickAndAwaitOutcome,
  type ExtensionBrowser,
  findOverlayFrame,
  lmsState,
  setVerifierMode,
  submitAppCode,
  textOf,
  waitForSelectorIn,
} from './harness';

const PIN = '3806';
/** What the overlay says when it refuses (public/_locales/ko/messages.json, error_overlayCovered). */
const REFUSAL = '인증 창이 가려져';
const VERIFY_API = '/api/checkpoints/verify';

/**
 * Issue 10, item 6, in each browser: a page that covers the overlay's submit button with its own
 * element, or makes the overlay transparent, gets no code filled into its form and no attempt
 * counted; the overlay says why, and the same submit works once the page stops. Chromium also
 * sees a cover that lets clicks through (`pointer-events: none`), through IntersectionObserver v2.
 */
describe.each(BROWSER_NAMES)('a covered overlay in %s', (browserName) => {
  // The block's helpers below read these; each test's fixtures set them.
  let lms: Setup['lms'];
  let ext: ExtensionBrowser;
  let page: Setup['page'];
  let trainee: Trainee;
  /** Requests the LMS page made to its own verifier: none may come from a refused submit. */
  let verifyRequests = 0;
  // Each code is a step the verifier has not seen: the server's clock moves a step per code.
  let serverShiftMs = 0;
  const serverNow = () => Date.now() + serverShiftMs;
  const nextServerCode = () => {
    serverShiftMs += 60_000;
    return totpCodeAt(trainee.key, serverNow()).code;
  };

  test.override({
    browserName,
    setup: {
      pin: PIN,
      now: serverNow,
      testControls: true,
      ready: async ({ page }) => {
        page.on('request', (request: HTTPRequest) => {
          if (new URL(request.url()).pathname === VERIFY_API) verifyRequests += 1;
        });
        return undefined;
      },
    },
  });
  test.beforeEach(({ lms: blockLms, ext: blockExt, page: blockPage, trainee: blockTrainee }) => {
    [lms, ext, page, trainee] = [blockLms, blockExt, blockPage, blockTrainee];
  });

  /**
   * Opens the exam page (its checkpoint is asked every time; the course's first-entry one comes
   * first) with the overlay's app-code form chosen, and a code typed into it unless told not to.
   */
  const openCheckpoint = async ({ typed = true } = {}): Promise<Frame> => {
    await page.goto(`${lms.url}/courses/c101/exam`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await overlay.click('[data-testid=method-app]');
    await waitForSelectorIn(overlay, '[data-testid=code-input]');
    if (typed) await overlay.type('[data-testid=code-input]', nextServerCode());
    return overlay;
  };

  /** The submit button's box in the page's coordinates. */
  const submitBox = async (overlay: Frame) => {
    const button = await overlay.$('[data-testid=code-submit]');
    const box = await button?.boundingBox();
    if (!box) throw new Error('the submit button has no box');
    return box;
  };

  /** Submits through the DOM: a page element over the button would take a mouse click itself. */
  const submitThroughDom = (overlay: Frame) =>
    clickAndAwaitOutcome(overlay, '[data-testid=code-submit]', { viaDom: true });

  /**
   * Sends the submit from the overlay's own page straight to the background, with the button's
   * centre, as the overlay does but past its IntersectionObserver: the background's check alone.
   */
  const submitPastTheOverlaysObserver = (overlay: Frame, code: string) =>
    overlay.evaluate(async (code) => {
      type Runtime = { sendMessage(message: unknown): Promise<unknown> };
      const scope = globalThis as unknown as {
        browser?: { runtime: Runtime };
        chrome?: { runtime: Runtime };
      };
      const runtime = scope.browser?.runtime ?? scope.chrome?.runtime;
      const box = document.querySelector('[data-testid=code-submit]')?.getBoundingClientRect();
      if (!runtime || !box) throw new Error('not the overlay');
      const at = [[box.left + box.width / 2, box.top + box.height / 2]];
      return runtime.sendMessage({ type: 'checkpoint/submit', code, method: 'app', at });
    }, code);

  /** The page's form and its verifier are as they were before a refused submit. */
  const expectNothingFilledOrCounted = async (before: Record<string, unknown>, requestsBefore: number) => {
    expect(await page.$eval('#otp-code', (input) => (input as HTMLInputElement).value)).toBe('');
    expect(await page.$eval('#otp-result', (el) => el.getAttribute('data-outcome'))).toBe('');
    expect(verifyRequests).toBe(requestsBefore);
    expect(await lmsState(page, lms.url)).toEqual(before);
  };

  /**
   * Once the page stops, the same submit goes to the page's form and its verifier, once — right
   * away: the overlay asks the browser afresh at submit time (its standing IntersectionObserver v2
   * reports at most every 100 ms, and would still say covered).
   */
  const passesOnceUncovered = async (overlay: Frame) => {
    const requestsBefore = verifyRequests;
    expect(await submitAppCode(overlay, nextServerCode())).toBe('success');
    expect(await page.$eval('#otp-result', (el) => el.getAttribute('data-outcome'))).toBe('success');
    expect(verifyRequests).toBe(requestsBefore + 1);
  };

  test('refuses while a page element is painted over the submit button, then submits once it is gone', async () => {
    const overlay = await openCheckpoint();
    const box = await submitBox(overlay);
    // The page's own element, after the overlay's host, at the highest z-index: on top of it.
    await page.evaluate((b) => {
      const cover = document.createElement('div');
      cover.id = 'page-cover';
      cover.textContent = '확인';
      cover.style.cssText = `position:fixed;z-index:2147483647;left:${b.x - 4}px;top:${b.y - 4}px;width:${b.width + 8}px;height:${b.height + 8}px;background:#2563eb;color:#fff`;
      document.documentElement.append(cover);
    }, box);
    const before = await lmsState(page, lms.url);
    const requestsBefore = verifyRequests;
    const shown = await submitThroughDom(overlay);
    expect(shown).toContain(REFUSAL);
    expect(await submitPastTheOverlaysObserver(overlay, nextServerCode())).toEqual({
      ok: false,
      error: { code: 'overlayCovered', detail: 'covered' },
    });
    await expectNothingFilledOrCounted(before, requestsBefore);

    await page.evaluate(() => document.getElementById('page-cover')?.remove());
    await passesOnceUncovered(overlay);
  });

  test('keeps page CSS on the overlay host from making it transparent, shrinking or hiding it', async () => {
    const overlay = await openCheckpoint({ typed: false });
    await page.addStyleTag({
      content:
        'checkpoint-companion-overlay{opacity:.01!important;filter:opacity(0)!important;transform:scale(.1)!important;visibility:hidden!important}',
    });
    const host = await page.$eval('checkpoint-companion-overlay', (el) => {
      // Its inline style and an animation, too.
      (el as HTMLElement).style.setProperty('opacity', '0.01', 'important');
      el.animate([{ opacity: 0 }, { opacity: 0 }], { duration: 600_000 });
      const style = getComputedStyle(el);
      return {
        opacity: style.opacity,
        filter: style.filter,
        transform: style.transform,
        visibility: style.visibility,
      };
    });
    expect(host).toEqual({ opacity: '1', filter: 'none', transform: 'none', visibility: 'visible' });
    await passesOnceUncovered(overlay);
  });

  test('refuses while the page makes the overlay transparent from its root, then submits once it stops', async () => {
    const overlay = await openCheckpoint();
    const style = await page.addStyleTag({ content: 'html{opacity:.01!important}' });
    const before = await lmsState(page, lms.url);
    const requestsBefore = verifyRequests;
    expect(await submitThroughDom(overlay)).toContain(REFUSAL);
    expect(await submitPastTheOverlaysObserver(overlay, nextServerCode())).toEqual({
      ok: false,
      error: { code: 'overlayCovered', detail: 'transparent' },
    });
    await expectNothingFilledOrCounted(before, requestsBefore);

    await style.evaluate((element) => element.remove());
    await passesOnceUncovered(overlay);
  });

  // Hit testing skips an element with `pointer-events: none`: a page can paint one over the
  // overlay and still let the trainee's click through to it. Only Chromium's IntersectionObserver
  // v2 sees such a cover; Firefox has no way to tell (see lib/checkpoints/exposure.ts).
  test.runIf(browserName === 'chromium')(
    'refuses while a cover that lets clicks through is painted over the overlay (IntersectionObserver v2)',
    async () => {
      const overlay = await openCheckpoint();
      const box = await submitBox(overlay);
      await page.evaluate((b) => {
        const cover = document.createElement('div');
        cover.id = 'click-through-cover';
        cover.style.cssText = `position:fixed;z-index:2147483647;pointer-events:none;left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px;background:#16a34a`;
        document.documentElement.append(cover);
      }, box);
      const before = await lmsState(page, lms.url);
      const requestsBefore = verifyRequests;
      // A real click, as the trainee's: it passes through the cover to the overlay's button.
      expect(await clickAndAwaitOutcome(overlay, '[data-testid=code-submit]')).toContain(REFUSAL);
      await expectNothingFilledOrCounted(before, requestsBefore);
      expect(await textOf(overlay, '[data-testid=overlay-result]')).toContain(REFUSAL);

      await page.evaluate(() => document.getElementById('click-through-cover')?.remove());
      await passesOnceUncovered(overlay);
    },
  );

  // The overlay greys its button out while a try is in flight; Chromium's standing
  // IntersectionObserver v2 then says "not visible" and only looks again 100 ms or more later.
  // A trainee who submits the next code the moment the button comes back, on a page that covers
  // nothing, must not be told the overlay is covered.
  test('submits the next try the moment the previous one is answered, on a page that covers nothing', async () => {
    const overlay = await openCheckpoint({ typed: false });
    const wrongCode = () => totpCodeAt(trainee.key, serverNow() - 3_600_000).code;
    const before = await answeredCount(overlay);
    const { failures } = await lmsState(page, lms.url);
    // Two seconds in flight: time for the browser to report the greyed-out button.
    await setVerifierMode(page, lms.url, 'slow');
    try {
      await overlay.evaluate(
        (first, second) =>
          new Promise<void>((resolve, reject) => {
            const input = document.querySelector<HTMLInputElement>('[data-testid=code-input]');
            const button = document.querySelector<HTMLButtonElement>('[data-testid=code-submit]');
            const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
            if (!input || !button || !setValue) return reject(new Error('no code form'));
            const type = (code: string) => {
              setValue.call(input, code);
              input.dispatchEvent(new Event('input', { bubbles: true }));
            };
            let wasBusy = false;
            new MutationObserver((_, observer) => {
              if (button.disabled) wasBusy = true;
              else if (wasBusy) {
                observer.disconnect();
                type(second);
                button.click();
                resolve();
              }
            }).observe(button, { attributes: true, attributeFilter: ['disabled'] });
            type(first);
            button.click();
          }),
        wrongCode(),
        wrongCode(),
      );
    } finally {
      await setVerifierMode(page, lms.url, 'normal');
    }
    // The first answered, then the second: a refusal would be the second answer's text.
    expect(await awaitOutcomeAfter(overlay, before + 1)).toBe('failure');
    expect(await lmsState(page, lms.url)).toMatchObject({ failures: Number(failures) + 2 });
  });
});
