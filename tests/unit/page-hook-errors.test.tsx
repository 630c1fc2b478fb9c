// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { HistorySection } from '@/entrypoints/options/history-section';
import { ProfileSection } from '@/entrypoints/options/profile-section';
import { PopupApp } from '@/entrypoints/popup/popup-app';
import { browser } from '@/lib/browser';
import type { ProtocolError } from '@/lib/messaging/protocol';
import ko from '@/public/_locales/ko/messages.json';

type Answer = { ok: true; value: unknown } | { ok: false; error: ProtocolError };

/** The background stubbed by request type; a type it was not given is answered `internal`. */
function background(answers: Record<string, Answer>) {
  const sent: string[] = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    const { type } = message as { type: string };
    sent.push(type);
    return answers[type] ?? { ok: false, error: { code: 'internal' } };
  });
  return sent;
}

const PAGE = { entries: [], courses: [], hasMore: false };
const inKorean = (node: React.ReactNode) => (
  <I18nProvider initial="ko" titleKey="appName">
    {node}
  </I18nProvider>
);

describe('extension pages show what the background refused', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('the history shows the storage error when its page is refused', async () => {
    background({ 'history/page': { ok: false, error: { code: 'storageFailed' } } });
    render(inKorean(<HistorySection refreshKey={0} />));
    expect((await screen.findByRole('alert')).textContent).toBe(ko.error_storageFailed.message);
  });

  it('the history keeps its entries and says why when a deletion is refused', async () => {
    const sent = background({
      'history/page': { ok: true, value: PAGE },
      'history/delete': { ok: false, error: { code: 'storageFailed' } },
    });
    vi.stubGlobal('confirm', () => true);
    render(inKorean(<HistorySection refreshKey={0} />));
    await waitFor(() => expect(sent).toEqual(['history/page']));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: ko.historyDelete.message }));
    expect((await screen.findByRole('alert')).textContent).toBe(ko.error_storageFailed.message);
    // No reload after a refused deletion, and no "deleted" notice.
    expect(sent).toEqual(['history/page', 'history/delete']);
    expect(screen.queryByText(/삭제했습니다/)).toBeNull();
  });

  it('the profile section shows why the profile could not be read', async () => {
    background({ 'profile/get': { ok: false, error: { code: 'storageFailed' } } });
    render(inKorean(<ProfileSection />));
    expect((await screen.findByRole('alert')).textContent).toBe(ko.error_storageFailed.message);
  });

  it('the popup shows its load error, and an unread profile only leaves the branding out', async () => {
    const sent = background({ 'status/get': { ok: false, error: { code: 'storageFailed' } } });
    render(inKorean(<PopupApp />));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(ko.error_storageFailed.message);
    await waitFor(() => expect(sent).toContain('profile/get'));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.queryByTestId('popup-help')).toBeNull();
  });
});
