/**
 * Is the overlay shown to the trainee as it is, where they submit? A page can cover the overlay
 * with its own element or make it transparent, blurred, shrunk or clipped, and have the trainee
 * submit a code without seeing what they click. The content script reports
 * what the page's own engine says about the overlay's host element — its computed style and that
 * of the root element it hangs from, and what the page's hit testing finds at the submit button —
 * and `judgeExposure` decides. Pure: the facts come in, a verdict goes out.
 *
 * What these facts cannot tell (said here, and in the overlay's refusal, truthfully):
 * - An element with `pointer-events: none` painted over the overlay is skipped by hit testing
 *   (`elementFromPoint`), so it is invisible here. Only Chromium's IntersectionObserver v2
 *   (`trackVisibility`, used by the overlay itself) sees it; Firefox has no way to tell.
 * - Only the points asked are hit-tested: a cover that leaves all of them free (a ring around the
 *   button's centre and corners) goes unseen outside Chromium.
 * - When the overlay sits in a sub-frame (the top page is not a configured LMS origin), only that
 *   frame's document is seen: the top page covering the sub-frame goes unseen outside Chromium.
 * - A page can still move its own content about the overlay (a fake label beside it); nothing
 *   here judges what the page shows around the overlay, only the overlay itself.
 */

/** The computed properties read on the host and on the root element, as CSS names. */
export const EXPOSURE_PROPERTIES = [
  'display',
  'visibility',
  'opacity',
  'filter',
  'clip-path',
  'mask-image',
  'transform',
  'scale',
  'rotate',
  'zoom',
  'offset-path',
] as const;
export type ExposureProperty = (typeof EXPOSURE_PROPERTIES)[number];

/** Computed values by property; a property the browser does not know reads as ''. */
export type ComputedValues = Readonly<Partial<Record<ExposureProperty, string>>>;

/** What the content script saw of the overlay it mounted, in the page's own engine. */
export interface ExposureFacts {
  /** The host is still a child of the root element, where the content script put it. */
  readonly placed: boolean;
  readonly host: ComputedValues;
  /** The root element: the host's only ancestor while it is placed. */
  readonly root: ComputedValues;
  /**
   * For each point hit-tested (the submit button's centre and corners): whether the page's
   * topmost element there is the host. The overlay's iframe is in a closed shadow root, so a hit
   * on it is reported as the host; a page element painted over it is reported as itself.
   */
  readonly hits: readonly boolean[];
}

export const EXPOSURE_VERDICTS = [
  'visible',
  'moved',
  'hidden',
  'transparent',
  'distorted',
  'covered',
] as const;
export type ExposureVerdict = (typeof EXPOSURE_VERDICTS)[number];

/**
 * Filters that change colours only: the overlay stays legible under them. Some Korean sites turn
 * grey (`html { filter: grayscale(1) }`) in national mourning; that is not hiding anything.
 * Every other filter — `opacity()`, `blur()`, `brightness()`, `contrast()`, `drop-shadow()`,
 * `invert()`, an SVG `url()` that can do anything — may hide the overlay.
 */
const COLOUR_ONLY_FILTER = /^(?:\s*(?:grayscale|sepia|saturate|hue-rotate)\([^()]*\))+\s*$/;

/**
 * The verdict on the overlay: `visible` when nothing the page's engine reports hides or distorts
 * it at the submit button; otherwise what does. Unknown or unparseable values count against.
 */
export function judgeExposure(facts: ExposureFacts): ExposureVerdict {
  if (!facts.placed) return 'moved';
  const chain = [facts.host, facts.root];
  if (chain.some((values) => values.display === 'none')) return 'hidden';
  // Visibility is inherited, not compounded: a child may be visible under a hidden parent. The
  // host's own value is the one that paints it (it resets all of its properties, see overlay-frame).
  if (facts.host.visibility !== 'visible') return 'hidden';
  const opacity = chain.reduce((product, values) => product * Number.parseFloat(values.opacity ?? ''), 1);
  // Anything short of fully opaque lets the page show through (as IntersectionObserver v2 counts it).
  if (!(opacity >= 1)) return 'transparent';
  if (!chain.every((values) => isColourOnlyFilter(values.filter))) return 'transparent';
  if (!chain.every(isUndistorted)) return 'distorted';
  if (facts.hits.length === 0 || facts.hits.some((hit) => !hit)) return 'covered';
  return 'visible';
}

function isColourOnlyFilter(filter: string | undefined): boolean {
  return filter === 'none' || COLOUR_ONLY_FILTER.test(filter ?? '');
}

/** No clipping, masking, shrinking, rotating or skewing; moving about (translation) is allowed. */
function isUndistorted(values: ComputedValues): boolean {
  return (
    values['clip-path'] === 'none' &&
    values['mask-image'] === 'none' &&
    isTranslationOnly(values.transform) &&
    (values.scale === 'none' || allOnes(values.scale)) &&
    (values.rotate === 'none' || Number.parseFloat(values.rotate ?? '') === 0) &&
    // Firefox before 126 has no `zoom`: '' there. Enlarging is no way to hide.
    (values.zoom === '' || Number.parseFloat(values.zoom ?? '') >= 1) &&
    (values['offset-path'] === 'none' || values['offset-path'] === '')
  );
}

/** `none`, or a 2D matrix that only moves: matrix(1, 0, 0, 1, x, y). */
function isTranslationOnly(transform: string | undefined): boolean {
  if (transform === 'none') return true;
  const matrix = /^matrix\(([^()]*)\)$/.exec(transform ?? '');
  if (!matrix?.[1]) return false;
  const [a, b, c, d, x, y] = matrix[1].split(',').map((part) => Number(part.trim()));
  return a === 1 && b === 0 && c === 0 && d === 1 && Number.isFinite(x) && Number.isFinite(y);
}

function allOnes(value: string | undefined): boolean {
  const parts = (value ?? '').trim().split(/\s+/);
  return parts.length > 0 && parts.every((part) => Number(part) === 1);
}
