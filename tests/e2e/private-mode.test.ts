import { describe, expect } from 'vitest';
import { GECKO_ID } from '../../wxt.config';
import { test } from './fixtures';
import { findOverlayFrame, signIn, textOf, waitForSelectorIn } from './harness';

/**
 * Firefox's permanent private mode refuses IndexedDB writes in extensions. The extension must say
 * so in the trainee's language and never fail open: no registration, no code, no fill.
 */
describe('Firefox in permanent private mode (IndexedDB refuses writes)', () => {
  test.override({
    browserName: 'firefox',
    setup: {
      // The institute allows the add-on in private windows (as its policy would); the profile
      // always browses privately.
      firefoxPolicies: { ExtensionSettings: { [GECKO_ID]: { private_browsing: true } } },
      firefoxPrefs: { 'browser.privatebrowsing.autostart': true },
    },
  });

  test('says storage is refused in the options page and offers no registration', async ({ ext }) => {
    const options = await ext.openExtensionPage('options.html');
    await options.waitForSelector('[role=alert]');
    expect(await textOf(options, '[role=alert]')).toContain('브라우저 저장소에 기록할 수 없어');
    expect(await options.$('[data-testid=wizard-step-consent]')).toBeNull();
    await options.close();
  });

  test('shows the same error in the overlay and fills nothing', async ({ page, lms, ext }) => {
    await signIn(page, lms.url);
    await page.goto(`${lms.url}/courses/c101/checkpoint/entry`);
    const overlay = await findOverlayFrame(page, ext.extensionOrigin);
    await waitForSelectorIn(overlay, '.error-box');
    expect(await textOf(overlay, '.error-box')).toContain('브라우저 저장소에 기록할 수 없어');
    expect(await overlay.$('[data-testid=code-input], [data-testid=pin-input]')).toBeNull();
    expect(await page.$eval('#otp-code', (input) => (input as HTMLInputElement).value)).toBe('');
  });
});
