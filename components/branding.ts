import type { Branding } from '@/lib/profiles/types';

/**
 * Applies the institute's colour to the page (buttons, links, accents). The value was validated
 * as `#rrggbb` by the profile schema before it got here.
 */
export function applyBranding(branding: Branding | null): void {
  if (branding) document.documentElement.style.setProperty('--brand', branding.primaryColor);
  else document.documentElement.style.removeProperty('--brand');
}
