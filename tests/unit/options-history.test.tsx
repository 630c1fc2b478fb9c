// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { HistorySection } from '@/entrypoints/options/history-section';
import { browser } from '@/lib/browser';
import type { HistoryPage } from '@/lib/db/history';

const AT = Date.UTC(2026, 11, 3, 4, 24, 7);
const PAGE: HistoryPage = {
  entries: [
    {
      id: 2,
      at: AT,
      type: 'codeSubmitted',
      profileId: 'demo-lms',
      courseId: 'c101',
      kind: 'session',
      method: 'webOtp',
      outcome: 'failure',
      attemptsLeft: 4,
      session: 9,
    },
    {
      id: 1,
      at: AT - 60_000,
      type: 'checkpointShown',
      profileId: 'demo-lms',
      courseId: 'c102',
      kind: 'entry',
      method: null,
      outcome: null,
      attemptsLeft: null,
    },
  ],
  hasMore: false,
  courses: ['c101', 'c102'],
  courseTitles: [{ profileId: 'demo-lms', courseId: 'c101', title: '산업안전관리 실무' }],
};

describe('the history a trainee reads', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue({ ok: true, value: PAGE });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows course titles (ids only where none is kept) and what happened as sentences', async () => {
    render(
      <I18nProvider initial="ko" titleKey="appName">
        <HistorySection refreshKey={0} />
      </I18nProvider>,
    );
    const table = await screen.findByTestId('history-table');
    const rows = within(table).getAllByRole('row').slice(1);
    await waitFor(() => expect(rows).toHaveLength(2));
    const cells = rows.map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
    expect(cells[0]?.[1]).toBe(
      '8회차 본인인증: 웹 OTP로 입력한 인증번호가 틀렸습니다. 남은 횟수는 4회입니다.',
    );
    expect(cells[0]?.[2]).toBe('산업안전관리 실무 · 9차시');
    expect(cells[1]?.[1]).toBe('LMS가 최초 입과 본인인증을 요청했습니다.');
    expect(cells[1]?.[2]).toBe('c102');
    expect(rows[0]?.querySelector('[data-course-id]')?.getAttribute('data-course-id')).toBe('c101');
    const filter = screen.getByTestId('history-course') as HTMLSelectElement;
    expect([...filter.options].map((option) => [option.value, option.textContent])).toEqual([
      ['', '전체 과정'],
      ['c101', '산업안전관리 실무'],
      ['c102', 'c102'],
    ]);
  });
});
