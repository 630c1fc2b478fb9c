import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { DemoLms } from '../../demo/server/app';
import { DEMO_LMS_PROFILE } from '../../lib/profiles/bundled';
import type { InstituteProfile } from '../../lib/profiles/types';
import { type BrowserName, extensionBuildDir } from '../../scripts/browsers';
import { GECKO_ID } from '../../wxt.config';
import { test } from './fixtures';
import {
  BROWSER_NAMES,
  clickAndAwaitOutcome,
  delay,
  type ExtensionBrowser,
  findOverlayFrame,
  issueKey,
  registerViaOptions,
  screenshot,
  textOf,
  waitForSelectorIn,
} from './harness';

/** The demo profile under an institute's own name, support line and colour: same id and origins. */
const TEST_PROFILE: InstituteProfile = {
  ...DEMO_LMS_PROFILE,
  instituteName: '정책 훈련원',
  support: { phone: '1600-0000' },
  branding: { primaryColor: '#0a7d3b' },
};
/** An imported profile that differs from the policy one (a second import must change the name). */
const IMPORTED_PROFILE: InstituteProfile = {
  ...TEST_PROFILE,
  instituteName: '가져온 훈련원',
  support: { phone: '1600-1111' },
  branding: { primaryColor: '#7a2e9c' },
};
/** The same profile with a regular expression that does not compile in its first rule. */
function broken(profile: InstituteProfile): InstituteProfile {
  const [first, ...rest] = profile.checkpoints;
  if (!first) throw new Error('the profile has no rules');
  return {
    ...profile,
    instituteName: '깨진 훈련원',
    checkpoints: [{ ...first, urlPattern: '^/courses/(' }, ...rest],
  };
}
const BROKEN_FIELD = 'checkpoints.0.urlPattern';
const ENTRY_PATH = '/courses/c101/checkpoint/entry';

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, 32 hex digits mapped 0-f → a-p. */
function chromiumExtensionId(dir: string): string {
  return [...createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32)]
    .map((digit) => String.fromCharCode('a'.charCodeAt(0) + Number.parseInt(digit, 16)))
    .join('');
}

interface OptionsView {
  source: string | null;
  institute: string;
  fileInput: boolean;
  refusals: string[];
}

async function readOptions(options: Page): Promise<OptionsView> {
  await options.waitForSelector('[data-testid=profile-settings]');
  return options.evaluate(() => ({
    source: document.querySelector('[data-testid=profile-source]')?.getAttribute('data-source') ?? null,
    institute: document.querySelector('[data-testid=profile-institute]')?.textContent ?? '',
    fileInput: document.querySelector('[data-testid=profile-file]') !== null,
    refusals: [...document.querySelectorAll('[data-testid=profile-refusal]')].map((p) => p.textContent ?? ''),
  }));
}

async function optionsView(ext: ExtensionBrowser): Promise<OptionsView> {
  const options = await ext.openExtensionPage('options.html');
  try {
    return await readOptions(options);
  } finally {
    await options.close();
  }
}

/** The overlay on the entry checkpoint: its header, its footer and the brand colour it applied. */
async function overlayView(ext: ExtensionBrowser, page: Page, lms: DemoLms) {
  await page.bringToFront();
  await page.goto(`${lms.url}${ENTRY_PATH}`);
  const overlay = await findOverlayFrame(page, ext.extensionOrigin, 15_000);
  return {
    institute: await textOf(overlay, '[data-testid=overlay-institute]'),
    footer: await textOf(overlay, 'footer'),
    brand: await overlay.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--brand').trim().toLowerCase(),
    ),
  };
}

async function expectPolicyProfileApplied(ext: ExtensionBrowser, page: Page, lms: DemoLms): Promise<void> {
  expect(await optionsView(ext)).toMatchObject({
    source: 'policy',
    institute: TEST_PROFILE.instituteName,
    fileInput: false,
    refusals: [],
  });
  const overlay = await overlayView(ext, page, lms);
  expect(overlay.institute).toContain(TEST_PROFILE.instituteName);
  expect(overlay.footer).toContain('1600-0000');
  expect(overlay.brand).toBe('#0a7d3b');
}

/** Polls `read` until `done` holds; returns the last value read. */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await delay(500);
    value = await read();
  }
  return value;
}

/**
 * Makes Chromium re-read its policy directory, as chrome://policy's "Reload policies" does. Needed at
 * start too: the harness loads the extension after the browser read its policies, and Chromium
 * delivers an extension's "3rdparty" policy only on the next load.
 */
