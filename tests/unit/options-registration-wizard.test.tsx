// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { RegistrationWizard } from '@/entrypoints/options/registration-wizard';
import { browser } from '@/lib/browser';
import { formatKeyUri } from '@/lib/otp/key-uri';
import { BUNDLED_PROFILES, DEMO_LMS_PROFILE } from '@/lib/profiles/bundled';
import { registrationChoices } from '@/lib/registration/choices';
import { CONSENT_VERSION } from '@/lib/registration/validate';

/** A policy profile on its own origin first, as the background resolves them. */
const POLICY_ORIGIN = 'https://lms.policy.example';
const CHOICES = registrationChoices([
  { ...DEMO_LMS_PROFILE, id: 'policy-lms', instituteName: '정책 훈련원', origins: [`${POLICY_ORIGIN}/*`] },
  ...BUNDLED_PROFILES,
]);
const HRD_LMS = 'http://127.0.0.2';

const KEY_URI = formatKeyUri({
  secret: Uint8Array.from({ length: 20 }, (_, i) => i + 1),
  algorithm: 'SHA1',
  digits: 6,
  period: 60,
  issuer: '데모 원격훈련원',
  accountName: '홍길동',
});
const LMS = 'http://127.0.0.1:8610';

/**
 * The wizard walked as the trainee walks it, the background stubbed at `runtime.sendMessage`:
 * what is asserted is which step shows, which errors point where, and what is sent.
 */
