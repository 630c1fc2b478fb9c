import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { type DemoLms, startDemoLms } from '../../demo/server/app';
import { CONSENT_VERSION } from '../../lib/registration/validate';
import type { ExtensionBrowser } from '../browsers';

/** The demo LMS on a free loopback port with a throw-away data directory. */
export async function startBenchLms(): Promise<DemoLms & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-bench-'));
  const lms = await startDemoLms({ port: 0, dataDir, log: () => undefined });
  return {
    ...lms,
    async dispose() {
      await lms.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const BENCH_PIN = '4821';
export const CHECKPOINT_PATH = '/courses/c101/checkpoint/entry';
export const COURSE_PATH = '/courses/c101';

/** Signs the demo trainee in on this page's browser (the session cookie serves every tab). */
export async function signIn(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
}

/** Issues a web-OTP key on the enrollment page and returns its key URI, as the e2e test does. */
export async function issueKey(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/otp/enroll`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/otp/enroll"] button[type=submit]')]);
  return page.$eval('#otp-key-uri', (element) => element.textContent ?? '');
}

/**
 * Sends one background request from an extension page (or the overlay frame) and returns the
 * reply as the page received it. `browser` in Firefox, `chrome` in Chromium: both return promises.
 */
/** The one extension API the bench calls from pages: `browser` in Firefox, `chrome` in Chromium. */
export interface RuntimeApi {
  readonly runtime: { sendMessage(message: unknown): Promise<unknown> };
}

export function sendFromPage<T = unknown>(target: Page | Frame, message: unknown): Promise<T> {
  return target.evaluate(async (request) => {
    const scope = globalThis as { browser?: RuntimeApi; chrome?: RuntimeApi };
    const api = (scope.browser ?? scope.chrome) as RuntimeApi;
    return api.runtime.sendMessage(request);
  }, message as never) as Promise<T>;
}

/**
 * Registers the trainee with the key through the same request the options wizard sends, so
 * the background stores the PIN-wrapped secret exactly as for a real trainee.
 */
export async function register(ext: ExtensionBrowser, origin: string, keyUri: string): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  try {
    const reply = await sendFromPage<{ ok: boolean; error?: unknown }>(options, {
      type: 'registration/save',
      registration: {
        consentVersion: CONSENT_VERSION,
        name: '홍길동',
        phone: '010-1234-5678',
        pin: BENCH_PIN,
        pinConfirmation: BENCH_PIN,
        keyUri,
        lmsOrigin: origin,
      },
    });
    if (!reply?.ok) throw new Error(`registration failed: ${JSON.stringify(reply)}`);
  } finally {
    await options.close();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task` and fails if it takes longer than `ms`: every wait in the bench is bounded. */
export async function withTimeout<T>(what: string, ms: number, task: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([task, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named inner functions of the functions we
 * pass to `evaluate` in a `__name(...)` helper that pages do not have: define it as identity.
 * Needed once per document, before evaluating functions that declare named inner functions.
 */
export async function defineNameHelper(target: Page | Frame): Promise<void> {
  await target.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn); undefined');
}
