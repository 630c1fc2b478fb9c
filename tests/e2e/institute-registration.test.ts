import type { Frame, Page } from 'puppeteer-core';
import { describe, expect } from 'vitest';
import { GENERIC_LMS_CHECKPOINT_PATH } from '../../demo/hrd-sites';
import type { DemoLms } from '../../demo/server/app';
import { DEMO_LMS_PROFILE, HRD_GENERIC_PROFILE } from '../../lib/profiles/bundled';
import type { InstituteProfile } from '../../lib/profiles/types';
import { test } from './fixtures';
import {
  askBackgroundFrom,
  BROWSER_NAMES,
  clickAndAwaitOutcome,
  type ExtensionBrowser,
  findOverlayFrame,
  issueKey,
  registerViaOptions,
  signIn,
  textOf,
  waitForSelectorIn,
} from './harness';
import { attemptsLeftIn, settledOverlay, typeInOverlay, waitForOutcome } from './hrd-steps';

/**
 * Registration for an institute the bundle does not know: its profile, imported in the options
 * page, names an LMS address no bundled profile names, and the wizard and the background take it.
 * The mode decides what is asked: the web-OTP institute's trainee registers the key its LMS
 * issues; the HRD mOTP institute's trainee gives only an optional name and number, no key, no PIN.
 *
 * The institutes' hosts are granted at install (a copy of the build lists them, as an institute's
 * own build or an administrator's deployment would): a prompt for an imported profile's origin is
 * the browser's own, which automation cannot answer in Chromium.
 */

const PIN = '4826';

/** The demo LMS under the name `localhost`: an address only the imported profile names. */
const localOrigin = (lms: DemoLms) => lms.url.replace('127.0.0.1', 'localhost');

const WEB_OTP_INSTITUTE: InstituteProfile = {
  ...DEMO_LMS_PROFILE,
  id: 'hanul-web-otp',
  instituteName: '한울 원격훈련원',
  origins: ['http://localhost/*'],
};

/** 누리 원격교육원's HRD box, named by its institute's own profile (no selectors of its own). */
const MOTP_INSTITUTE: InstituteProfile = {
  ...HRD_GENERIC_PROFILE,
  id: 'nuri-motp',
  instituteName: '누리 원격교육원',
  origins: ['http://127.0.0.8/*'],
  fallbacks: [],
};

async function importProfile(ext: ExtensionBrowser, profile: InstituteProfile): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  const reply = await askBackgroundFrom<unknown>(options, {
    type: 'profile/import',
    json: JSON.stringify(profile),
  });
  await options.close();
  if (!reply.ok) throw new Error(`the institute's profile was refused: ${JSON.stringify(reply)}`);
}

/** The registration the options page shows, as the trainee reads it. */
async function registrationShown(ext: ExtensionBrowser): Promise<string> {
  const options = await ext.openExtensionPage('options.html');
  try {
    await options.waitForSelector('[data-testid=registration-status]');
    return await textOf(options, '[data-testid=registration-status]');
  } finally {
    await options.close();
  }
}

async function passWithWebOtp(overlay: Frame): Promise<string | null> {
  await waitForSelectorIn(overlay, '[data-testid=pin-input]');
  await overlay.type('[data-testid=pin-input]', PIN);
  await overlay.click('[data-testid=pin-submit]');
  await waitForSelectorIn(overlay, '[data-testid=web-otp-submit]');
  return clickAndAwaitOutcome(overlay, '[data-testid=web-otp-submit]');
}

