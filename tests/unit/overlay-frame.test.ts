// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { mountOverlay } from '@/entrypoints/checkpoint.content/overlay-frame';

/** The overlay's frame, reached through its shadow root (closed to the page, caught as made). */
function mountedFrame(): { frame: HTMLIFrameElement; host: Element } {
  let root: ShadowRoot | null = null;
  const attachShadow = Element.prototype.attachShadow;
  const spy = vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init) {
    root = attachShadow.call(this, init);
    return root;
  });
  mountOverlay('about:blank');
  spy.mockRestore();
  const frame = (root as ShadowRoot | null)?.querySelector('iframe');
  const host = document.querySelector('checkpoint-companion-overlay');
  if (!(frame instanceof HTMLIFrameElement) || !host) throw new Error('no overlay frame');
  return { frame, host };
}

describe('the overlay frame takes the focus once loaded', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('Checkpoint Companion');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
    document.querySelector('checkpoint-companion-overlay')?.remove();
  });

  it('when nothing on the page has it: keyboard users land in the overlay', () => {
    const { frame, host } = mountedFrame();
    frame.dispatchEvent(new Event('load'));
    // Focus inside a shadow tree shows on the page as its host.
    expect(document.activeElement).toBe(host);
  });

  it("not while the trainee types in one of the page's fields", () => {
    document.body.innerHTML = '<input id="sms">';
    const field = document.getElementById('sms') as HTMLInputElement;
    field.focus();
    const { frame } = mountedFrame();
    frame.dispatchEvent(new Event('load'));
    expect(document.activeElement).toBe(field);
  });
});