describe('the registration wizard', () => {
  let sent: unknown[];
  let reply: (message: { type: string }) => unknown;
  beforeEach(() => {
    fakeBrowser.reset();
    sent = [];
    reply = () => ({ ok: true, value: { registration: null } });
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      sent.push(message);
      const request = message as { type: string };
      if (request.type === 'registration/choices') return { ok: true, value: CHOICES };
      return reply(request);
    });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  const renderWizard = (onRegistered = vi.fn()) => {
    render(
      <I18nProvider initial="en">
        <RegistrationWizard canCancel={false} onCancel={() => undefined} onRegistered={onRegistered} />
      </I18nProvider>,
    );
    return onRegistered;
  };
  const next = () => fireEvent.click(screen.getByTestId('wizard-next'));
  const type = (id: string, value: string) => {
    const field = document.getElementById(id) as HTMLInputElement;
    fireEvent.change(field, { target: { value } });
    fireEvent.blur(field);
  };
  const walkToSummary = () => {
    fireEvent.click(screen.getByTestId('consent'));
    next();
    type('lms-origin-typed', `${LMS}/login`);
    type('name', ' 홍길동 ');
    type('phone', '01012345678');
    next();
    type('pin', '4827');
    type('pin-confirmation', '4827');
    next();
    type('key-uri', KEY_URI);
    next();
  };
  /** The offered addresses have arrived from the background. */
  const choicesShown = async () => {
    await waitFor(() => expect(sent).toContainEqual({ type: 'registration/choices' }));
    // Let the answer land in the wizard's state.
    await act(async () => undefined);
  };

  it('stays on the consent step until it is ticked, pointing at why', () => {
    renderWizard();
    next();
    expect(screen.getByTestId('wizard-step-consent')).toBeTruthy();
    expect(document.getElementById('consent-error')).not.toBeNull();
    expect(screen.getByTestId('consent').getAttribute('aria-describedby')).toBe('consent-error');
    fireEvent.click(screen.getByTestId('consent'));
    next();
    expect(screen.getByTestId('wizard-step-identity')).toBeTruthy();
  });

  it('formats the number on leaving it, refuses a mismatched PIN, and goes back a step', async () => {
    renderWizard();
    await choicesShown();
    fireEvent.click(screen.getByTestId('consent'));
    next();
    type('name', '홍길동');
    type('phone', '01012345678');
    expect((document.getElementById('phone') as HTMLInputElement).value).toBe('010-1234-5678');
    next();
    type('pin', '4827');
    type('pin-confirmation', '4828');
    next();
    expect(screen.getByTestId('wizard-step-pin')).toBeTruthy();
    expect(document.getElementById('pin-error')).not.toBeNull();
    expect(document.getElementById('pin')?.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByText('Back'));
    expect(screen.getByTestId('wizard-step-identity')).toBeTruthy();
  });

  it('sums up what will be stored, sends it, and forgets the PIN once registered', async () => {
    const status = { registration: { name: '홍길동' } };
    reply = () => ({ ok: true, value: status });
    const onRegistered = renderWizard();
    await choicesShown();
    walkToSummary();
    const summary = screen.getByTestId('wizard-summary').textContent ?? '';
    expect(summary).toContain('010-1234-5678');
    expect(summary).toContain(LMS);
    expect(summary).not.toContain('/login');
    next();
    await waitFor(() => expect(onRegistered).toHaveBeenCalledWith(status));
    expect(sent).toContainEqual({
      type: 'registration/save',
      registration: {
        consentVersion: CONSENT_VERSION,
        name: ' 홍길동 ',
        phone: '010-1234-5678',
        pin: '4827',
        pinConfirmation: '4827',
        keyUri: KEY_URI,
        lmsOrigin: LMS,
      },
    });
  });

  it('never shows the key in plain text: a masked field, and only its issuer and form', async () => {
    const secret = new URL(KEY_URI).searchParams.get('secret') ?? '';
    expect(secret.length).toBeGreaterThan(16);
    renderWizard();
    await choicesShown();
    walkToSummary();
    expect(document.body.textContent).not.toContain(secret);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    const field = document.getElementById('key-uri') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(field.value).toBe(KEY_URI);
    expect(screen.getByTestId('key-recognised').textContent).toBe(
      'Key received: 데모 원격훈련원 · 6-digit codes · valid 60 s',
    );
    expect(document.body.textContent).not.toContain(secret);
  });

  it('sends the trainee back to the earliest step the background found wrong', async () => {
    reply = () => ({
      ok: false,
      error: { code: 'registrationInvalid', fields: [{ field: 'phone', reason: 'invalid' }] },
    });
    renderWizard();
    await choicesShown();
    walkToSummary();
    next();
    await waitFor(() => expect(screen.getByTestId('wizard-step-identity')).toBeTruthy());
    expect(document.getElementById('phone-error')).not.toBeNull();
  });

  it('fills the key and the LMS from an enrolment page it finds, or says it found none', async () => {
    reply = (message) =>
      message.type === 'enrollment/find'
        ? { ok: true, value: { keyUri: KEY_URI, origin: LMS } }
        : { ok: true, value: null };
    renderWizard();
    await choicesShown();
    fireEvent.click(screen.getByTestId('consent'));
    next();
    type('name', '홍길동');
    type('phone', '01012345678');
    next();
    type('pin', '4827');
    type('pin-confirmation', '4827');
    next();
    fireEvent.click(screen.getByTestId('find-key'));
    await waitFor(() => expect(screen.getByTestId('key-notice').textContent).toContain(LMS));
    expect((document.getElementById('key-uri') as HTMLTextAreaElement).value).toBe(KEY_URI);
    expect((document.getElementById('lms-origin') as HTMLInputElement).value).toBe(LMS);
  });

  it("offers the active profiles' LMS addresses, the policy one first and chosen", async () => {
    renderWizard();
    await choicesShown();
    fireEvent.click(screen.getByTestId('consent'));
    next();
    const offered = screen.getAllByTestId('lms-choice').map((radio) => (radio as HTMLInputElement).value);
    expect(offered[0]).toBe(POLICY_ORIGIN);
    expect(offered).toContain(HRD_LMS);
    expect((screen.getAllByTestId('lms-choice')[0] as HTMLInputElement).checked).toBe(true);
  });

  it('keeps an address being typed that passes through an offered one, and ticks no choice for it', async () => {
    renderWizard();
    await choicesShown();
    fireEvent.click(screen.getByTestId('consent'));
    next();
    const box = document.getElementById('lms-origin-typed') as HTMLInputElement;
    // Key by key: the offered address is a prefix of the one meant (the same host on another port).
    for (const typed of [HRD_LMS, `${HRD_LMS}:`, `${HRD_LMS}:8443`]) {
      fireEvent.change(box, { target: { value: typed } });
      expect(box.value).toBe(typed);
      const ticked = screen
        .getAllByTestId('lms-choice')
        .filter((radio) => (radio as HTMLInputElement).checked);
      expect(ticked).toEqual([]);
    }
    // A choice ticked afterwards empties the box.
    fireEvent.click(screen.getAllByTestId('lms-choice')[0] as HTMLInputElement);
    expect(box.value).toBe('');
  });

  it('refuses a typed LMS no active profile names, on the identity step, in words', async () => {
    renderWizard();
    await choicesShown();
    fireEvent.click(screen.getByTestId('consent'));
    next();
    type('lms-origin-typed', 'https://elsewhere.example');
    type('name', '홍길동');
    type('phone', '01012345678');
    next();
    expect(screen.getByTestId('wizard-step-identity')).toBeTruthy();
    expect(document.getElementById('lmsOrigin-error')?.textContent).toContain(
      'not a configured institute LMS',
    );
  });

  it('an HRD mOTP LMS asks no PIN and no key: consent, an optional name and number, summary', async () => {
    const status = { registration: { mode: 'hrdMotp' } };
    reply = () => ({ ok: true, value: status });
    const onRegistered = renderWizard();
    await choicesShown();
    fireEvent.click(screen.getByTestId('consent'));
    next();
    const hrd = screen
      .getAllByTestId('lms-choice')
      .find((radio) => (radio as HTMLInputElement).value === HRD_LMS);
    if (!hrd) throw new Error('the HRD LMS is not offered');
    fireEvent.click(hrd);
    expect(screen.getByTestId('motp-identity-hint')).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toHaveLength(3);
    next();
    const summary = screen.getByTestId('wizard-summary').textContent ?? '';
    expect(summary).toContain('(not given)');
    expect(summary).toContain('No key');
    next();
    await waitFor(() => expect(onRegistered).toHaveBeenCalledWith(status));
    expect(sent).toContainEqual({
      type: 'registration/save',
      registration: {
        consentVersion: CONSENT_VERSION,
        name: '',
        phone: '',
        pin: '',
        pinConfirmation: '',
        keyUri: '',
        lmsOrigin: HRD_LMS,
      },
    });
    expect(document.getElementById('pin')).toBeNull();
  });
});
