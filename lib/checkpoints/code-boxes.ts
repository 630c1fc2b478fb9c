/**
 * Forms that take the code one digit a box: six one-character inputs whose page script moves the
 * focus on as each digit is typed and joins them when the form is sent. The rule names the boxes
 * (`form.codeDigits`), or HRD's generic discovery finds them beside the code input it chose.
 * Pure: the document comes in; nothing global is read.
 */
import { discoverHrdDigitBoxes } from '../hrd/generic';
import type { CheckpointRule } from '../profiles/types';

/**
 * The boxes the code is spread across, in page order, when the page's code input is the first of
 * such a group; null when the code goes into the one input whole.
 */
export function findCodeBoxes(
  rule: CheckpointRule,
  doc: Document,
  input: HTMLInputElement,
): HTMLInputElement[] | null {
  const boxes = rule.form.codeDigits
    ? visibleInputs(doc, rule.form.codeDigits)
    : rule.form.discover === 'hrd'
      ? discoverHrdDigitBoxes(doc, rule.form.codeInput)
      : null;
  return boxes && boxes.length > 1 && boxes.includes(input) ? boxes : null;
}

/** One digit a box, or null when the code has not one digit for each box. */
export function spreadCode(code: string, boxes: number): string[] | null {
  const digits = [...code];
  return digits.length === boxes && digits.every((digit) => /^\d$/.test(digit)) ? digits : null;
}

function visibleInputs(doc: Document, selector: string): HTMLInputElement[] | null {
  try {
    return [...doc.querySelectorAll<HTMLInputElement>(selector)].filter(
      (input) => input.tagName === 'INPUT' && input.type !== 'hidden' && !input.closest('[hidden]'),
    );
  } catch {
    // A selector the browser refuses names no boxes; detection reports it.
    return null;
  }
}
