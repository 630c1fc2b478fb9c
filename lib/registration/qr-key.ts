/**
 * The key URI read from a picture of the LMS's QR code: the issue page's own image, or a
 * screenshot the trainee pasted or chose. Decoded by jsQR (pure JavaScript, no WASM, nothing
 * loaded at run time) in the extension's own page, never in the LMS page. Pure: the pixels come
 * in, the text goes out; `parseKeyUri` then checks the key as it checks a pasted one.
 */
import jsQR from 'jsqr';
import { err, ok, type Result } from '../otp/types';

/** RGBA pixels, four bytes a pixel, row by row (what a canvas's `getImageData` gives). */
export interface QrPixels {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** `noQr`: no QR code could be read in the picture; `notKeyUri`: one was, but it holds no key URI. */
export type QrKeyError = 'noQr' | 'notKeyUri';

/** Larger pictures are scaled down to this many pixels on their longer side before decoding. */
export const QR_MAX_SIDE = 2000;

/** The `otpauth://` URI a QR code in the picture holds. */
export function readQrKeyUri(pixels: QrPixels): Result<string, QrKeyError> {
  if (pixels.width <= 0 || pixels.height <= 0 || pixels.data.length !== pixels.width * pixels.height * 4)
    return err('noQr');
  // Both ways round: a dark-mode screenshot shows the code light on dark.
  const found = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  if (!found) return err('noQr');
  const text = found.data.trim();
  return /^otpauth:\/\//i.test(text) ? ok(text) : err('notKeyUri');
}

/** The size to draw a picture at: at most `QR_MAX_SIDE` on its longer side, its shape kept. */
export function decodingSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, QR_MAX_SIDE / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
