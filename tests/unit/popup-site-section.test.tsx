// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { SiteSection } from '@/entrypoints/popup/site-section';
import { browser } from '@/lib/browser';
import type { HrdProbe } from '@/lib/hrd/generic';
import type { ProfileSettingsView } from '@/lib/messaging/protocol';

const SITE = 'https://lms.nuri.example';
const VIEW: ProfileSettingsView = {
  source: 'bundled',
  instituteName: '데모',
  origins: [],
  support: { phone: '1833-3075' },
  branding: null,
  locked: false,
  refusals: [],
  extraOrigins: [],
  enabledSites: [],
  configuredOrigins: ['http://127.0.0.1/*'],
};
const probe = (patch: Partial<HrdProbe>): HrdProbe => ({
  origin: SITE,
  wired: false,
  calledApi: false,
  worded: false,
  codeInput: false,
  ...patch,
});

/**
 * The toolbar path (activeTab): the popup looks at the tab first, and asks for the site only
 * when the trainee presses 이 사이트에서 사용. The browser's APIs are stubbed where WXT's fake
 * browser has none (scripting, permissions); what is asserted is the popup's own decisions.
 */
describe('the popup on a site no profile names (toolbar, activeTab)', () => {
  let requested: string[][];
  let sent: unknown[];
  beforeEach(() => {
    fakeBrowser.reset();
    requested = [];
    sent = [];
    vi.spyOn(browser.tabs, 'query').mockResolvedValue([
      { id: 5, url: `${SITE}/edu/classroom?lec=3` } as never,
    ]);
    vi.spyOn(browser.tabs, 'reload').mockResolvedValue(undefined);
    (browser as unknown as { permissions: unknown }).permissions = {
      request: vi.fn(async ({ origins }: { origins: string[] }) => {
        requested.push(origins);
        return true;
      }),
      remove: vi.fn(async () => true),
      contains: vi.fn(async () => true),
    };
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      sent.push(message);
      return { ok: true, value: { ...VIEW, enabledSites: [{ origin: SITE, granted: true }] } };
    });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  const renderWith = (probes: HrdProbe[] | Error) => {
    (browser as unknown as { scripting: unknown }).scripting = {
      executeScript: vi.fn(async () => {
        if (probes instanceof Error) throw probes;
        return probes.map((result) => ({ frameId: 0, result }));
      }),
    };
    return render(
      <I18nProvider initial="ko" titleKey="appName">
        <SiteSection settings={VIEW} onChanged={() => undefined} />
      </I18nProvider>,
    );
  };

  it('says the site uses HRD mOTP before asking anything, then asks for that one site and enables it', async () => {
    renderWith([probe({ wired: true })]);
    await waitFor(() =>
      expect(screen.getByTestId('site-finding').textContent).toContain('한국산업인력공단 mOTP를 사용합니다'),
    );
    expect(requested).toEqual([]);
    fireEvent.click(screen.getByTestId('site-enable'));
    await waitFor(() =>
      expect(screen.getByTestId('site-finding').textContent).toContain('사용을 시작했습니다'),
    );
    expect(requested).toEqual([['https://lms.nuri.example/*']]);
    expect(sent).toContainEqual({ type: 'site/enable', origin: SITE });
    expect(browser.tabs.reload).toHaveBeenCalledWith(5);
  });

  it("asks for the box's host with the site when a frame from another host holds HRD's box, and enables both", async () => {
    const boxHost = 'https://otp.nuri.example:8443';
    renderWith([probe({}), probe({ origin: boxHost, wired: true })]);
    await waitFor(() =>
      expect(screen.getByTestId('site-box-origins').textContent).toContain('otp.nuri.example:8443'),
    );
    fireEvent.click(screen.getByTestId('site-enable'));
    await waitFor(() =>
      expect(screen.getByTestId('site-finding').textContent).toContain('사용을 시작했습니다'),
    );
    expect(requested).toEqual([['https://lms.nuri.example/*', 'https://otp.nuri.example/*']]);
    expect(sent).toContainEqual({ type: 'site/enable', origin: boxHost });
    expect(sent).toContainEqual({ type: 'site/enable', origin: SITE });
  });

  it('says a site without HRD mOTP is not one, and offers nothing to enable', async () => {
    renderWith([probe({ worded: true })]);
    await waitFor(() => expect(screen.getByTestId('site-finding').textContent).toContain('찾지 못해'));
    expect(screen.queryByTestId('site-enable')).toBeNull();
    expect(requested).toEqual([]);
  });

  it('ignores what frames of another site say (the tab moved on)', async () => {
    renderWith([probe({ origin: 'https://elsewhere.example', wired: true })]);
    await waitFor(() => expect(screen.getByTestId('site-finding').textContent).toContain('찾지 못해'));
  });

  it('when the page cannot be read, asks first and only then looks', async () => {
    renderWith(new Error('Missing host permission for the tab'));
    await waitFor(() => expect(screen.getByTestId('site-finding').textContent).toContain('접근 허용이 필요'));
  });

  it('after access is allowed, looks, and gives the grant back when the site has no HRD mOTP', async () => {
    let calls = 0;
    (browser as unknown as { scripting: unknown }).scripting = {
      executeScript: vi.fn(async () => {
        calls += 1;
        if (calls === 1) throw new Error('Missing host permission for the tab');
        return [{ frameId: 0, result: probe({ worded: true }) }];
      }),
    };
    render(
      <I18nProvider initial="ko" titleKey="appName">
        <SiteSection settings={VIEW} onChanged={() => undefined} />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('site-finding').textContent).toContain('접근 허용이 필요'));
    fireEvent.click(screen.getByTestId('site-enable'));
    await waitFor(() => expect(screen.getByTestId('site-finding').textContent).toContain('찾지 못해'));
    expect(requested).toEqual([['https://lms.nuri.example/*']]);
    expect(browser.permissions.remove).toHaveBeenCalledWith({ origins: ['https://lms.nuri.example/*'] });
    expect(sent).not.toContainEqual({ type: 'site/enable', origin: SITE });
  });

  it('says so when the trainee refuses the site, and enables nothing', async () => {
    renderWith([probe({ wired: true })]);
    vi.mocked(browser.permissions.request).mockResolvedValueOnce(false);
    await waitFor(() => expect(screen.getByTestId('site-enable')).toBeTruthy());
    fireEvent.click(screen.getByTestId('site-enable'));
    await waitFor(() => expect(screen.getByTestId('site-finding').getAttribute('role')).toBe('alert'));
    expect(sent).not.toContainEqual({ type: 'site/enable', origin: SITE });
  });
});