describe.each(BROWSER_NAMES)('registration for an imported web-OTP institute, in %s', (browserName) => {
  test.override({
    browserName,
    setup: {
      grantedAtInstall: () => ['http://localhost/*'],
      afterLaunch: (ext) => importProfile(ext, WEB_OTP_INSTITUTE),
    },
  });

  test("registers on the institute's own address with the key its LMS issued, and passes its checkpoint", async ({
    ext,
    lms,
    page,
  }) => {
    const origin = localOrigin(lms);
    await signIn(page, origin);
    const keyUri = await issueKey(page, origin);
    expect(keyUri).toMatch(/^otpauth:\/\/totp\//);
    // The wizard picks the key up from the open issue page on the institute's address.
    await registerViaOptions(ext, PIN);
    const shown = await registrationShown(ext);
    expect(shown).toContain('한울 원격훈련원');
    expect(shown).toContain(origin);

    await page.bringToFront();
    await page.goto(`${origin}/courses/c101/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
    expect(await textOf(overlay, '[data-testid=overlay-institute]')).toContain('한울 원격훈련원');
    expect(await passWithWebOtp(overlay)).toBe('success');
    expect(await page.$eval('#otp-result', (el) => el.getAttribute('data-outcome'))).toBe('success');
  });
});

describe.each(BROWSER_NAMES)('registration for an imported HRD mOTP institute, in %s', (browserName) => {
  let shiftMs = 0;
  const now = () => Date.now() + shiftMs;
  test.override({
    browserName,
    setup: {
      now,
      testControls: true,
      acceptDialogs: true,
      grantedAtInstall: () => ['http://127.0.0.8/*'],
      afterLaunch: (ext) => importProfile(ext, MOTP_INSTITUTE),
    },
  });

  test('registers with a name and a number only (no key, no PIN); the overlay checks that trainee and counts as HRD does', async ({
    ext,
    lms,
    page,
  }) => {
    const origin = lms.hrdSites.genericLms;
    const options = await ext.openExtensionPage('options.html');
    await walkMotpWizard(options, origin);
    await options.waitForSelector('[data-testid=registration-status]');
    const shown = await textOf(options, '[data-testid=registration-status]');
    expect(shown).toContain('누리 원격교육원');
    expect(shown).toContain('홍길동');
    expect(shown).toContain(origin);
    await options.close();
    // Nothing secret was stored: no key, and no PIN to ask for.
    const status = await askStatus(ext);
    expect(status).toMatchObject({ registration: { mode: 'hrdMotp', hasSecret: false } });

    await page.bringToFront();
    await page.goto(`${origin}${GENERIC_LMS_CHECKPOINT_PATH}`);
    let overlay = await findOverlayFrame(page, ext.extensionOrigin, 20_000);
    expect(await textOf(overlay, '[data-testid=overlay-institute]')).toContain('누리 원격교육원');
    // The page shows the registered trainee: no warning, and no PIN field (mOTP: the app's code).
    expect(await overlay.$('[data-testid=identity-mismatch]')).toBeNull();
    expect(await overlay.$('[data-testid=pin-input]')).toBeNull();
    expect(await attemptsLeftIn(overlay)).toBe(5);
    await typeInOverlay(overlay, '000000');
    overlay = await settledOverlay(page, ext.extensionOrigin, 'failure');
    expect(lms.hrdSites.errorCount()).toBe(1);
    expect(await attemptsLeftIn(overlay)).toBe(4);
    shiftMs += 60_000;
    await typeInOverlay(overlay, lms.hrdSites.currentCode());
    await waitForOutcome(overlay, 'success').catch(async () => {
      await settledOverlay(page, ext.extensionOrigin, 'success');
    });
    expect(lms.hrdSites.errorCount()).toBe(0);
  });
});

/** Consent, then the LMS address typed with its port, a name and a number; then the summary. */
async function walkMotpWizard(options: Page, origin: string): Promise<void> {
  const next = () => options.click('[data-testid=wizard-next]');
  await options.waitForSelector('[data-testid=wizard-step-consent]');
  await options.click('[data-testid=consent]');
  await next();
  await options.waitForSelector('[data-testid=wizard-step-identity]');
  await options.type('#lms-origin-typed', origin);
  // The mode follows the address: the mOTP hint shows, and no PIN or key step will follow.
  await options.waitForSelector('[data-testid=motp-identity-hint]');
  await options.type('#name', '홍길동');
  await options.type('#phone', '01012345678');
  await next();
  await options.waitForSelector('[data-testid=wizard-summary]');
  expect(await options.$('[data-testid=wizard-step-pin]')).toBeNull();
  await next();
}

async function askStatus(ext: ExtensionBrowser): Promise<unknown> {
  const popup = await ext.openExtensionPage('popup.html');
  try {
    return (await askBackgroundFrom<unknown>(popup, { type: 'status/get' })).value;
  } finally {
    await popup.close();
  }
}
