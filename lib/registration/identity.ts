import { normalizeMobileNumber, normalizeTraineeName } from './validate';

export type IdentityComparison = 'match' | 'mismatch' | 'unknown';

/**
 * The manual requires the registered name and number to match the trainee the LMS shows. Numbers
 * are compared digit by digit (pages show 010-1234-5678 or 01012345678); a page that shows a
 * masked number (010-****-5678) is compared on the digits it does show. A side that is not known
 * (the page shows no number, the trainee registered none) is not compared.
 */
export function compareTrainee(
  registered: { readonly name: string | null; readonly phone: string | null },
  shown: { readonly name: string | null; readonly phone: string | null },
): IdentityComparison {
  // Only what both sides give is compared (an mOTP trainee may have registered neither).
  const names = registered.name !== null && shown.name !== null;
  const phones = registered.phone !== null && shown.phone !== null;
  if (!names && !phones) return 'unknown';
  if (names && normalizeTraineeName(shown.name ?? '') !== normalizeTraineeName(registered.name ?? '')) {
    return 'mismatch';
  }
  if (phones && !phoneMatches(registered.phone ?? '', shown.phone ?? '')) return 'mismatch';
  return 'match';
}

function phoneMatches(registeredDigits: string, shown: string): boolean {
  const normalized = normalizeMobileNumber(shown);
  if (normalized !== null) return normalized === registeredDigits;
  const pattern = shown.replace(/[\s\-‐.]/g, '');
  if (pattern.length !== registeredDigits.length || !/^[\d*•xX]+$/.test(pattern)) return false;
  return [...pattern].every((ch, i) => !/\d/.test(ch) || ch === registeredDigits[i]);
}
