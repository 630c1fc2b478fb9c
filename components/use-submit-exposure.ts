import { useCallback, useEffect, useRef, useState } from 'react';

type VisibilityEntry = IntersectionObserverEntry & { readonly isVisible?: boolean };

/**
 * Chromium's IntersectionObserver v2: with `trackVisibility` the browser itself says whether an
 * element is painted unoccluded and undistorted, across frames — including by a page element
 * that lets clicks through (`pointer-events: none`), which no hit test sees. It counts any
 * opacity below 1, any filter (a grey mourning filter too) and any transform other than moving
 * as not visible. Firefox has no v2: there the background's check of the page is all there is.
 */
const SUPPORTS_TRACK_VISIBILITY =
  typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;

/** IntersectionObserver v2 requires a delay of at least 100 ms between reports. */
const VISIBILITY_OPTIONS = { trackVisibility: true, delay: 100 } as IntersectionObserverInit;
/** How long a submit waits for a fresh report before it takes the last one. */
const FRESH_REPORT_TIMEOUT_MS = 500;

/**
 * Watches the overlay's submit button (give `watch` as its `ref`): `covered` is true while the
 * browser reports it hidden or covered, false while it reports it shown as it is, null where the
 * browser cannot tell (Firefox, or before its first report). `points` gives the centre of the
 * button's part in view and four points towards its corners, in this page's viewport, for the
 * page's own hit test (none when the button is scrolled out of view).
 */
export function useSubmitExposure() {
  const [covered, setCovered] = useState<boolean | null>(null);
  const coveredRef = useRef<boolean | null>(null);
  const target = useRef<HTMLElement | null>(null);
  const observer = useRef<IntersectionObserver | null>(null);

  const report = useCallback((value: boolean | null) => {
    coveredRef.current = value;
    setCovered(value);
  }, []);

  const watch = useCallback(
    (element: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      target.current = element;
      report(null);
      if (!element || !SUPPORTS_TRACK_VISIBILITY) return;
      observer.current = new IntersectionObserver((entries) => {
        const latest = entries.at(-1) as VisibilityEntry | undefined;
        if (latest) report(latest.isVisible !== true);
      }, VISIBILITY_OPTIONS);
      observer.current.observe(element);
    },
    [report],
  );

  useEffect(() => () => observer.current?.disconnect(), []);

  const points = useCallback((): [number, number][] => hitTestPoints(target.current), []);

  /**
   * The browser's word on the button now, at submit time. Not the long-lived observer's last
   * report: that one is computed at most every 100 ms, and the button was greyed out (disabled,
   * so not "visible") while the previous try was in flight — read right after it comes back, it
   * would still say so and refuse a submit on a plain page. A new observer's first report is
   * computed at the next frame. In a background tab Chromium reports nothing (and everything as
   * not visible); no trainee clicks or types there, and the page cannot click into this frame,
   * so there it is left to the background's check of the page.
   */
  const coveredNow = useCallback(async (): Promise<boolean> => {
    const element = target.current;
    if (!element || !SUPPORTS_TRACK_VISIBILITY || document.visibilityState === 'hidden') return false;
    const fresh = await freshVisibilityReport(element);
    if (fresh === null) return coveredRef.current === true;
    report(fresh);
    return fresh;
  }, [report]);

  return { watch, covered, coveredNow, points };
}

/**
 * The centre of the element's part inside this page's viewport and four points towards its
 * corners; none when it is scrolled out of view.
 */
function hitTestPoints(element: HTMLElement | null): [number, number][] {
  if (!element) return [];
  const box = element.getBoundingClientRect();
  // Only the part of the button inside this page's viewport: the rest is scrolled out of the
  // overlay's own frame (a short window), and the page's hit test there would find the page.
  const left = Math.max(box.left, 0);
  const right = Math.min(box.right, innerWidth);
  const top = Math.max(box.top, 0);
  const bottom = Math.min(box.bottom, innerHeight);
  if (right <= left || bottom <= top) return [];
  const [x, y, dx, dy] = [
    (left + right) / 2,
    (top + bottom) / 2,
    (right - left) * 0.35,
    (bottom - top) * 0.35,
  ];
  return [
    [x, y],
    [x - dx, y - dy],
    [x + dx, y - dy],
    [x - dx, y + dy],
    [x + dx, y + dy],
  ];
}

/**
 * One report from a new, one-shot observer (computed at the next frame): true when the element
 * is hidden or covered, false when it is shown as it is, null when no report came in time.
 */
function freshVisibilityReport(element: HTMLElement): Promise<boolean | null> {
  return new Promise<boolean | null>((resolve) => {
    const probe = new IntersectionObserver((entries) => {
      const latest = entries.at(-1) as VisibilityEntry | undefined;
      if (!latest) return;
      settle(latest.isVisible !== true);
    }, VISIBILITY_OPTIONS);
    // A tab hidden or throttled mid-way gets no frame: then the last report stands.
    const timer = setTimeout(() => settle(null), FRESH_REPORT_TIMEOUT_MS);
    function settle(value: boolean | null) {
      clearTimeout(timer);
      probe.disconnect();
      resolve(value);
    }
    probe.observe(element);
  });
}
