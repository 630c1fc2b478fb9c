// @vitest-environment happy-dom
/**
 * The key step's ways to the key besides pasting its address: the open issue page's QR picture,
 * a screenshot pasted into the key box, and, as the last resort, the secret typed by hand. The
 * picture decoder is replaced here (it needs a real canvas; its reading is tested on generated
 * QR pictures in qr-key.test.ts): what is asserted is where each picture goes and what is filled.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { I18nProvider } from '@/components/i18n';
import { RegistrationWizard } from '@/entrypoints/options/registration-wizard';
import { browser } from '@/lib/browser';
import { parseKeyUri } from '@/lib/otp/key-uri';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { registrationChoices } from '@/lib/registration/choices';

const decoded: (Blob | string)[] = [];
let decodes: { ok: true; value: string } | { ok: false; error: 'noQr' | 'notKeyUri' };
vi.mock('@/entrypoints/options/qr-picture', () => ({
  readQrPicture: async (picture: Blob | string) => {
    decoded.push(picture);
    return decodes;
  },
}));

const LMS = 'http://127.0.0.1:8610';
const KEY_URI = 'otpauth://totp/demo:%ED%99%8D?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=60';
const PAGE_PICTURE = 'data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C%2Fsvg%3E';

describe('the key step: a QR picture or the secret typed', () => {
  let findReply: unknown;
  beforeEach(() => {
    fakeBrowser.reset();
    decoded.length = 0;
    decodes = { ok: true, value: KEY_URI };
    findReply = { qrPicture: PAGE_PICTURE, origin: LMS };
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      const request = message as { type: string };
      if (request.type === 'registration/choices')
        return { ok: true, value: registrationChoices(BUNDLED_PROFILES) };
      if (request.type === 'enrollment/find') return { ok: true, value: findReply };
      return { ok: true, value: { registration: null } };
    });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  const type = (id: string, value: string) => {
    const field = document.getElementById(id) as HTMLInputElement;
    fireEvent.change(field, { target: { value } });
    fireEvent.blur(field);
  };
  const keyField = () => (document.getElementById('key-uri') as HTMLTextAreaElement).value;
  const atKeyStep = async () => {
    render(
      <I18nProvider initial="ko">
        <RegistrationWizard canCancel={false} onCancel={() => undefined} onRegistered={() => undefined} />
      </I18nProvider>,
    );
    await act(async () => undefined);
    const next = () => fireEvent.click(screen.getByTestId('wizard-next'));
    fireEvent.click(screen.getByTestId('consent'));
    next();
    type('lms-origin-typed', LMS);
    type('name', '홍길동');
    type('phone', '01012345678');
    next();
    type('pin', '4827');
    type('pin-confirmation', '4827');
    next();
    expect(screen.getByTestId('wizard-step-key')).toBeTruthy();
  };

  it("reads the open issue page's QR picture here and fills the key and the page's origin", async () => {
    await atKeyStep();
    fireEvent.click(screen.getByTestId('find-key'));
    await waitFor(() => expect(keyField()).toBe(KEY_URI));
    expect(decoded).toEqual([PAGE_PICTURE]);
    expect(screen.getByTestId('key-notice').textContent).toContain('QR 코드에서 인증키를 읽었습니다');
    // A picture without a code says so and fills nothing.
    cleanup();
    decodes = { ok: false, error: 'noQr' };
    await atKeyStep();
    fireEvent.click(screen.getByTestId('find-key'));
    await waitFor(() =>
      expect(screen.getByTestId('key-notice').textContent).toContain('QR 코드를 읽지 못했습니다'),
    );
    expect(keyField()).toBe('');
  });

  it('reads a screenshot pasted into the key box; pasted text stays text', async () => {
    await atKeyStep();
    const screenshot = new File([new Uint8Array([137, 80, 78, 71])], 'capture.png', { type: 'image/png' });
    fireEvent.paste(document.getElementById('key-uri') as HTMLElement, {
      clipboardData: { files: [screenshot], getData: () => '' },
    });
    await waitFor(() => expect(keyField()).toBe(KEY_URI));
    expect(decoded).toEqual([screenshot]);
    expect(screen.getByTestId('key-notice').textContent).toContain('이미지의 QR 코드에서');
    fireEvent.paste(document.getElementById('key-uri') as HTMLElement, {
      clipboardData: { files: [], getData: () => KEY_URI },
    });
    expect(decoded).toHaveLength(1);
  });

  it('as the last resort, makes the key from the secret typed by hand, or says why not', async () => {
    await atKeyStep();
    type('key-secret', 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    fireEvent.click(screen.getByTestId('key-secret-apply'));
    const made = parseKeyUri(keyField());
    expect(made.ok && made.value).toMatchObject({
      digits: 6,
      period: 60,
      accountName: '홍길동',
      issuer: '127.0.0.1',
    });
    expect(screen.getByTestId('key-secret-outcome').textContent).toContain('채웠습니다');
    type('key-secret', 'not base32!');
    fireEvent.click(screen.getByTestId('key-secret-apply'));
    // What to do next, in the trainee's words: no format name.
    const refusal = screen.getByTestId('key-secret-outcome').textContent ?? '';
    expect(refusal).toContain('잘못된 글자');
    expect(refusal).toContain('다시 가져오세요');
    expect(refusal).not.toMatch(/Base32|secret|비트/);
  });
});
