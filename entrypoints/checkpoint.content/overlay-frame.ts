import { browser } from 'wxt/browser';

export interface OverlayHandle {
  remove(): void;
}

/**
 * Shows the overlay page (an extension page) in an iframe inside a closed shadow root, so the
 * page's styles cannot reach the frame's box and everything typed stays in the extension's origin.
 * Nothing secret goes into the frame's URL: the overlay asks the background for what it needs.
 */
export function mountOverlay(src: string): OverlayHandle {
  const host = document.createElement('checkpoint-companion-overlay');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = `:host{all:initial}
iframe{position:fixed;top:16px;right:16px;z-index:2147483647;width:min(440px,calc(100vw - 32px));height:min(680px,calc(100vh - 32px));border:0;border-radius:14px;box-shadow:0 12px 40px rgba(15,23,42,.28);background:#fff;color-scheme:normal}`;
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = browser.i18n.getMessage('overlayFrameTitle') || 'Checkpoint Companion';
  frame.setAttribute('allow', 'clipboard-write');
  // Keyboard and screen-reader users land in the overlay rather than hunting for it.
  frame.addEventListener('load', () => frame.focus(), { once: true });
  shadow.append(style, frame);
  document.documentElement.append(host);
  return { remove: () => host.remove() };
}
