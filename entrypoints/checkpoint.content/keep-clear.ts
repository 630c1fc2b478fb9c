import { findCodeBoxes } from '@/lib/checkpoints/code-boxes';
import { type CheckpointMatch, findCodeInput, findSubmitControl } from '@/lib/checkpoints/detect';
import type { Box } from '@/lib/overlay/placement';

/**
 * What the page draws for its own checkpoint, whatever its vendor: HRD's frame (which must never
 * be covered) and a keypad (HRD's `loadKeyPad`, or the LMS's own), found by their usual names.
 */
const PAGE_CHECKPOINT_PARTS = '#hrdOtpFrame,[id*=keypad i],[class*=keypad i]';

/**
 * The boxes of the page's checkpoint the overlay must leave uncovered, in this frame's viewport:
 * the code input (each of its digit boxes), the submit control and the parts above. For a
 * checkpoint in one of its frames (a lesson player, HRD's frame) this frame cannot see inside:
 * every frame on the page is kept clear.
 */
export function keepClearBoxes(match: CheckpointMatch | null, confirmedInput?: Element | null): Box[] {
  const parts: Element[] = [
    ...document.querySelectorAll(match ? PAGE_CHECKPOINT_PARTS : `${PAGE_CHECKPOINT_PARTS},iframe,frame`),
  ];
  const input = match && findCodeInput(match.rule, document, undefined, confirmedInput);
  if (match && input) {
    parts.push(input, ...(findCodeBoxes(match.rule, document, input) ?? []));
    const submit = findSubmitControl(match.rule, document, input);
    if (submit) parts.push(submit);
  }
  return parts.map((part) => part.getBoundingClientRect());
}
