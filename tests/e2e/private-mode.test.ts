import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoLms, startDemoLms } from '../../demo/server/app';
import { GECKO_ID } from '../../wxt.config';
import {
  type ExtensionBrowser,
  findOverlayFrame,
  firefoxWithPolicies,
  launchWithExtension,
  signIn,
  textOf,
  waitForSelectorIn,
} from './harness';

/**
 * Firefox's permanent private mode refuses IndexedDB writes in extensions. The extension must say
 * so in the trainee's language and never fail open: no registration, no code, no fill.
 */
describe('Firefox in permanent private mode (IndexedDB refuses writes)', () => {
  let firefox: ReturnType<typeof firefoxWithPolicies> | undefined;
  let dataDir = '';
  let lms: DemoLms;
  let ext: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    // The institute allows the add-on in private windows (as its policy would); the profile
    // always browses privately.
    firefox = firefoxWithPolicies({ ExtensionSettings: { [GECKO_ID]: { private_browsing: true } } });
    dataDir = mkdtempSync(path.join(tmpdir(), 'cc-private-'));
    lms = await startDemoLms({ port: 0, dataDir, log: () => undefined });
    ext = await launchWithExtension('firefox', {
      executablePath: firefox.executablePath,
      firefoxPrefs: { 'browser.privatebrowsing.autostart': true },
    });
    page = await ext.browser.newPage();
  });

  afterAll(async () => {
    await ext?.close();
    await lms?.close();
    firefox?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('says storage is refused in the options page and offers no registration', async () => {
    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector('[role=alert]');
    expect(await textOf(options, '[role=alert]')).toContain('브라우저 저장소에 기록할 수 없어');
    expect(await options.$('[data-testid=wizard-step-consent]')).toBeNull();
    await options.close();
  });

  it('shows the same error in the overlay and fills nothing', async () => {
    await signIn(page, lms.url);
    await page.goto(`${lms.url}/courses/c101/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(overlay, '.error-box');
    expect(await textOf(overlay, '.error-box')).toContain('브라우저 저장소에 기록할 수 없어');
    expect(await overlay.$('[data-testid=code-input], [data-testid=pin-input]')).toBeNull();
    expect(await page.$eval('#otp-code', (input) => (input as HTMLInputElement).value)).toBe('');
  });
});
