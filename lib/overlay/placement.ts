/**
 * Where the overlay sits in the LMS page's viewport: never over the page's own code input, its
 * submit control, HRD's frame (`#hrdOtpFrame`, which must never be covered) or a keypad. Pure:
 * the viewport, the page's boxes to keep clear and the trainee's choice come in.
 *
 * The overlay page learns which view to draw from the size of its own frame (`viewFor`), so the
 * content script that places the frame and the page that draws into it share these sizes and
 * need no message between them.
 */

/** What the trainee sees: the full panel, a compact bar docked at an edge, or a small reopen handle. */
export type OverlayLayout = 'panel' | 'bar' | 'handle';

/** Which side of the viewport the trainee prefers the overlay on ("위치 바꾸기"). */
export type OverlaySide = 'left' | 'right';

/**
 * The trainee's choice: the panel where it fits (else the bar), the panel even where it must
 * cover part of the page ("펼치기" on a bar that had no room), the bar, or the handle ("닫기").
 * Remembered per site by the background, all but the handle and an expansion.
 */
export interface OverlayChoice {
  readonly layout: OverlayLayout | 'expanded';
  readonly side: OverlaySide;
}

export const DEFAULT_CHOICE: OverlayChoice = { layout: 'panel', side: 'right' };

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface Placement extends Box {
  readonly layout: OverlayLayout;
}

const MARGIN = 16;
const PANEL_WIDTH = 440;
/** Narrower than this, the panel's code and buttons wrap badly: the bar is clearer. */
const PANEL_MIN_WIDTH = 320;
const PANEL_HEIGHT = 680;
/** The bar: one line with the kind, the attempts left and 펼치기. */
export const BAR_HEIGHT = 64;
const BAR_WIDTH = 420;
/** The handle: one button, "본인인증 도우미 열기". */
export const HANDLE_WIDTH = 200;
const HANDLE_HEIGHT = 48;

/** The page's boxes are kept clear by this much, so a focus ring or a tooltip is not covered. */
const CLEARANCE = 8;

function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

const grown = (box: Box): Box => ({
  left: box.left - CLEARANCE,
  top: box.top - CLEARANCE,
  width: box.width + 2 * CLEARANCE,
  height: box.height + 2 * CLEARANCE,
});

/** A box of this size in each corner, the preferred side first, top before bottom. */
function corners(viewport: Size, width: number, height: number, side: OverlaySide): Box[] {
  const right = viewport.width - MARGIN - width;
  const lefts = side === 'right' ? [right, MARGIN] : [MARGIN, right];
  const tops = [MARGIN, viewport.height - MARGIN - height];
  return lefts.flatMap((left) => tops.map((top) => ({ left, top, width, height })));
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The panel where it covers nothing (narrowed to the room beside the page's boxes, down to a
 * usable width); else the bar, docked where it covers nothing; else the bar where it covers
 * least. The trainee's side comes first; a bar or handle the trainee chose stays one.
 */
export function placeOverlay(viewport: Size, keepClear: readonly Box[], choice: OverlayChoice): Placement {
  // Only what shows counts: a box scrolled out of view leaves its side free.
  const screen: Box = { left: 0, top: 0, ...viewport };
  const clear = keepClear.map(grown).filter((box) => overlapArea(box, screen) > 0);
  const covered = (box: Box) => clear.reduce((sum, page) => sum + overlapArea(box, page), 0);
  const room = Math.max(0, viewport.width - 2 * MARGIN);
  const height = Math.max(0, Math.min(PANEL_HEIGHT, viewport.height - 2 * MARGIN));
  if (choice.layout === 'panel' || choice.layout === 'expanded') {
    const sides: OverlaySide[] = choice.side === 'right' ? ['right', 'left'] : ['left', 'right'];
    for (const side of sides) {
      const width = Math.min(PANEL_WIDTH, room, besideWidth(viewport, clear, side));
      if (width < PANEL_MIN_WIDTH) continue;
      const panel = corners(viewport, width, height, side)[0];
      if (panel && covered(panel) === 0) return { layout: 'panel', ...panel };
    }
  }
  if (choice.layout === 'expanded') {
    const spots = corners(viewport, Math.min(PANEL_WIDTH, room), height, choice.side);
    return { layout: 'panel', ...spots.reduce((a, b) => (covered(b) < covered(a) ? b : a)) };
  }
  const layout = choice.layout === 'handle' ? 'handle' : 'bar';
  const [width, small] = layout === 'handle' ? [HANDLE_WIDTH, HANDLE_HEIGHT] : [BAR_WIDTH, BAR_HEIGHT];
  const spots = corners(viewport, Math.min(width, room), small, choice.side);
  return { layout, ...spots.reduce((a, b) => (covered(b) < covered(a) ? b : a)) };
}

/** The room on one side of the viewport left of (or right of) every box to keep clear. */
function besideWidth(viewport: Size, clear: readonly Box[], side: OverlaySide): number {
  if (side === 'right') {
    const edge = Math.max(0, ...clear.map((box) => Math.min(viewport.width, box.left + box.width)));
    return viewport.width - MARGIN - edge;
  }
  const edge = Math.min(viewport.width, ...clear.map((box) => Math.max(0, box.left)));
  return edge - MARGIN;
}

/** The view the overlay page draws in a frame of this size (the sizes above). */
export function viewFor(frame: Size): OverlayLayout {
  if (frame.height > BAR_HEIGHT + 8) return 'panel';
  return frame.width <= HANDLE_WIDTH + 8 ? 'handle' : 'bar';
}
