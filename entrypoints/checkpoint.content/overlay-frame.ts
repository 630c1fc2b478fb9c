import { browser } from 'wxt/browser';
import { EXPOSURE_PROPERTIES, type ExposureFacts } from '@/lib/checkpoints/exposure';

export interface OverlayHandle {
  remove(): void;
  /** What the page's engine shows of the overlay at these points of its viewport (judged in the background). */
  exposure(points: readonly (readonly [number, number])[]): ExposureFacts;
}

/**
 * Shows the overlay page (an extension page) in an iframe inside a closed shadow root, so the
 * page's styles cannot reach the frame's box and everything typed stays in the extension's origin.
 * Nothing secret goes into the frame's URL: the overlay asks the background for what it needs.
 * The host resets every property with `!important`: for important declarations a shadow root's
 * `:host` rule wins over the page's, its inline styles and animations included, so page CSS on
 * the host cannot make it transparent, shrink or hide it. What the root element above it does is
 * reported by `exposure` and judged before every fill (lib/checkpoints/exposure.ts).
 */
function isTypingInPage(): boolean {
  const active = document.activeElement;
  return (
    active instanceof HTMLElement &&
    (active.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName))
  );
}

export function mountOverlay(src: string): OverlayHandle {
  const host = document.createElement('checkpoint-companion-overlay');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = `:host{all:initial!important}
iframe{position:fixed;top:16px;right:16px;z-index:2147483647;width:min(440px,calc(100vw - 32px));height:min(680px,calc(100vh - 32px));border:0;border-radius:14px;box-shadow:0 12px 40px rgba(15,23,42,.28);background:#fff;color-scheme:normal}`;
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = browser.i18n.getMessage('overlayFrameTitle') || 'Checkpoint Companion';
  frame.setAttribute('allow', 'clipboard-write');
  // Keyboard and screen-reader users land in the overlay rather than hunting for it — unless the
  // trainee is typing in one of the page's fields, whose keys must not end up in the overlay.
  frame.addEventListener('load', () => isTypingInPage() || frame.focus(), { once: true });
  shadow.append(style, frame);
  document.documentElement.append(host);
  const computed = (element: Element) => {
    const values = getComputedStyle(element);
    return Object.fromEntries(EXPOSURE_PROPERTIES.map((name) => [name, values.getPropertyValue(name)]));
  };
  return {
    remove: () => host.remove(),
    exposure: (points) => {
      const box = frame.getBoundingClientRect();
      const root = document.documentElement;
      return {
        placed: host.parentNode === root,
        host: computed(host),
        root: computed(root),
        // The page's hit test: a closed shadow root reports its iframe as the host.
        hits: (points.length ? points : [[box.width / 2, box.height / 2] as const]).map(
          ([x, y]) => document.elementFromPoint(box.left + x, box.top + y) === host,
        ),
      };
    },
  };
}
