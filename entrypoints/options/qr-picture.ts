import type { Result } from '@/lib/otp/types';
import { decodingSize, type QrKeyError, readQrKeyUri } from '@/lib/registration/qr-key';

/** Pictures smaller than this (an issue page's SVG without a size) are drawn up to it. */
const MIN_SIDE = 600;

/**
 * The key URI in a picture of a QR code: a screenshot the trainee pasted or chose (a `Blob`), or
 * the issue page's own picture (a `data:` URL from the content script). Drawn on a white canvas
 * here, in the extension's page, and decoded by the pure reader; the LMS page decodes nothing.
 */
export async function readQrPicture(picture: Blob | string): Promise<Result<string, QrKeyError>> {
  let image: CanvasImageSource & { readonly width: number; readonly height: number };
  try {
    image = typeof picture === 'string' ? await loadImage(picture) : await createImageBitmap(picture);
  } catch {
    return { ok: false, error: 'noQr' };
  }
  const grow = Math.max(1, MIN_SIDE / Math.max(image.width, image.height, 1));
  const { width, height } = decodingSize(image.width * grow, image.height * grow);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return { ok: false, error: 'noQr' };
  // A transparent background reads as black: the code needs its light margin.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  // A small picture drawn larger keeps its modules' sharp edges; a large one is smoothed down.
  context.imageSmoothingEnabled = grow === 1;
  context.drawImage(image, 0, 0, width, height);
  return readQrKeyUri(context.getImageData(0, 0, width, height));
}

async function loadImage(source: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = source;
  await image.decode();
  return image;
}
