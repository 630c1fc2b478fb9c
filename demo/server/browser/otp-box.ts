/// <reference lib="dom" />
/**
 * The checkpoint box every web-OTP page shares: submits the box's form as JSON to the verify API,
 * shows the answer in `#otp-result`, keeps `#otp-attempts` in step and adds the identity links on
 * a lock. Only textContent, attributes and cloned server-rendered templates are used, so nothing
 * the server answers can become markup.
 */
import type { BoxPageData } from '../page-data';
import { DEMO_PATHS } from '../routes';

/** An answer of the verify API, as far as the box reads it. */
export interface BoxAnswer {
  readonly outcome: string;
  readonly message: string;
  readonly attemptsLeft?: unknown;
  readonly next?: unknown;
}

export interface BoxHooks {
  /** Adds the answer's `next` link on success. */
  readonly successLink: boolean;
  /** Sees every answer (the unavailable one too). */
  readonly onAnswer?: (answer: BoxAnswer) => void;
}

const RECOVERY = {
  text: '휴대폰 또는 아이핀 본인인증 후 다시 이용할 수 있습니다. ',
  links: [
    [DEMO_PATHS.identityPhone, '휴대폰 본인인증'],
    [DEMO_PATHS.identityIpin, '아이핀 본인인증'],
  ],
} as const;

/** `남은 횟수: n회`, as the server renders it. */
export function attemptsText(n: number): string {
  return `남은 횟수: ${String(n)}회`;
}

/** Adds the identity links under the result once (a lock is lifted only by them). */
export function ensureRecovery(box: ParentNode): void {
  if (box.querySelector('#otp-recovery')) return;
  const result = box.querySelector('#otp-result');
  if (!result) return;
  const line = document.createElement('p');
  line.className = 'otp-recovery';
  line.id = 'otp-recovery';
  line.append(RECOVERY.text);
  const next = `?next=${encodeURIComponent(location.pathname + location.search)}`;
  RECOVERY.links.forEach(([path, text], index) => {
    const link = document.createElement('a');
    link.href = path + next;
    link.textContent = text;
    if (index > 0) line.append(' ');
    line.append(link);
  });
  result.after(line);
}

/** Binds one box (`.otp-box`, or a clone of a template's). */
export function bindOtpBox(box: ParentNode, texts: BoxPageData, hooks: BoxHooks): void {
  const form = box.querySelector('#otp-form');
  const input = box.querySelector('#otp-code');
  const button = box.querySelector('#otp-submit');
  const result = box.querySelector('#otp-result');
  const attempts = box.querySelector('#otp-attempts');
  if (
    !(form instanceof HTMLFormElement) ||
    !(input instanceof HTMLInputElement) ||
    !(button instanceof HTMLButtonElement) ||
    !result
  )
    return;
  const field = (name: string): string | null => {
    const element = form.elements.namedItem(name);
    return element instanceof HTMLInputElement ? element.value : null;
  };

  const show = (answer: BoxAnswer): void => showAnswer(box, result, attempts, texts, hooks, answer);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    let outcome = 'error';
    let answer: BoxAnswer;
    try {
      const body: Record<string, unknown> = {
        courseId: field('courseId'),
        kind: field('kind'),
        code: input.value,
      };
      const session = field('session');
      if (session !== null) body.session = Number(session);
      const visit = field('visit');
      if (visit !== null) body.visit = visit;
      const response = await fetch(DEMO_PATHS.verifyApi, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const answered: unknown = await response.json().catch(() => null);
      if (!isBoxAnswer(answered)) throw new Error('bad answer');
      answer = answered;
      outcome = answer.outcome;
      show(answer);
    } catch {
      answer = { outcome: 'error', message: texts.unavailable };
      show(answer);
    } finally {
      form.removeAttribute('aria-busy');
      // A passed checkpoint needs no second code; anything else may be retried.
      button.disabled = outcome === 'success';
      input.disabled = outcome === 'success';
      if (outcome !== 'success') input.select();
    }
    hooks.onAnswer?.(answer);
  });
}

/** A box's answer shown: its message, the attempts left, the success link, the recovery links. */
function showAnswer(
  box: ParentNode,
  result: Element,
  attempts: Element | null,
  texts: BoxPageData,
  hooks: BoxHooks,
  answer: BoxAnswer,
): void {
  const message = document.createElement('p');
  message.className = 'otp-result-message';
  message.textContent = answer.message;
  result.replaceChildren(message);
  result.setAttribute('data-outcome', answer.outcome);
  if (
    (answer.outcome === 'failure' || answer.outcome === 'locked') &&
    typeof answer.attemptsLeft === 'number'
  ) {
    result.setAttribute('data-attempts-left', String(answer.attemptsLeft));
  } else {
    result.removeAttribute('data-attempts-left');
  }
  if (hooks.successLink && answer.outcome === 'success' && typeof answer.next === 'string') {
    const link = document.createElement('a');
    link.className = 'button';
    link.href = answer.next;
    link.textContent = texts.successLink;
    result.append(link);
  }
  if (attempts) {
    if (answer.outcome === 'locked') attempts.textContent = attemptsText(0);
    else if (typeof answer.attemptsLeft === 'number')
      attempts.textContent = attemptsText(answer.attemptsLeft);
  }
  if (answer.outcome === 'locked') ensureRecovery(box);
}

function isBoxAnswer(value: unknown): value is BoxAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const { message, outcome } = value as Record<string, unknown>;
  return typeof message === 'string' && typeof outcome === 'string';
}
