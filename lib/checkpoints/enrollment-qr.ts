/**
 * The issue page's QR code, for LMSes that show the web-OTP key only as a picture: the element the
 * extension's own page reads the key from (the content script hands over the picture; decoding
 * happens in the options page, never in the LMS page). Pure: the document comes in.
 */
import { patternInput } from '../profiles/pattern-input';
import type { InstituteProfile } from '../profiles/types';
import type { PageLocation } from './detect';

/** What a picture can be drawn from. */
const DRAWABLE = 'img, canvas, svg';

/** A QR code says so in its own or its parent's names: `qr` in the id, class, alt, label or title. */
const QR_WORD = /qr/i;

/** The QR code's picture on the profile's issue page, or null (another page, or no such picture). */
export function findEnrollmentQr(
  profile: InstituteProfile,
  location: PageLocation,
  doc: Document,
): Element | null {
  const rule = profile.enrollment;
  if (!rule || !matches(rule.urlPattern, patternInput(location.pathname + location.search))) return null;
  const candidates = rule.keyQrSelector
    ? selectAll(doc, rule.keyQrSelector).map(drawableIn)
    : selectAll(doc, DRAWABLE).filter(namedAsQr);
  return candidates.find((element) => element !== null && !element.closest('[hidden]')) ?? null;
}

function drawableIn(element: Element): Element | null {
  return element.matches(DRAWABLE) ? element : element.querySelector(DRAWABLE);
}

function namedAsQr(element: Element): boolean {
  for (
    let scope: Element | null = element, depth = 0;
    scope && depth < 3;
    scope = scope.parentElement, depth += 1
  ) {
    const names = ['id', 'class', 'alt', 'aria-label', 'title'].map(
      (name) => scope?.getAttribute(name) ?? '',
    );
    if (QR_WORD.test(names.join(' '))) return true;
  }
  return false;
}

function selectAll(doc: Document, selector: string): Element[] {
  try {
    return [...doc.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

function matches(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}
