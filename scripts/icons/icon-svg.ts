/**
 * The extension's icon as SVG: a white shield with a check mark on a blue (#1f5fbf) rounded
 * square. Two drawings of the same mark: the toolbar sizes (16, 32) fill the whole square with a
 * bigger shield and a thicker check so they stay legible; the larger sizes keep a transparent
 * margin of 1/8 on each side (16 px at 128, the Chrome Web Store's 96-in-128 guideline).
 */

export const BRAND_BLUE = '#1f5fbf';
/** Sizes the stores and browsers ask for: toolbar 16/32, management page 48, AMO 96, install/store 128. */
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

interface Drawing {
  /** The blue square, in a 128-unit grid. */
  readonly inset: number;
  readonly radius: number;
  /** The shield's outline and the check's polyline, in the same grid. */
  readonly shield: string;
  readonly check: string;
  readonly checkWidth: number;
}

/** Small sizes: full bleed, the shield nearly fills the square, a heavy check. */
const SMALL: Drawing = {
  inset: 0,
  radius: 26,
  shield: 'M64 10 L110 26 V62 C110 92 90 109 64 120 C38 109 18 92 18 62 V26 Z',
  check: '40,64 58,82 90,46',
  checkWidth: 17,
};

/** Large sizes: 16-unit margin, a finer shield with room around it. */
const LARGE: Drawing = {
  inset: 16,
  radius: 20,
  shield: 'M64 30 L92 40 V63 C92 82 80 94 64 101 C48 94 36 82 36 63 V40 Z',
  check: '50,64 60,74 79,54',
  checkWidth: 8,
};

export function iconSvg(size: number): string {
  const d = size <= 32 ? SMALL : LARGE;
  const side = 128 - 2 * d.inset;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 128 128" role="img">`,
    '<title>Checkpoint Companion</title>',
    `<rect x="${d.inset}" y="${d.inset}" width="${side}" height="${side}" rx="${d.radius}" fill="${BRAND_BLUE}"/>`,
    `<path d="${d.shield}" fill="#ffffff"/>`,
    `<polyline points="${d.check}" fill="none" stroke="${BRAND_BLUE}" stroke-width="${d.checkWidth}"`,
    ' stroke-linecap="round" stroke-linejoin="round"/>',
    '</svg>',
  ].join('');
}
