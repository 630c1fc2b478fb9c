import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { test as base } from 'vitest';
import { type DemoLms, startDemoLms } from '../../demo/server/app';
import { type ParsedKeyUri, parseKeyUri } from '../../lib/otp/key-uri';
import { type BrowserName, type ExtensionBrowser, launchWithExtension } from '../../scripts/browsers';
import { firefoxWithPolicies, issueKey, registerViaOptions, signIn } from './harness';

/**
 * The one scaffolding of the browser tests: a demo LMS, a browser with the built extension, an
 * LMS page and, when the block asks for it, a registered trainee.
 *
 * A describe block says which browser and what setup it wants with
 * `test.override({ browserName, setup: { … } })`. Its first test sets it up and the block's other
 * tests get the same one, as a `beforeAll` would. Only one browser is open at a time (two on a
 * 2-core machine add noise and memory): setting up the next block closes the previous block's
 * browser and LMS, and the end of the file closes the last.
 *
 * ```ts
 * describe.each(BROWSER_NAMES)('… in %s', (browserName) => {
 *   test.override({ browserName, setup: { pin: PIN } });
 *   test('…', async ({ page, lms, ext, trainee }) => { … });
 * });
 * ```
 */

/** What a describe block asks of its setup. */
export interface SetupOptions {
  /** Register a trainee with this PIN: sign in, issue a web-OTP key, register in the options page. */
  readonly pin?: string;
  /** Sign the page in to the demo LMS without registering (registering signs in anyway). */
  readonly signedIn?: boolean;
  /** The demo LMS's clock (the verifier's time). */
  readonly now?: () => number;
  /** The demo LMS's test controls (its verifier mode). */
  readonly testControls?: boolean;
  /** A Firefox whose policies.json says this (see `firefoxWithPolicies`). */
  readonly firefoxPolicies?: Record<string, unknown>;
  /** Extra Firefox preferences. */
  readonly firefoxPrefs?: Readonly<Record<string, unknown>>;
  /** Another build than `npm run build`'s (e.g. a copy granted more hosts), made when the setup opens. */
  readonly extensionDir?: () => string;
  /** Runs once the browser is up, before the LMS page opens (e.g. to wait for a policy). */
  readonly afterLaunch?: (ext: ExtensionBrowser) => Promise<void>;
  /**
   * Runs once the whole setup is ready: the block's own additions (a second LMS, a request
   * counter). What it returns runs when the setup is closed.
   */
  readonly ready?: (setup: Setup) => Promise<(() => Promise<void>) | undefined>;
}

/** A registered trainee. */
export interface Trainee {
  readonly pin: string;
  /** The key as the LMS issued it; tests compute codes from it. Replace it when re-issued. */
  key: ParsedKeyUri;
}

/** One block's demo LMS, browser and LMS page. */
export interface Setup {
  readonly lms: DemoLms;
  readonly ext: ExtensionBrowser;
  readonly page: Page;
  /** Present when the block asked for a PIN. */
  readonly trainee: Trainee | undefined;
}

interface OpenSetup {
  readonly setup: Setup;
  close(): Promise<void>;
}

/** Starts everything a block asked for, and closes what it started if a later step fails. */
async function openSetup(browserName: BrowserName, options: SetupOptions): Promise<OpenSetup> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-e2e-'));
    closers.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const lms = await startDemoLms({
      port: 0,
      dataDir,
      now: options.now ?? Date.now,
      testControls: options.testControls ?? false,
      log: () => undefined,
    });
    closers.push(() => lms.close());
    const firefox = options.firefoxPolicies ? firefoxWithPolicies(options.firefoxPolicies) : undefined;
    if (firefox) closers.push(() => firefox.dispose());
    const ext = await launchWithExtension(browserName, {
      executablePath: firefox?.executablePath,
      firefoxPrefs: options.firefoxPrefs,
      extensionDir: options.extensionDir?.(),
    });
    closers.push(() => ext.close());
    await options.afterLaunch?.(ext);
    const page = await ext.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    let trainee: Trainee | undefined;
    if (options.signedIn || options.pin) await signIn(page, lms.url);
    if (options.pin) {
      const parsed = parseKeyUri(await issueKey(page, lms.url));
      if (!parsed.ok) throw new Error(`the enrollment page showed a bad key: ${parsed.error}`);
      await registerViaOptions(ext, options.pin);
      await page.bringToFront();
      trainee = { pin: options.pin, key: parsed.value };
    }
    const setup = { lms, ext, page, trainee };
    const closeAdditions = await options.ready?.(setup);
    if (closeAdditions) closers.push(closeAdditions);
    return { setup, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * At most one open setup: asking for another closes the one open. The promise is kept, so a
 * failed setup fails each of its block's tests once, without being retried.
 */
class SetupPool {
  private current: { owner: unknown; opening: Promise<OpenSetup> } | undefined;

  async get(owner: unknown, open: () => Promise<OpenSetup>): Promise<Setup> {
    let current = this.current;
    if (current === undefined || current.owner !== owner) {
      await this.close();
      current = { owner, opening: open() };
      this.current = current;
    }
    return (await current.opening).setup;
  }

  async close(): Promise<void> {
    const closing = this.current?.opening;
    this.current = undefined;
    // A setup that failed has closed what it started.
    const open = await closing?.catch(() => undefined);
    await open?.close();
  }
}

export const test = base
  .extend('browserName', async (): Promise<BrowserName> => {
    throw new Error('the describe block names its browser: test.override({ browserName })');
  })
  .extend('setup', {} as SetupOptions)
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('setups', { scope: 'file' }, async ({}, { onCleanup }) => {
    const pool = new SetupPool();
    onCleanup(() => pool.close());
    return pool;
  })
  // Keyed by the describe block, so each block gets its own browser, as a beforeAll gave it.
  .extend('opened', async ({ setups, browserName, setup, task }) =>
    setups.get(task.suite ?? task.file, () => openSetup(browserName, setup)),
  )
  .extend('lms', async ({ opened }) => opened.lms)
  .extend('ext', async ({ opened }) => opened.ext)
  .extend('page', async ({ opened }) => opened.page)
  .extend('trainee', async ({ opened }) => {
    if (!opened.trainee) throw new Error('the describe block registers no trainee: give setup a pin');
    return opened.trainee;
  });
