// @vitest-environment happy-dom
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NextCodeWait } from '@/components/next-code-wait';
import { useWebOtp } from '@/components/use-web-otp';
import { browser } from '@/lib/browser';

const CODE = {
  code: '492039',
  step: 29_000_001,
  expiresAt: 1_740_000_060_000,
  issuedAt: 1_740_000_030_000,
  period: 60,
  clockOffsetMs: null,
};

/** The background's answers to `webOtp/code`, in order, and the PINs it was asked with. */
function backgroundAnswering(...replies: unknown[]) {
  const pins: string[] = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: { pin: string }) => {
    pins.push(message.pin);
    return replies.shift() ?? { ok: false, error: { code: 'internal' } };
  }) as never);
  return pins;
}

const alreadyUsed = (retryInSeconds: number) => ({
  ok: false,
  error: { code: 'codeAlreadyUsed', retryInSeconds },
});

describe('useWebOtp waiting for the next code window', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
    });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('counts down without a PIN error, then asks again with the same PIN when the window opens', async () => {
    const pins = backgroundAnswering(alreadyUsed(3), { ok: true, value: CODE });
    const { result } = renderHook(() => useWebOtp());
    await act(() => result.current.requestCode('4715'));
    expect(result.current.pinError).toBeNull();
    expect(result.current.issued).toBeNull();
    expect(result.current.waitingSeconds).toBe(3);

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(result.current.waitingSeconds).toBe(2);
    expect(pins).toEqual(['4715']);

    // Not a moment before the window is surely open on the background's clock too.
    await act(() => vi.advanceTimersByTimeAsync(2100));
    expect(pins).toEqual(['4715']);
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(pins).toEqual(['4715', '4715']);
    expect(result.current.waitingSeconds).toBeNull();
    expect(result.current.issued?.code).toBe(CODE.code);
  });

  it('waits again if the next window is still refused, and never turns it into a PIN error', async () => {
    const pins = backgroundAnswering(alreadyUsed(1), alreadyUsed(2), { ok: true, value: CODE });
    const { result } = renderHook(() => useWebOtp());
    await act(() => result.current.requestCode('4715'));
    await act(() => vi.advanceTimersByTimeAsync(1400));
    expect(pins).toHaveLength(2);
    expect(result.current.waitingSeconds).toBe(2);
    expect(result.current.pinError).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(2400));
    expect(pins).toHaveLength(3);
    expect(result.current.issued?.code).toBe(CODE.code);
  });

  it('shows a wrong PIN as the PIN’s error and asks nothing again', async () => {
    const pins = backgroundAnswering({ ok: false, error: { code: 'wrongPin', attemptsLeft: 3 } });
    const problems: string[] = [];
    const { result } = renderHook(() => useWebOtp((problem) => problems.push(problem.code)));
    await act(() => result.current.requestCode('1111'));
    expect(result.current.waitingSeconds).toBeNull();
    expect(result.current.pinError).toContain('3');
    expect(problems).toEqual(['wrongPin']);
    await act(() => vi.advanceTimersByTimeAsync(120_000));
    expect(pins).toEqual(['1111']);
  });

  it('drops the held PIN with the page: nothing is asked after it is gone', async () => {
    const pins = backgroundAnswering(alreadyUsed(2), { ok: true, value: CODE });
    const { result, unmount } = renderHook(() => useWebOtp());
    await act(() => result.current.requestCode('4715'));
    unmount();
    await vi.advanceTimersByTimeAsync(5000);
    expect(pins).toEqual(['4715']);
  });

  it('a new PIN typed while waiting replaces the held one', async () => {
    const pins = backgroundAnswering(alreadyUsed(2), alreadyUsed(2), { ok: true, value: CODE });
    const { result } = renderHook(() => useWebOtp());
    await act(() => result.current.requestCode('4715'));
    await act(() => result.current.requestCode('8080'));
    await act(() => vi.advanceTimersByTimeAsync(2400));
    expect(pins).toEqual(['4715', '8080', '8080']);
  });
});

describe('NextCodeWait', () => {
  afterEach(cleanup);

  it('is a status, not an alert, and shows the seconds left', () => {
    render(<NextCodeWait seconds={42} />);
    expect(screen.getByRole('status').textContent).toContain('새 인증번호가 바로 나옵니다');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('next-code-seconds').textContent).toBe('새 인증번호까지 42초');
  });
});
