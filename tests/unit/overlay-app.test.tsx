// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { OverlayApp } from '@/entrypoints/overlay/overlay-app';
import { browser } from '@/lib/browser';
import { NO_PROGRESS } from '@/lib/checkpoints/policy';
import type { BackgroundRequest, CheckpointContext, StatusView } from '@/lib/messaging/protocol';
import type { ErrorCode, Reply } from '@/lib/messaging/reply';

const STATUS: StatusView = {
  registration: {
    mode: 'webOtp',
    name: '홍길동',
    phone: '01012345678',
    lmsOrigin: 'https://lms.example',
    instituteName: '데모',
    issuer: '데모',
    period: 60,
    digits: 6,
    registeredAt: 0,
    hasSecret: true,
    enrollmentUrl: null,
  },
  counters: { wrongPins: 0, wrongCodes: 0, codesLocked: false, secretWiped: false, updatedAt: 0 },
  pinAttemptsLeft: 5,
  codeAttemptsLeft: 5,
};
const CONTEXT: CheckpointContext = {
  facts: {
    profileId: 'demo',
    ruleId: 'session',
    kind: 'session',
    mode: 'webOtp',
    courseId: 'c1',
    courseTitle: '용접 기초',
    session: 3,
    traineeName: '홍길동',
    traineePhone: '010-1234-5678',
    pageAttemptsLeft: null,
  },
  mode: 'webOtp',
  status: STATUS,
  codeAttemptsLeft: 5,
  identity: 'match',
  originMatches: true,
  decision: { due: true, reason: 'sessionInterval', lastVerifiedSession: 1, sessionsSince: 2 },
  progress: NO_PROGRESS,
  fallbacks: [],
  support: { phone: '1833-3075' },
  instituteName: '데모',
  branding: null,
  clockOffsetMs: null,
  pageOrigin: 'https://lms.example',
  attempt: null,
  device: null,
  checkpointInFrame: false,
};
const CODE = { code: '123456', step: 7, expiresAt: 60_000, issuedAt: 0, period: 60, clockOffsetMs: null };

type Answers = { [T in BackgroundRequest['type']]?: (request: BackgroundRequest) => Reply<unknown> };

/** The overlay against a background that answers each request type as the test says. */
function renderOverlay(answers: Answers) {
  const sent: BackgroundRequest[] = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (request: BackgroundRequest) => {
    sent.push(request);
    return answers[request.type]?.(request) ?? { ok: false, error: { code: 'internal' } };
  }) as never);
  render(
    <I18nProvider initial="en">
      <OverlayApp />
    </I18nProvider>,
  );
  return sent;
}

async function showCode() {
  fireEvent.change(await screen.findByTestId('pin-input'), { target: { value: '1234' } });
  fireEvent.click(screen.getByTestId('pin-submit'));
  return screen.findByTestId('web-otp-submit');
}

