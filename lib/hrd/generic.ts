/**
 * HRD Korea's mOTP box found on an LMS no profile describes (docs/hrd-integration.md): every
 * vendor loads HRD's frame loader or holds HRD's frame, or words the box after HRD's "mOTP", and
 * has a six-digit code input somewhere near it — with its own ids, placeholders and labels. Pure:
 * the document comes in; nothing global is read.
 */

/** HRD's hosts: its loader and frame come from there (`fds.`, `emonotp.`, `emon.hrdkorea.or.kr`). */
const HRD_HOST = 'hrdkorea.or.kr';

/** Elements that say the page is wired to HRD's mOTP service. */
export const HRD_WIRING_SELECTORS: readonly string[] = [
  'script[src*="hrdFrameLoader" i]',
  `script[src*="${HRD_HOST}" i]`,
  '#hrdOtpFrame',
  `iframe[src*="${HRD_HOST}" i]`,
];

/**
 * HRD's own word for the box, as vendors write it. "OTP" alone is not enough: banks, mail and
 * two-factor sign-ins say it too; "mOTP" is HRD's product.
 */
export const HRD_WORDING: readonly string[] = ['mOTP'];

/** How an input says it takes the code: its placeholder, label, name or id. */
const CODE_INPUT_WORDS = /otp|인증\s*번호|인증\s*코드/i;

/**
 * A control that has a code sent to the phone (a text message: 휴대폰 본인인증's "인증번호 받기").
 * HRD's mOTP code is never sent — the app shows it — so an input beside such a control takes an
 * SMS code, however the page words mOTP around it (its own identity verification says that it
 * clears the mOTP errors).
 */
const SENDS_A_CODE =
  /인증\s*번호\s*(받기|발송|전송|재전송|요청)|(문자|SMS)\s*(발송|전송|받기)|재발송|send\s+(the\s+)?code|resend/i;

/** What a page's clickable controls are, whatever their ids: buttons, links, button inputs. */
export const CLICKABLE_CONTROLS = 'button, a, input[type=button], input[type=submit], [role=button]';

/** How far up from an input a control that sends its code is looked for (a form row, its form). */
const SENDER_LEVELS = 3;

/** Types a code input has; a keypad-driven one is often `password` and readonly. */
const TEXT_TYPES = new Set(['', 'text', 'tel', 'number', 'password']);

/** Below this an input is a form field of the page, not the code input (see `scoreCodeInput`). */
const MIN_SCORE = 3;

/**
 * The page's code input, found without ids: the visible text-like input that best looks like
 * one — six characters long, named or labelled for the code, near HRD's frame or wording — or
 * the one the page's own request took its `OTPNO` from (`confirmed`), which settles it.
 */
export function discoverHrdCodeInput(
  doc: Document,
  candidates = 'input',
  confirmed: Element | null = null,
): HTMLInputElement | null {
  let best: HTMLInputElement | null = null;
  let bestScore = MIN_SCORE - 1;
  for (const input of doc.querySelectorAll<HTMLInputElement>(candidates)) {
    if (!isCodeCandidate(input)) continue;
    if (input === confirmed) return input;
    // A one-character box holds a digit, never the code: it is found as one of its group.
    if (isDigitBox(input) || takesASentCode(input)) continue;
    const score = scoreCodeInput(doc, input);
    if (score > bestScore) {
      best = input;
      bestScore = score;
    }
  }
  return best ?? discoverHrdDigitBoxes(doc, candidates)?.[0] ?? null;
}

/** HRD's codes are six digits: a form that takes them one a box has six boxes. */
const HRD_CODE_DIGITS = 6;

/**
 * The page's code typed one digit a box, found without ids: six adjacent visible one-character
 * inputs (no other field between them, each beside the last) near HRD's frame or wording, in
 * page order; null when the page has no such group.
 */
export function discoverHrdDigitBoxes(doc: Document, candidates = 'input'): HTMLInputElement[] | null {
  let run: HTMLInputElement[] = [];
  const groups: HTMLInputElement[][] = [];
  for (const input of doc.querySelectorAll<HTMLInputElement>(candidates)) {
    // Hidden fields (the joined code the page posts) sit among the boxes without breaking them.
    if (input.type === 'hidden') continue;
    const box = isCodeCandidate(input) && isDigitBox(input);
    const last = run[run.length - 1];
    if (box && last && !isBeside(last, input)) {
      groups.push(run);
      run = [];
    }
    if (box) run.push(input);
    else if (run.length > 0) {
      groups.push(run);
      run = [];
    }
  }
  groups.push(run);
  return (
    groups.find(
      (group) =>
        group.length === HRD_CODE_DIGITS &&
        group[0] &&
        isNearHrdBox(group[0], 7) &&
        !takesASentCode(group[0]),
    ) ?? null
  );
}

/** Beside a control that has a code sent by text message: not HRD's box (see `SENDS_A_CODE`). */
function takesASentCode(input: Element): boolean {
  let scope = input.parentElement;
  for (let depth = 0; scope && depth < SENDER_LEVELS; depth += 1, scope = scope.parentElement) {
    for (const control of scope.querySelectorAll(CLICKABLE_CONTROLS)) {
      const words = control instanceof HTMLInputElement ? control.value : control.textContent;
      if (SENDS_A_CODE.test(words ?? '')) return true;
    }
  }
  return false;
}