async function reloadChromiumPolicy(ext: ExtensionBrowser, expected: InstituteProfile): Promise<void> {
  // The extension page first: the policy page must be in front for its button to take the click.
  const extensionPage = await ext.openExtensionPage('options.html');
  const policyPage = await ext.browser.newPage();
  try {
    await policyPage.goto('chrome://policy');
    // The button lives in the page's shadow DOM.
    const button = await policyPage.waitForSelector('pierce/#reload-policies');
    await button?.click();
    // The reload is asynchronous (seconds on a busy machine): wait until the extension's managed
    // storage holds the policy just written, with chrome://policy still open.
    await poll(
      () =>
        extensionPage.evaluate(async () => {
          type Managed = { get(key: string): Promise<Record<string, unknown>> };
          const storage = (globalThis as unknown as { chrome: { storage: { managed: Managed } } }).chrome
            .storage;
          return (await storage.managed.get('profileJson')).profileJson;
        }),
      (value) => value === JSON.stringify(expected),
      20_000,
    );
  } finally {
    await extensionPage.close();
    await policyPage.close();
  }
}

/**
 * A trainee of the policy's institute registers (the key its LMS issues, picked up from the open
 * issue page) and is registered under the policy profile's institute; its checkpoint then passes.
 */
async function registerUnderPolicy(ext: ExtensionBrowser, page: Page, lms: DemoLms): Promise<void> {
  await page.bringToFront();
  await issueKey(page, lms.url);
  await registerViaOptions(ext, POLICY_PIN);
  const options = await ext.openExtensionPage('options.html');
  await options.waitForSelector('[data-testid=registration-status]');
  expect(await textOf(options, '[data-testid=registration-status]')).toContain(TEST_PROFILE.instituteName);
  await options.close();
  await page.bringToFront();
  await page.goto(`${lms.url}${ENTRY_PATH}`);
  const overlay = await findOverlayFrame(page, ext.extensionOrigin, 15_000);
  await waitForSelectorIn(overlay, '[data-testid=pin-input]');
  await overlay.type('[data-testid=pin-input]', POLICY_PIN);
  await overlay.click('[data-testid=pin-submit]');
  await waitForSelectorIn(overlay, '[data-testid=web-otp-submit]');
  expect(await clickAndAwaitOutcome(overlay, '[data-testid=web-otp-submit]')).toBe('success');
}
const POLICY_PIN = '3917';

describe('institute profile from a Chromium managed policy', () => {
  const policyDir = '/etc/chromium/policies/managed';
  // Unique per run, so a crashed run's file is recognisable and no other run reads this one.
  const policyFile = path.join(policyDir, `checkpoint-companion-e2e-${process.pid}-${randomUUID()}.json`);
  const createdDirs: string[] = [];
  const extensionId = chromiumExtensionId(extensionBuildDir('chromium'));

  const writePolicy = (profile: InstituteProfile) =>
    writeFileSync(
      policyFile,
      JSON.stringify({
        '3rdparty': { extensions: { [extensionId]: { profileJson: JSON.stringify(profile) } } },
      }),
    );

  beforeAll(async () => {
    for (const dir of ['/etc/chromium/policies', policyDir]) {
      if (!existsSync(dir)) {
        mkdirSync(dir);
        createdDirs.unshift(dir);
      }
    }
    // Written before the block's first test launches its browser, which reads it at start.
    writePolicy(TEST_PROFILE);
  });

  afterAll(() => {
    // Always: the policy file would otherwise apply to every later Chromium run on this machine.
    rmSync(policyFile, { force: true });
    for (const dir of createdDirs) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  });

  test.override({
    browserName: 'chromium',
    setup: { signedIn: true, afterLaunch: (ext) => reloadChromiumPolicy(ext, TEST_PROFILE) },
  });

  test('the extension id computed from the build directory is the one Chromium gave it', ({ ext }) => {
    expect(ext.extensionOrigin).toBe(`chrome-extension://${extensionId}`);
  });

  test('the options page shows the policy profile, locked; the overlay shows its name, support line and colour', async ({
    page,
    lms,
    ext,
  }) => {
    await poll(
      () => optionsView(ext),
      (view) => view.source === 'policy',
      15_000,
    );
    await expectPolicyProfileApplied(ext, page, lms);
    await screenshot(page, 'profiles-chromium-policy-overlay');
  });

  test('a malformed policy is refused naming the field, and the previous profile stays active', async ({
    page,
    lms,
    ext,
  }) => {
    writePolicy(broken(TEST_PROFILE));
    await reloadChromiumPolicy(ext, broken(TEST_PROFILE));
    const view = await poll(
      () => optionsView(ext),
      (current) => current.refusals.length > 0,
      20_000,
    );
    expect(view.refusals).toHaveLength(1);
    expect(view.refusals[0]).toContain(BROKEN_FIELD);
    expect(view).toMatchObject({ source: 'policy', institute: TEST_PROFILE.instituteName, fileInput: false });
    const overlay = await overlayView(ext, page, lms);
    expect(overlay.institute).toContain(TEST_PROFILE.instituteName);
    expect(overlay.footer).toContain('1600-0000');
    expect(overlay.brand).toBe('#0a7d3b');
  });

  test("a trainee registers under the policy's institute and passes its checkpoint", async ({
    page,
    lms,
    ext,
  }) => {
    await registerUnderPolicy(ext, page, lms);
  });
});