describe('the checkpoint overlay', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows the checkpoint, both methods as tabs, and the web-OTP PIN first', async () => {
    renderOverlay({ 'checkpoint/context': () => ({ ok: true, value: CONTEXT }) });
    const webOtpTab = await screen.findByTestId('method-webOtp');
    expect(webOtpTab.getAttribute('role')).toBe('tab');
    expect(webOtpTab.getAttribute('aria-selected')).toBe('true');
    expect(webOtpTab.getAttribute('aria-controls')).toBe('panel-webOtp');
    expect(screen.getByTestId('method-app').getAttribute('aria-selected')).toBe('false');
    expect(screen.getByRole('tabpanel').id).toBe('panel-webOtp');
    expect(screen.getByTestId('course-title').textContent).toBe('용접 기초');
    expect(screen.getByTestId('attempts-left').textContent).toContain('5');
    expect(screen.getByTestId('pin-input')).toBeTruthy();
    expect(document.querySelector('main')?.dataset.mode).toBe('webOtp');

    fireEvent.keyDown(webOtpTab, { key: 'ArrowRight' });
    expect(screen.getByTestId('method-app').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('code-input')).toBeTruthy();
  });

  it('PIN → code → one submit, however often it is clicked, and the answer counted once', async () => {
    const sent = renderOverlay({
      'checkpoint/context': () => ({ ok: true, value: CONTEXT }),
      'webOtp/code': () => ({ ok: true, value: CODE }),
      'checkpoint/submit': () => ({
        ok: true,
        value: {
          result: { outcome: 'success', attemptsLeft: null, message: '' },
          status: STATUS,
          codeAttemptsLeft: 5,
        },
      }),
    });
    const submit = await showCode();
    expect(screen.getByTestId('web-otp-code').textContent).toBe('123 456');
    await act(async () => {
      fireEvent.click(submit);
      fireEvent.click(submit);
    });
    await waitFor(() => expect(screen.getByTestId('overlay-result').dataset.answered).toBe('1'));
    expect(sent.filter((request) => request.type === 'checkpoint/submit')).toMatchObject([
      { code: '123456', method: 'webOtp', step: 7 },
    ]);
    expect(document.querySelector('[data-outcome="success"]')).toBeTruthy();
  });

  it('a code the background refused for a covered overlay stays; any other failure asks for the PIN again', async () => {
    let refusal: ErrorCode = 'overlayCovered';
    renderOverlay({
      'checkpoint/context': () => ({ ok: true, value: CONTEXT }),
      'webOtp/code': () => ({ ok: true, value: CODE }),
      'checkpoint/submit': () => ({ ok: false, error: { code: refusal } }),
    });
    fireEvent.click(await showCode());
    await waitFor(() => expect(screen.getByTestId('overlay-result').dataset.answered).toBe('1'));
    expect(screen.getByTestId('overlay-result').querySelector('.error-box')).toBeTruthy();
    expect(screen.getByTestId('web-otp-submit')).toBeTruthy();

    refusal = 'pageDidNotAnswer';
    fireEvent.click(screen.getByTestId('web-otp-submit'));
    await waitFor(() => expect(screen.getByTestId('overlay-result').dataset.answered).toBe('2'));
    expect(await screen.findByTestId('pin-input')).toBeTruthy();
    expect(screen.getByTestId('overlay-result').textContent).toContain('did not answer');
  });

  it('a wrong PIN is said at the PIN field', async () => {
    renderOverlay({
      'checkpoint/context': () => ({ ok: true, value: CONTEXT }),
      'webOtp/code': () => ({ ok: false, error: { code: 'wrongPin', attemptsLeft: 4 } }),
    });
    fireEvent.change(await screen.findByTestId('pin-input'), { target: { value: '1234' } });
    fireEvent.click(screen.getByTestId('pin-submit'));
    expect((await screen.findByRole('alert')).textContent).toContain('4');
  });

  it('after a wrong PIN the PIN attempts line says what the alert says, from the status re-read', async () => {
    let pinAttemptsLeft = 5;
    const sent = renderOverlay({
      'checkpoint/context': () => ({ ok: true, value: CONTEXT }),
      'webOtp/code': () => {
        pinAttemptsLeft -= 1;
        return { ok: false, error: { code: 'wrongPin', attemptsLeft: pinAttemptsLeft } };
      },
      'status/get': () => ({ ok: true, value: { ...STATUS, pinAttemptsLeft } }),
    });
    fireEvent.change(await screen.findByTestId('pin-input'), { target: { value: '1234' } });
    fireEvent.click(screen.getByTestId('pin-submit'));
    expect((await screen.findByRole('alert')).textContent).toContain('4');
    // The alert and the attempts line below the field: both say 4, none says 5.
    await waitFor(() =>
      expect(screen.getAllByText(/PIN attempts left: \d/).map((element) => element.textContent)).toEqual([
        expect.stringContaining('PIN attempts left: 4'),
        expect.stringContaining('PIN attempts left: 4'),
      ]),
    );
    expect(sent.filter((request) => request.type === 'status/get')).toHaveLength(1);
  });

  it('a context that cannot be read is said in place of the overlay', async () => {
    renderOverlay({ 'checkpoint/context': () => ({ ok: false, error: { code: 'noCheckpoint' } }) });
    expect((await screen.findByRole('alert')).className).toBe('error-box');
    expect(screen.queryByTestId('method-webOtp')).toBeNull();
  });

  it('locked: no methods, the lock explained', async () => {
    renderOverlay({ 'checkpoint/context': () => ({ ok: true, value: { ...CONTEXT, codeAttemptsLeft: 0 } }) });
    expect(await screen.findByTestId('locked')).toBeTruthy();
    expect(screen.queryByTestId('method-webOtp')).toBeNull();
  });

  it("HRD's box with no input it can find: explains, counts from HRD's answer, offers no fill", async () => {
    const facts = { ...CONTEXT.facts, mode: 'hrdMotp' as const, typeOnPage: true };
    const attempt = {
      outcome: 'failure' as const,
      codeAttemptsLeft: 3,
      message: '인증번호가 일치하지 않습니다.',
      method: 'page' as const,
      submittedAt: 1,
      authority: 'answer' as const,
    };
    const context = { ...CONTEXT, facts, mode: 'hrdMotp' as const, codeAttemptsLeft: 3, attempt };
    const sent = renderOverlay({ 'checkpoint/context': () => ({ ok: true, value: context }) });
    expect((await screen.findByTestId('type-on-page')).textContent).toContain("this page's code field");
    // The count is HRD's (two wrong codes typed on the page); the page's own words are shown.
    expect(screen.getByTestId('attempts-left').textContent).toContain('3');
    expect(screen.getByTestId('overlay-result').textContent).toContain('인증번호가 일치하지 않습니다.');
    // Nothing to type here, nothing to submit from here.
    expect(screen.queryByTestId('code-input')).toBeNull();
    expect(screen.queryByTestId('pin-input')).toBeNull();
    expect(document.querySelector('input, button[type=submit]')).toBeNull();
    expect(sent.filter((request) => request.type === 'checkpoint/submit')).toEqual([]);
  });

  it('service down on a site whose own verification pages no profile names: the ways out in words', async () => {
    const facts = { ...CONTEXT.facts, mode: 'hrdMotp' as const };
    const attempt = {
      outcome: 'unavailable' as const,
      codeAttemptsLeft: 5,
      message: null,
      method: 'overlay' as const,
      submittedAt: 1,
      authority: 'answer' as const,
    };
    const context = { ...CONTEXT, facts, mode: 'hrdMotp' as const, attempt, fallbacks: [] };
    renderOverlay({ 'checkpoint/context': () => ({ ok: true, value: context }) });
    const fallbacks = await screen.findByTestId('fallbacks');
    expect(fallbacks.textContent).toContain('i-PIN');
    expect(fallbacks.querySelectorAll('a')).toHaveLength(0);
  });
});
