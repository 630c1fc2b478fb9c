/**
 * The trainee's overlay choice, remembered per site (exact origin). Pure: the stored value comes
 * in as read (anything: an older or corrupt value is read as no choice) and the next value goes out.
 */
import { DEFAULT_CHOICE, type OverlayChoice } from './placement';

/** Sites remembered at most: the oldest choice goes first. */
export const MAX_REMEMBERED_SITES = 50;

type Remembered = readonly (readonly [origin: string, choice: OverlayChoice])[];

function remembered(stored: unknown): Remembered {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry): Remembered => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') return [];
    const [origin, choice] = entry as [string, unknown];
    if (typeof choice !== 'object' || choice === null) return [];
    const { layout, side } = choice as Record<string, unknown>;
    return (layout === 'panel' || layout === 'bar') && (side === 'left' || side === 'right')
      ? [[origin, { layout, side }]]
      : [];
  });
}

/** The site's remembered choice, or the panel on the right. */
export function choiceFor(stored: unknown, origin: string): OverlayChoice {
  return remembered(stored).find(([site]) => site === origin)?.[1] ?? DEFAULT_CHOICE;
}

/**
 * The stored value with this site's choice, newest last. A handle is not a choice for the site:
 * it is this checkpoint's "not now", and the next checkpoint opens as the trainee last had it.
 */
export function rememberChoice(stored: unknown, origin: string, choice: OverlayChoice): Remembered {
  const others = remembered(stored).filter(([site]) => site !== origin);
  if (choice.layout === 'handle') {
    const kept = choiceFor(stored, origin);
    const entry = [origin, { layout: kept.layout, side: choice.side }] as const;
    return [...others, entry].slice(-MAX_REMEMBERED_SITES);
  }
  // Expanded past the page's form, once: the site keeps the panel where it fits.
  const layout = choice.layout === 'expanded' ? 'panel' : choice.layout;
  return [...others, [origin, { layout, side: choice.side }] as const].slice(-MAX_REMEMBERED_SITES);
}
