import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import type { VerifierMode } from '../../demo/server/verifier-mode';
import { type ExtensionBrowser, ROOT } from '../../scripts/browsers';

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
      const href = await evaluateIfAttached(frame, () => location.href, '');
      if (href.startsWith(`${extensionOrigin}/overlay.html`)) {
        const ready = await evaluateIfAttached(
          frame,
          () => document.querySelector('main.overlay:not([aria-busy])') !== null,
          false,
        );
        if (ready) return frame;
      }
    }
    await delay(50);
  }
  throw new Error('overlay did not appear');
}

/**
 * `frame.evaluate`, or `otherwise` for a frame the page has just removed (a remounted overlay):
 * puppeteer throws for a detached frame before it returns a promise, so `.catch` alone misses it.
 */
async function evaluateIfAttached<T>(frame: Frame, fn: () => T, otherwise: T): Promise<T> {
  try {
    return (await frame.evaluate(fn)) as T;
  } catch {
    return otherwise;
  }
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
    if (await evaluateIfAttached(frame, predicate, false)) return;
    await delay(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function textOf(frame: Frame | Page, selector: string): Promise<string> {
  return frame.$eval(selector, (element) => element.textContent ?? '');
}

/**
 * Saves `test-artifacts/<name>.png`: the viewport, or with `overlayOnly` just the overlay's box
 * (smaller files for the README gallery).
 */
export async function screenshot(page: Page, name: string, { overlayOnly = false } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const box = overlayOnly ? await overlayBox(page) : undefined;
  await page.screenshot({
    path: path.join(ARTIFACTS, `${name}.png`) as `${string}.png`,
    ...(box ? { clip: box } : {}),
  });
}

/** The overlay frame's box on the page (its host is in a closed shadow root, so found by frame). */
async function overlayBox(page: Page) {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const box = await (await frame.frameElement())?.boundingBox();
    if (box && box.width > 200 && box.height > 200) return box;
  }
  return undefined;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Signs in to a demo LMS origin as the demo trainee. */
export async function signIn(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
}

/** Issues a web-OTP key on the LMS's enrollment page and returns its key URI. */
export async function issueKey(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/otp/enroll`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/otp/enroll"] button[type=submit]')]);
  return textOf(page, '#otp-key-uri');
}

/**
 * Registers through the options wizard with the key picked up from the open enrollment page
 * (the flow itself is asserted step by step in web-otp-checkpoint.test.ts).
 */
export async function registerViaOptions(
  ext: { openExtensionPage(path: string): Promise<Page> },
  pin: string,
  name = '홍길동',
): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  const next = () => options.click('[data-testid=wizard-next]');
  await options.waitForSelector('[data-testid=wizard-step-consent], [data-testid=re-register]');
  if (await options.$('[data-testid=re-register]')) await options.click('[data-testid=re-register]');
  await options.waitForSelector('[data-testid=wizard-step-consent]');
  await options.click('[data-testid=consent]');
  await next();
  await options.waitForSelector('[data-testid=wizard-step-identity]');
  await options.type('#name', name);
  await options.type('#phone', '01012345678');
  await next();
  await options.waitForSelector('[data-testid=wizard-step-pin]');
  await options.type('#pin', pin);
  await options.type('#pin-confirmation', pin);
  await next();
  await options.waitForSelector('[data-testid=wizard-step-key]');
  await options.click('[data-testid=find-key]');
  await options.waitForFunction(
    () => (document.querySelector('#key-uri') as HTMLTextAreaElement).value !== '',
  );
  await next();
  await options.waitForSelector('[data-testid=wizard-summary]');
  await next();
  await options.waitForSelector('[data-testid=registration-status]');
  await options.close();
}

/** How many submits the overlay has answered so far (it numbers its answers). */
export function answeredCount(overlay: Frame): Promise<number> {
  return overlay.$eval('[data-testid=overlay-result]', (el) => Number(el.getAttribute('data-answered')));
}

/**
 * Waits until the overlay has answered more than `count` submits, then returns the outcome it
 * shows (`data-outcome`), or its text when it refused or failed.
 */
export async function awaitOutcomeAfter(overlay: Frame, count: number): Promise<string | null> {
  const deadline = Date.now() + 15_000;
  while ((await answeredCount(overlay)) <= count) {
    if (Date.now() > deadline) throw new Error('the overlay did not answer');
    await delay(50);
  }
  return overlay.$eval(
    '[data-testid=overlay-result]',
    (el) => el.querySelector('[data-outcome]')?.getAttribute('data-outcome') ?? el.textContent,
  );
}

/**
 * Clicks a submit control in the overlay and returns the outcome of that very submit (the
 * overlay numbers its answers, so an earlier result on screen is never mistaken for this one).
 */
export async function clickAndAwaitOutcome(
  overlay: Frame,
  selector: string,
  { viaDom = false }: { viaDom?: boolean } = {},
): Promise<string | null> {
  const before = await answeredCount(overlay);
  // `viaDom` clicks through the DOM: it reaches tabs in the background, where puppeteer's mouse
  // (which needs the page in front) does not.
  if (viaDom) await overlay.$eval(selector, (element) => (element as HTMLElement).click());
  else await overlay.click(selector);
  return awaitOutcomeAfter(overlay, before);
}

/** Types a code into the overlay's app-code form, submits it and returns the outcome. */
export async function submitAppCode(overlay: Frame, code: string): Promise<string | null> {
  if (await overlay.$('[data-testid=method-app]')) await overlay.click('[data-testid=method-app]');
  await waitForSelectorIn(overlay, '[data-testid=code-input]');
  await overlay.type('[data-testid=code-input]', code);
  return clickAndAwaitOutcome(overlay, '[data-testid=code-submit]');
}

/**
 * Passes the demo LMS's 아이핀 identity verification (which lifts its lock), then gives the
 * content script, which reports the confirmation page, a moment to reach the background.
 */
export async function verifyByIpin(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/identity/ipin`);
  await page.type('#ipin-id', 'hong');
  await page.type('#ipin-password', 'demo-password');
  await Promise.all([page.waitForNavigation(), page.click('#ipin-submit')]);
  const outcome = await page.$eval('#identity-result', (el) => el.getAttribute('data-outcome'));
  if (outcome !== 'success') throw new Error(`the identity verification answered ${outcome}`);
  await delay(500);
}

/** What the toolbar popup says of the registration: its state badge and its attempts line. */
export async function popupState(ext: ExtensionBrowser): Promise<{ state: string | null; attempts: string }> {
  const popup = await ext.openExtensionPage('popup.html');
  await popup.waitForSelector('[data-testid=state-badge]');
  const state = await popup.$eval('[data-testid=state-badge]', (el) => el.getAttribute('data-state'));
  const attempts = await textOf(popup, '[data-testid=popup-attempts]');
  await popup.close();
  return { state, attempts };
}

/** Reads the demo LMS's view of the trainee (never the secret). */
export function lmsState(page: Page, origin: string): Promise<Record<string, unknown>> {
  return page.evaluate(async (url) => (await fetch(url)).json(), `${origin}/api/trainee/state`);
}

/**
 * Sets the demo verifier's mode (demo/server/verifier-mode.ts) through its test control, which
 * the session must have asked for (`testControls`).
 */
export async function setVerifierMode(page: Page, origin: string, mode: VerifierMode): Promise<void> {
  await page.evaluate(
    async (url, body) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (!response.ok) throw new Error(`verifier-mode ${response.status}`);
    },
    `${origin}/api/test/verifier-mode`,
    JSON.stringify({ mode }),
  );
}