function isDigitBox(input: HTMLInputElement): boolean {
  return input.getAttribute('maxlength') === '1';
}

/** Boxes of one group share a parent, or a grandparent when each box has a wrapper of its own. */
function isBeside(previous: Element, next: Element): boolean {
  const parent = next.parentElement;
  return (
    parent !== null &&
    (previous.parentElement === parent ||
      (parent.parentElement !== null && previous.parentElement?.parentElement === parent.parentElement))
  );
}

/**
 * The input whose value the page's request just carried as its code, read while the request is
 * being sent (the page reads its input, then sends). The code is compared and not kept.
 */
export function inputCarrying(doc: Document, code: string): HTMLInputElement | null {
  for (const input of doc.querySelectorAll('input'))
    if (isCodeCandidate(input) && input.value === code) return input;
  return null;
}

function isCodeCandidate(input: HTMLInputElement): boolean {
  return (
    input.tagName === 'INPUT' &&
    TEXT_TYPES.has((input.getAttribute('type') ?? '').toLowerCase()) &&
    !input.disabled &&
    !input.closest('[hidden]')
  );
}

/**
 * maxlength 6 is the strongest tell (3): HRD's codes are six digits and every vendor caps the
 * input. Words for the code in its description add 2, nearness to HRD's frame or wording 1. So
 * a six-long input qualifies alone, a described one needs to be near the box as well.
 */
function scoreCodeInput(doc: Document, input: HTMLInputElement): number {
  let score = input.getAttribute('maxlength') === '6' ? 3 : 0;
  if (CODE_INPUT_WORDS.test(describeInput(doc, input))) score += 2;
  if (isNearHrdBox(input)) score += 1;
  return score;
}

function describeInput(doc: Document, input: HTMLInputElement): string {
  const parts = [
    input.getAttribute('placeholder'),
    input.getAttribute('aria-label'),
    input.getAttribute('title'),
    input.getAttribute('name'),
    input.id,
    input.closest('label')?.textContent,
  ];
  if (input.id) {
    for (const label of doc.querySelectorAll('label[for]')) {
      if (label.getAttribute('for') === input.id) parts.push(label.textContent);
    }
  }
  return parts.filter(Boolean).join(' ');
}

/**
 * Within four levels of the input (`levels`; a group of boxes sits a level or two deeper, in its
 * own row): HRD's frame, or HRD's word for the box.
 */
function isNearHrdBox(input: Element, levels = 4): boolean {
  let scope = input.parentElement;
  for (let depth = 0; scope && depth < levels; depth += 1, scope = scope.parentElement) {
    if (scope.querySelector('#hrdOtpFrame')) return true;
    const text = scope.textContent ?? '';
    if (HRD_WORDING.some((word) => text.includes(word))) return true;
  }
  return false;
}

/** What the toolbar's check found on one frame of the current page. */
export interface HrdProbe {
  readonly origin: string;
  /** The loader script or HRD's frame. */
  readonly wired: boolean;
  /** Requests to HRD's verification API the page has made (resource timing). */
  readonly calledApi: boolean;
  /** "mOTP" in the visible text. */
  readonly worded: boolean;
  /** A six-long text input, or six one-digit boxes: where a code would go. */
  readonly codeInput: boolean;
}

/**
 * Run in a page by `scripting.executeScript` from the popup (the trainee pressed the toolbar
 * button, which grants that look): self-contained, since the browser serialises only its source.
 * It reads, never writes, and sends nothing.
 */
export function probeHrdPage(): HrdProbe {
  const wiring = [
    'script[src*="hrdFrameLoader" i]',
    'script[src*="hrdkorea.or.kr" i]',
    '#hrdOtpFrame',
    'iframe[src*="hrdkorea.or.kr" i]',
  ];
  const api = /chkOtpResult\.jsp|chkOtpDeviceStatus\.jsp|\/api\/v2\/otp_accredit|hrdkorea\.or\.kr/i;
  const calledApi = performance.getEntriesByType('resource').some((entry) => api.test(entry.name));
  return {
    origin: location.origin,
    wired: wiring.some((selector) => document.querySelector(selector) !== null),
    calledApi,
    // biome-ignore lint/performance/useDomNodeTextContent: what the trainee sees, not scripts or hidden copies.
    worded: (document.body?.innerText ?? '').includes('mOTP'),
    codeInput:
      document.querySelector('input[maxlength="6"]:not([type=hidden])') !== null ||
      document.querySelectorAll('input[maxlength="1"]:not([type=hidden])').length >= 6,
  };
}

/**
 * Does the page use HRD's mOTP? Its wiring or its API calls say so; HRD's word counts only beside
 * a six-digit input (a notice that merely mentions mOTP is not the box).
 */
export function usesHrdMotp(probes: readonly HrdProbe[]): boolean {
  return probes.some((probe) => probe.wired || probe.calledApi || (probe.worded && probe.codeInput));
}
