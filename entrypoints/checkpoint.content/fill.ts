import { type FormResult, readFormResult } from '@/lib/checkpoints/detect';
import type { CheckpointRule } from '@/lib/profiles/types';

/**
 * Types the code into the page's own input the way a framework-controlled input accepts it (the
 * prototype's value setter, then `input`), presses the page's button and waits for the page to
 * write its answer into the result element.
 */
export function fillAndSubmit(rule: CheckpointRule, doc: Document, code: string): Promise<FormResult> {
  const input = doc.querySelector<HTMLInputElement>(rule.form.codeInput);
  const button = doc.querySelector<HTMLElement>(rule.form.submitButton);
  const resultElement = doc.querySelector(rule.form.result);
  if (!input || !button || !resultElement) return Promise.reject(new Error('form not found'));

  return new Promise<FormResult>((resolve) => {
    const observer = new MutationObserver(() => {
      const result = readFormResult(rule, doc);
      if (!result) return;
      clearTimeout(timer);
      observer.disconnect();
      resolve(result);
    });
    // A verifier that does not answer in time is reported as unavailable: not an attempt, and the
    // overlay offers the institute's fallbacks.
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve({ outcome: 'unavailable', attemptsLeft: null, message: '' });
    }, rule.form.resultTimeoutMs);
    observer.observe(resultElement, {
      childList: true,
      characterData: true,
      subtree: true,
      attributes: true,
    });

    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    if (setValue) setValue.call(input, code);
    else input.value = code;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    button.click();
  });
}