/**
 * Records, in the page itself, each time the extension's overlay host is added, with the URL
 * at that moment: a log that cannot miss an overlay, whatever the test's timing.
 */
export async function recordOverlayAppearances(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __overlays: string[] }).__overlays = seen;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeName === 'CHECKPOINT-COMPANION-OVERLAY')
            seen.push(location.pathname + location.search);
        }
      }
    }).observe(document.documentElement, { childList: true });
  });
  return () => page.evaluate(() => [...(window as unknown as { __overlays: string[] }).__overlays]);
}

/** Sends a protocol request from an extension page (as the options page would) and returns the reply. */
export function askBackgroundFrom<T>(page: Page, message: unknown): Promise<{ ok: boolean; value: T }> {
  return page.evaluate((request) => {
    type Runtime = { sendMessage(message: unknown): Promise<unknown> };
    const scope = globalThis as unknown as { browser?: { runtime?: Runtime }; chrome?: { runtime: Runtime } };
    const runtime = scope.browser?.runtime ?? scope.chrome?.runtime;
    if (!runtime) throw new Error('not an extension page');
    return runtime.sendMessage(request);
  }, message) as Promise<{ ok: boolean; value: T }>;
}

/**
 * Waits for a selector inside a frame by polling `evaluate`. Puppeteer's own waitForSelector can
 * miss elements in extension frames (its utility world is not always there), so frames use this.
 */
export async function waitForSelectorIn(frame: Frame, selector: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await frame.evaluate((s) => document.querySelector(s) !== null, selector).catch(() => false)) return;
    await delay(50);
  }
  // Say what the frame showed instead, so a failure explains itself.
  const shown = await frame
    .evaluate(() => (document.body.textContent ?? '').replace(/\s+/g, ' '))
    .catch(() => '(unreadable)');
  throw new Error(`timed out waiting for ${selector}; the frame shows: ${shown.slice(0, 600)}`);
}

/**
 * A Firefox ESR whose `distribution/policies.json` says `policies`. Firefox ESR reads policies
 * only from beside its binary (browser.policies.alternatePath is honoured only in automation
 * builds), so this makes a hard-linked copy of the install directory with its own distribution/
 * folder, without writing into /usr/lib/firefox-esr.
 */
export function firefoxWithPolicies(policies: Record<string, unknown>): {
  executablePath: string;
  dispose(): void;
} {
  const workDir = mkdtempSync(path.join(tmpdir(), 'cc-e2e-firefox-'));
  const installCopy = path.join(workDir, 'firefox-esr');
  execFileSync('cp', ['-alL', '/usr/lib/firefox-esr', installCopy]);
  mkdirSync(path.join(installCopy, 'distribution'), { recursive: true });
  writeFileSync(path.join(installCopy, 'distribution', 'policies.json'), JSON.stringify({ policies }));
  return {
    executablePath: path.join(installCopy, 'firefox-esr'),
    // Removing hard links leaves the installed files alone.
    dispose: () => rmSync(workDir, { recursive: true, force: true }),
  };
}
