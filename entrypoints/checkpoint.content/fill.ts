import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { findCodeBoxes, spreadCode } from '@/lib/checkpoints/code-boxes';
import { type FormResult, findCodeInput, findSubmitControl, readFormResult } from '@/lib/checkpoints/detect';
import type { CheckpointRule } from '@/lib/profiles/types';

/** Tells whether the page sent a request to a verification endpoint since a moment. */
export interface RequestWatch {
  /** Resolves true as soon as the page observer reports a verification request, false after `ms`. */
  waitForRequest(ms: number): Promise<boolean>;
}

/**
 * Types the code into the page's own input the way its scripts (or its virtual keypad) would set
 * it — the prototype's value setter, then `input` — even when the input is readonly or a
 * password box (or one digit a box where the page takes it so, `typeDigits`), presses the page's
 * control and reads the outcome: `pending` when the page sent its request to HRD (the observer
 * reports the answer), else the page's text, else `unknown` after the profile's timeout (an
 * answer may still come and settle it).
 */
export function fillAndSubmit(
  rule: CheckpointRule,
  doc: Document,
  code: string,
  requests: RequestWatch,
  /**
   * What silence means: on HRD pages `unknown` (HRD may have counted it); on an institute's own
   * web-OTP verifier, which states its count on the page, `unavailable` as that verifier defines.
   */
  silence: 'unknown' | 'unavailable',
  /** The script's context: its timer stops when the script is replaced or unloaded. */
  ctx: Pick<ContentScriptContext, 'setTimeout'>,
  /** The input the page's own request took its code from, when it has sent one. */
  confirmedInput: Element | null = null,
): Promise<FormResult> {
  const input = findCodeInput(rule, doc, undefined, confirmedInput);
  const button = input && findSubmitControl(rule, doc, input);
  if (!input || !button) return Promise.reject(new Error('form not found'));
  const boxes = findCodeBoxes(rule, doc, input);
  const digits = boxes && spreadCode(code, boxes.length);
  if (boxes && !digits) return Promise.reject(new Error('the code does not fit the boxes'));
  const resultElement = doc.querySelector(rule.form.result);

  return new Promise<FormResult>((resolve) => {
    let settled = false;
    const finish = (result: FormResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      observer?.disconnect();
      resolve(result);
    };
    const observer = resultElement
      ? new MutationObserver(() => {
          const result = readFormResult(rule, doc);
          if (result) finish(result);
        })
      : null;
    const timer = ctx.setTimeout(
      () => finish({ outcome: silence, attemptsLeft: null, message: '' }),
      rule.form.resultTimeoutMs,
    );
    if (resultElement)
      observer?.observe(resultElement, {
        childList: true,
        characterData: true,
        subtree: true,
        attributes: true,
      });
    void requests.waitForRequest(rule.form.resultTimeoutMs).then((sent) => {
      if (sent) finish({ outcome: 'pending', attemptsLeft: null, message: '' });
    });

    if (boxes && digits) typeDigits(boxes, digits);
    else {
      setInputValue(input, code);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    button.click();
  });
}

/** The prototype's setter: a framework's own setter on the element would swallow the value. */
function setInputValue(input: HTMLInputElement, value: string): void {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  if (setValue) setValue.call(input, value);
  else input.value = value;
}

/**
 * One digit a box, as a trainee types them: focus the box, its digit, `input`, then the key's
 * release. Each box gets exactly its digit whatever the page's auto-advance script does with the
 * focus in between (it moves on after `input` or `keyup`; the next box is focused here anyway),
 * and no key press is sent that a script could type a second time.
 */
function typeDigits(boxes: readonly HTMLInputElement[], digits: readonly string[]): void {
  boxes.forEach((box, index) => {
    const digit = digits[index] ?? '';
    box.focus();
    setInputValue(box, digit);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const key = { key: digit, code: `Digit${digit}`, bubbles: true };
    box.dispatchEvent(new KeyboardEvent('keyup', key));
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
