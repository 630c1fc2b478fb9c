import { browser } from 'wxt/browser';
import type { ExposureFacts } from '@/lib/checkpoints/exposure';
import { type Box, DEFAULT_CHOICE, type OverlayChoice, placeOverlay } from '@/lib/overlay/placement';
import { mountOverlay, type OverlayHandle } from './overlay-frame';

export type OverlayMode = 'checkpoint' | 'notice';

/** The overlay a top frame hosts: at most one, of one mode. */
export interface OverlayHost {
  readonly mode: OverlayMode | null;
  /** Shows the overlay as the trainee last had it on this site (or as they now ask). */
  show(mode: OverlayMode, choice: OverlayChoice): void;
  /** Follows the page's checkpoint parts as they move (a layout change the content script saw). */
  place(): void;
  hide(): void;
  /** What the page shows of a checkpoint overlay; null when this frame hosts none. */
  exposure(points: readonly (readonly [number, number])[]): ExposureFacts | null;
}

/** Makes the frame's overlay host; the boxes to keep clear come from the content script's checkpoint. */
export type OverlayHostFactory = (keepClear: () => readonly Box[]) => OverlayHost;

/**
 * Where the content script finds the factory: a symbol in the content scripts' own world (the
 * page's scripts live in another and cannot see it), set when the background runs the host.
 */
export const OVERLAY_HOST = Symbol.for('checkpoint-companion/overlay-host');

export type OverlayHostScope = { [OVERLAY_HOST]?: OverlayHostFactory };

/** The viewport the overlay is fixed in: without the scrollbars (an old page's quirks mode has no such width). */
function viewport(): { width: number; height: number } {
  const root = document.documentElement;
  const standards = document.compatMode === 'CSS1Compat';
  return {
    width: (standards && root.clientWidth) || innerWidth,
    height: (standards && root.clientHeight) || innerHeight,
  };
}

export const createOverlayHost: OverlayHostFactory = (keepClear) => {
  let overlay: { handle: OverlayHandle; mode: OverlayMode; stop: AbortController } | null = null;
  let choice = DEFAULT_CHOICE;
  const place = () => overlay?.handle.place(placeOverlay(viewport(), keepClear(), choice));
  const follow = followLayoutChanges(place);
  return {
    get mode() {
      return overlay?.mode ?? null;
    },
    show(mode, next) {
      choice = next;
      if (overlay?.mode !== mode) {
        overlay?.handle.remove();
        overlay?.stop.abort();
        const url = browser.runtime.getURL(mode === 'notice' ? '/overlay.html?notice=1' : '/overlay.html');
        const stop = new AbortController();
        overlay = { handle: mountOverlay(url), mode, stop };
        follow(stop.signal);
      }
      place();
    },
    place,
    hide() {
      overlay?.handle.remove();
      overlay?.stop.abort();
      overlay = null;
    },
    exposure: (points) => (overlay?.mode === 'checkpoint' ? overlay.handle.exposure(points) : null),
  };
};

/**
 * Resizes and scrolls (of the page or of any box in it) move the page's checkpoint parts: the
 * overlay follows once a frame while it is shown.
 */
function followLayoutChanges(place: () => void): (signal: AbortSignal) => void {
  let queued = false;
  const follow = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      place();
    });
  };
  return (signal) => {
    addEventListener('resize', follow, { passive: true, signal });
    document.addEventListener('scroll', follow, { capture: true, passive: true, signal });
  };
}
