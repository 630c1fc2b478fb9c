// @vitest-environment happy-dom
/**
 * The issue page's QR picture, for LMSes that show the key only that way: found on the profile's
 * issue page only (by the profile's selector, or named as a QR code), and handed over as the
 * picture itself — an inline SVG serialised at its shown size, an image's own data URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollmentQr } from '@/lib/checkpoints/enrollment-qr';
import { qrPictureOf } from '@/lib/checkpoints/qr-picture';
import { DEMO_LMS_PROFILE } from '@/lib/profiles/bundled';
import type { InstituteProfile } from '@/lib/profiles/types';

const ENROLL = new URL('http://127.0.0.1/otp/enroll?view=qr');
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><rect fill="white" width="29" height="29"/><path d="M4,4h7v7h-7z"/></svg>';

afterEach(() => {
  document.body.innerHTML = '';
});

const show = (body: string) => {
  document.body.innerHTML = body;
  return document;
};

describe("the issue page's QR picture", () => {
  it('is the picture named as a QR code, on the issue page only', () => {
    const doc = show(
      `<img src="/logo.png" alt="로고"><figure class="qr"><div class="qr-image" role="img">${SVG}</div></figure>`,
    );
    expect(findEnrollmentQr(DEMO_LMS_PROFILE, ENROLL, doc)?.tagName.toLowerCase()).toBe('svg');
    expect(findEnrollmentQr(DEMO_LMS_PROFILE, new URL('http://127.0.0.1/courses'), doc)).toBeNull();
    const img = show('<img src="data:image/png;base64,AAAA" alt="웹 OTP 인증키 QR 코드">');
    expect(findEnrollmentQr(DEMO_LMS_PROFILE, ENROLL, img)?.tagName).toBe('IMG');
    // Pictures not named as a QR code, or hidden, are not the key.
    expect(findEnrollmentQr(DEMO_LMS_PROFILE, ENROLL, show('<img src="/banner.png" alt="배너">'))).toBeNull();
    expect(
      findEnrollmentQr(DEMO_LMS_PROFILE, ENROLL, show(`<div hidden class="qr">${SVG}</div>`)),
    ).toBeNull();
  });

  it("is the profile's keyQrSelector's picture when it names one, or the picture inside it", () => {
    const enrollment = DEMO_LMS_PROFILE.enrollment;
    if (!enrollment) throw new Error('the demo profile has an issue page');
    const profile: InstituteProfile = {
      ...DEMO_LMS_PROFILE,
      enrollment: { ...enrollment, keyQrSelector: '#key-picture' },
    };
    const doc = show(
      `<div class="qr">${SVG}</div><div id="key-picture"><canvas width="10" height="10"></canvas></div>`,
    );
    expect(findEnrollmentQr(profile, ENROLL, doc)?.tagName).toBe('CANVAS');
    expect(findEnrollmentQr(profile, ENROLL, show(`<div class="qr">${SVG}</div>`))).toBeNull();
  });

  it('is handed over as the picture itself: an SVG serialised, an image its data URL', () => {
    const svg = show(`<div class="qr">${SVG}</div>`).querySelector('svg') as Element;
    const picture = qrPictureOf(svg) ?? '';
    expect(picture.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const text = decodeURIComponent(picture.slice(picture.indexOf(',') + 1));
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text).toContain('M4,4h7v7h-7z');
    expect(qrPictureOf(show('<p class="qr">QR</p>').querySelector('p') as Element)).toBeNull();
  });
});