describe("institute profile from Firefox's policies.json", () => {
  test.override({
    browserName: 'firefox',
    setup: {
      signedIn: true,
      firefoxPolicies: {
        '3rdparty': { Extensions: { [GECKO_ID]: { profileJson: JSON.stringify(TEST_PROFILE) } } },
      },
    },
  });

  test('the options page shows the policy profile, locked; the overlay shows its name, support line and colour', async ({
    page,
    lms,
    ext,
  }) => {
    await expectPolicyProfileApplied(ext, page, lms);
    await screenshot(page, 'profiles-firefox-policy-overlay');
  });

  test("a trainee registers under the policy's institute and passes its checkpoint", async ({
    page,
    lms,
    ext,
  }) => {
    await registerUnderPolicy(ext, page, lms);
  });
});

describe.each(BROWSER_NAMES)(
  'institute profile imported in the options page in %s',
  (browserName: BrowserName) => {
    let fileDir = '';
    // The options page the block's tests share (one of them replaces it).
    let options: Page;

    const upload = async (name: string, profile: unknown) => {
      const file = path.join(fileDir, name);
      writeFileSync(file, typeof profile === 'string' ? profile : JSON.stringify(profile));
      const input = await options.waitForSelector('input[data-testid=profile-file]');
      if (!input) throw new Error('no file input');
      await input.uploadFile(file);
    };

    beforeAll(() => {
      fileDir = mkdtempSync(path.join(tmpdir(), 'cc-e2e-profile-files-'));
    });

    afterAll(() => {
      if (fileDir) rmSync(fileDir, { recursive: true, force: true });
    });

    test.override({ browserName, setup: { signedIn: true } });
    // Each test works in the block's options page: the first opens it (and one replaces it).
    test.beforeEach(async ({ ext }) => {
      options ??= await ext.openExtensionPage('options.html');
    });

    test('without a policy the bundled profile applies and a file can be imported', async () => {
      expect(await readOptions(options)).toMatchObject({
        source: 'bundled',
        institute: DEMO_LMS_PROFILE.instituteName,
        fileInput: true,
        refusals: [],
      });
    });

    test('an imported file becomes the active profile, shown in the options page and the overlay', async ({
      page,
      lms,
      ext,
    }) => {
      await upload('imported.json', IMPORTED_PROFILE);
      await options.waitForSelector('[data-testid=profile-source][data-source=imported]');
      expect(await readOptions(options)).toMatchObject({
        institute: IMPORTED_PROFILE.instituteName,
        fileInput: true,
      });
      const overlay = await overlayView(ext, page, lms);
      expect(overlay.institute).toContain(IMPORTED_PROFILE.instituteName);
      expect(overlay.footer).toContain('1600-1111');
      expect(overlay.brand).toBe('#7a2e9c');
    });

    test('a malformed file is refused naming the field, and the imported profile stays active', async ({
      page,
      lms,
      ext,
    }) => {
      await options.bringToFront();
      await upload('broken.json', broken(IMPORTED_PROFILE));
      await options.waitForSelector('[data-testid=profile-error]');
      expect(await textOf(options, '[data-testid=profile-error]')).toContain(BROKEN_FIELD);
      expect(await readOptions(options)).toMatchObject({
        source: 'imported',
        institute: IMPORTED_PROFILE.instituteName,
      });
      // Not just on screen: a fresh options page and the overlay still have the imported profile.
      expect(await optionsView(ext)).toMatchObject({
        source: 'imported',
        institute: IMPORTED_PROFILE.instituteName,
      });
      const overlay = await overlayView(ext, page, lms);
      expect(overlay.institute).toContain(IMPORTED_PROFILE.instituteName);
      expect(overlay.brand).toBe('#7a2e9c');
    });

    test('a file that is not JSON is refused too, and the imported profile stays active', async ({ ext }) => {
      await options.close();
      options = await ext.openExtensionPage('options.html');
      await upload('not-json.json', '{"id": "demo-lms", ');
      await options.waitForSelector('[data-testid=profile-error]');
      expect(await textOf(options, '[data-testid=profile-error]')).toContain('(file)');
      expect(await optionsView(ext)).toMatchObject({
        source: 'imported',
        institute: IMPORTED_PROFILE.instituteName,
      });
    });
  },
);

describe("a malformed profile in Firefox's policies.json", () => {
  test.override({
    browserName: 'firefox',
    setup: {
      firefoxPolicies: {
        '3rdparty': { Extensions: { [GECKO_ID]: { profileJson: JSON.stringify(broken(TEST_PROFILE)) } } },
      },
    },
  });

  // Firefox reads policies.json only at start, so the "previous" profile here is the bundled one;
  // the Chromium test above shows a previous policy profile staying active.
  test('is refused naming the field, and the profile that was active stays', async ({ ext }) => {
    const view = await optionsView(ext);
    expect(view.refusals).toHaveLength(1);
    expect(view.refusals[0]).toContain(BROKEN_FIELD);
    expect(view).toMatchObject({ source: 'bundled', institute: DEMO_LMS_PROFILE.instituteName });
  });
});
