/**
 * The key URI read back from pictures of its QR code, drawn here from the QR matrix the demo LMS
 * draws (uqr): the code alone, scaled and light on dark, and a screenshot-sized picture of a whole
 * page with the code in a corner, noise over everything and other shapes around it.
 */
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { parseKeyUri } from '@/lib/otp/key-uri';
import { decodingSize, type QrPixels, readQrKeyUri } from '@/lib/registration/qr-key';

const KEY_URI =
  'otpauth://totp/%ED%95%9C%EB%B9%9B%20%EC%A7%81%EC%97%85%ED%9B%88%EB%A0%A8%EC%9B%90:%ED%99%8D%EA%B8%B8%EB%8F%99?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=%ED%95%9C%EB%B9%9B&algorithm=SHA1&digits=6&period=60';

/** A grey picture to draw on (RGBA). */
function canvas(width: number, height: number, grey = 255): QrPixels & { data: Uint8ClampedArray } {
  return { data: new Uint8ClampedArray(width * height * 4).fill(grey), width, height };
}

function paint(picture: QrPixels, x: number, y: number, value: number): void {
  if (x < 0 || y < 0 || x >= picture.width || y >= picture.height) return;
  const at = (y * picture.width + x) * 4;
  picture.data[at] = value;
  picture.data[at + 1] = value;
  picture.data[at + 2] = value;
  picture.data[at + 3] = 255;
}

/** The QR code of `text` drawn at (left, top), `scale` pixels a module, with a 4-module margin. */
function drawQr(
  picture: QrPixels,
  text: string,
  options: { left?: number; top?: number; scale?: number; dark?: number; light?: number } = {},
): void {
  const { left = 0, top = 0, scale = 4, dark = 0, light = 255 } = options;
  const { data: modules } = encode(text, { ecc: 'M', border: 4 });
  modules.forEach((row, my) => {
    row.forEach((on, mx) => {
      for (let dy = 0; dy < scale; dy += 1)
        for (let dx = 0; dx < scale; dx += 1)
          paint(picture, left + mx * scale + dx, top + my * scale + dy, on ? dark : light);
    });
  });
}

/** A small deterministic generator, so the noisy picture is the same on every run. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the key URI, read from a picture of its QR code', () => {
  it('reads the code as the issue page draws it, to the same key URI', () => {
    const size = encode(KEY_URI, { ecc: 'M', border: 4 }).size * 4;
    const picture = canvas(size, size);
    drawQr(picture, KEY_URI);
    const read = readQrKeyUri(picture);
    expect(read).toEqual({ ok: true, value: KEY_URI });
    // And it is the key the wizard would have stored from the text.
    expect(read.ok && parseKeyUri(read.value)).toEqual(parseKeyUri(KEY_URI));
  });

  it('reads it light on dark (a dark-mode screenshot)', () => {
    const size = encode(KEY_URI, { ecc: 'M', border: 4 }).size * 3;
    const picture = canvas(size, size, 20);
    drawQr(picture, KEY_URI, { scale: 3, dark: 230, light: 20 });
    expect(readQrKeyUri(picture)).toEqual({ ok: true, value: KEY_URI });
  });

  it('reads it from a screenshot-sized page: the code in a corner, noise and other shapes around it', () => {
    const random = noise(7);
    const picture = canvas(1280, 800, 245);
    // Blocks of "text" and a banner, as a page has.
    for (let line = 0; line < 30; line += 1)
      for (let x = 60; x < 700; x += 1)
        for (let y = 0; y < 8; y += 1) if ((x >> 3) % 3) paint(picture, x, 80 + line * 20 + y, 90);
    for (let x = 0; x < 1280; x += 1) for (let y = 0; y < 48; y += 1) paint(picture, x, y, 60);
    drawQr(picture, KEY_URI, { left: 880, top: 300, scale: 5 });
    // Noise over the whole picture, as JPEG and scaling leave it.
    for (let at = 0; at < picture.data.length; at += 4) {
      const jitter = Math.round((random() - 0.5) * 60);
      for (let channel = 0; channel < 3; channel += 1)
        picture.data[at + channel] = Math.max(0, Math.min(255, (picture.data[at + channel] ?? 0) + jitter));
    }
    expect(readQrKeyUri(picture)).toEqual({ ok: true, value: KEY_URI });
  });

  it('says so when the picture has no QR code, or a code without a key URI', () => {
    const blank = canvas(400, 300);
    expect(readQrKeyUri(blank)).toEqual({ ok: false, error: 'noQr' });
    const size = encode('https://lms.example.kr/otp', { ecc: 'M', border: 4 }).size * 4;
    const other = canvas(size, size);
    drawQr(other, 'https://lms.example.kr/otp');
    expect(readQrKeyUri(other)).toEqual({ ok: false, error: 'notKeyUri' });
    // Pixels that do not match the size given are no picture.
    expect(readQrKeyUri({ data: new Uint8ClampedArray(10), width: 10, height: 10 })).toEqual({
      ok: false,
      error: 'noQr',
    });
  });

  it('scales large screenshots down to 2000 pixels on the longer side, keeping their shape', () => {
    expect(decodingSize(3840, 2160)).toEqual({ width: 2000, height: 1125 });
    expect(decodingSize(290, 290)).toEqual({ width: 290, height: 290 });
  });
});
