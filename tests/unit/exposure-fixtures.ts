/** How both browsers compute the overlay's host and the page's root when the page leaves them alone. */
import type { ComputedValues, ExposureFacts } from '@/lib/checkpoints/exposure';

/** The host as both browsers compute it after `all: initial` (Chromium 156, Firefox ESR 153). */
export const UNTOUCHED_HOST: ComputedValues = {
  display: 'inline',
  visibility: 'visible',
  opacity: '1',
  filter: 'none',
  'clip-path': 'none',
  'mask-image': 'none',
  transform: 'none',
  scale: 'none',
  rotate: 'none',
  zoom: '1',
  'offset-path': 'none',
};

export const UNTOUCHED_ROOT: ComputedValues = { ...UNTOUCHED_HOST, display: 'block' };

/** The overlay shown as it is, with every hit-tested point on it. */
export function shownOverlay(points: number): ExposureFacts {
  return {
    placed: true,
    host: UNTOUCHED_HOST,
    root: UNTOUCHED_ROOT,
    hits: Array.from({ length: points }, () => true),
  };
}
