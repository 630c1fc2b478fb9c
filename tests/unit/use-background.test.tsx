// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { protocolErrorFromRejection } from '@/components/errors';
import { useBackground } from '@/components/use-background';
import { browser } from '@/lib/browser';
import { ProtocolFailure } from '@/lib/messaging/reply';

const STATUS = { registration: null, counters: { codesLocked: false }, pinAttemptsLeft: 5 };

/** The background's reply, held back until the returned function is called. */
function answerWith(reply: unknown) {
  let answer: (value: unknown) => void = () => undefined;
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(
    () => new Promise((resolve) => (answer = () => resolve(reply))) as never,
  );
  return () => answer(reply);
}

describe('useBackground', () => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('is busy while the request is out and hands the answer to the caller', async () => {
    const answer = answerWith({ ok: true, value: STATUS });
    const { result } = renderHook(() => useBackground());
    let pending: Promise<unknown> = Promise.resolve();
    act(() => {
      pending = result.current.ask({ type: 'status/get' });
    });
    expect(result.current.busy).toBe(true);
    await act(async () => {
      answer();
      await expect(pending).resolves.toEqual({ ok: true, value: STATUS });
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
  });

  it('keeps the background’s error, and clears it when the next request goes out', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue({
      ok: false,
      error: { code: 'wrongPin', attemptsLeft: 3 },
    });
    const { result } = renderHook(() => useBackground());
    await act(async () => {
      await expect(result.current.ask({ type: 'webOtp/code', pin: '1234' })).resolves.toEqual({
        ok: false,
        error: { code: 'wrongPin', attemptsLeft: 3 },
      });
    });
    expect(result.current.error).toEqual({ code: 'wrongPin', attemptsLeft: 3 });
    expect(result.current.busy).toBe(false);

    const answer = answerWith({ ok: true, value: STATUS });
    let pending: Promise<unknown> = Promise.resolve();
    act(() => {
      pending = result.current.ask({ type: 'status/get' });
    });
    expect(result.current.error).toBeNull();
    await act(async () => {
      answer();
      await pending;
    });
  });

  it('a dead background is an internal error', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist'));
    const { result } = renderHook(() => useBackground());
    await act(async () => {
      await result.current.ask({ type: 'status/get' });
    });
    expect(result.current.error).toEqual({ code: 'internal' });
  });

  it('a quiet request leaves busy and the error as they are', async () => {
    const { result } = renderHook(() => useBackground());
    act(() => result.current.setError({ code: 'overlayCovered' }));
    const answer = answerWith({ ok: false, error: { code: 'storageFailed' } });
    let pending: Promise<unknown> = Promise.resolve();
    act(() => {
      pending = result.current.ask({ type: 'status/get' }, { quiet: true });
    });
    expect(result.current.busy).toBe(false);
    await act(async () => {
      answer();
      await expect(pending).resolves.toEqual({ ok: false, error: { code: 'storageFailed' } });
    });
    expect(result.current.error).toEqual({ code: 'overlayCovered' });
  });
});

describe('protocolErrorFromRejection', () => {
  it('passes the background’s error through and hides anything else', () => {
    expect(protocolErrorFromRejection(new ProtocolFailure({ code: 'wrongMode' }))).toEqual({
      code: 'wrongMode',
    });
    expect(protocolErrorFromRejection(new TypeError('x'))).toEqual({ code: 'internal' });
  });
});
