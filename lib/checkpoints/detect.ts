import { MAX_ATTEMPTS } from '../attempts/transitions';
import { requestFacts } from '../hrd/answers';
import { CLICKABLE_CONTROLS, discoverHrdCodeInput } from '../hrd/generic';
import { patternInput } from '../profiles/pattern-input';
import type {
  AttemptsRule,
  CheckpointKind,
  CheckpointRule,
  InstituteProfile,
  VerificationMode,
} from '../profiles/types';
import type { RuleCondition } from './explain';
import type { ProfileProblems } from './profile-problems';

// Reported by every check here; kept apart so that the rules read without their bookkeeping.
export { type ProfileProblem, ProfileProblems } from './profile-problems';

/** What the page says about the checkpoint, read by the content script and shown in the overlay. */
export interface PageFacts {
  readonly profileId: string;
  readonly ruleId: string;
  readonly kind: CheckpointKind;
  readonly mode: VerificationMode;
  readonly courseId: string | null;
  readonly courseTitle: string | null;
  readonly session: number | null;
  readonly traineeName: string | null;
  readonly traineePhone: string | null;
  /** The verifier's count as the page states it before any try, when it does. */
  readonly pageAttemptsLeft: number | null;
  /**
   * HRD's box with no code input the extension can find (a keypad, a canvas, an unlabelled
   * field): the trainee types on the page; the overlay explains and counts, and fills nothing.
   */
  readonly typeOnPage?: boolean;
}

/** What the content script knows of its frame beyond the document, from the page observer. */
export interface PageHints {
  /** The frame has called HRD's API (its device status, a verification). */
  readonly calledHrd?: boolean;
  /** The input the page's own request took its `OTPNO` from. */
  readonly confirmedInput?: Element | null;
  /** The page's own variables: `EVAL_CD`, `CLASS_TME` (globals or hidden fields). */
  readonly pageVariables?: Readonly<Record<string, unknown>> | null;
}

export interface CheckpointMatch {
  readonly rule: CheckpointRule;
  readonly facts: PageFacts;
}

/** The parts of a location a rule reads; a `URL` or `window.location` fits. */
export interface PageLocation {
  readonly pathname: string;
  readonly search: string;
}

/** Is this one of the LMS's own pages? Without page markers every page of the origin is. */
export function isLmsPage(profile: InstituteProfile, doc: Document, problems?: ProfileProblems): boolean {
  return (
    !profile.pageMarkers || profile.pageMarkers.some((selector) => query(doc, selector, problems) !== null)
  );
}

/**
 * Finds the first checkpoint rule of the profile that the page satisfies. Pure: the document and
 * location come in, nothing global is read, so fixture pages can be checked in unit tests.
 * Cheap checks (URL, selectors) run before the page's text is read.
 */
export function matchCheckpoint(
  profile: InstituteProfile,
  location: PageLocation,
  doc: Document,
  problems?: ProfileProblems,
  hints: PageHints = {},
): CheckpointMatch | null {
  const page = pageUnderCheck(location, doc);
  for (const rule of profile.checkpoints) {
    const verdict = judgeRule(rule, page, problems, hints);
    if (verdict.ok) return { rule, facts: readFacts(profile, rule, verdict, doc, problems, hints) };
  }
  return null;
}

/** The page as the rules read it; its visible text is read once, and only if a rule gets that far. */
export interface PageUnderCheck {
  readonly path: string;
  readonly doc: Document;
  text(): string;
}

export function pageUnderCheck(location: PageLocation, doc: Document): PageUnderCheck {
  let text: string | null = null;
  return { path: locationText(location), doc, text: () => (text ??= visibleText(doc)) };
}

export type RuleVerdict =
  | {
      readonly ok: true;
      readonly urlMatch: RegExpExecArray;
      readonly text: string;
      /** No code input found: HRD's box, typed on the page. */
      readonly typeOnPage: boolean;
    }
  | { readonly ok: false; readonly failed: RuleCondition; readonly detail?: string };

export function judgeRule(
  rule: CheckpointRule,
  page: PageUnderCheck,
  problems?: ProfileProblems,
  hints: PageHints = {},
): RuleVerdict {
  const { doc } = page;
  const has = (selector: string) => query(doc, selector, problems) !== null;
  const fail = (failed: RuleCondition, detail?: string): RuleVerdict => ({ ok: false, failed, detail });
  // A rule whose pattern or selector the browser refuses does not match; the others still do.
  const urlMatch = execPattern(rule.urlPattern, page.path, problems);
  if (!urlMatch) return fail('urlPattern');
  const missing = rule.requiredSelectors.find((selector) => !has(selector));
  if (missing !== undefined) return fail('requiredSelectors', missing);
  // HRD's wiring (selectors) or its wording (texts): one of them must hold when either is given.
  const gated = rule.anySelectors !== undefined || rule.anyText !== undefined;
  const discovered = rule.form.discover === 'hrd';
  const wired = rule.anySelectors?.some(has) || (discovered && hints.calledHrd) || false;
  if (gated && !wired && !rule.anyText) return fail('wiring');
  const input = findCodeInput(rule, doc, problems, hints.confirmedInput);
  // Without an input it finds, HRD's box is still one when the page is wired to HRD, words it
  // as HRD does, and shows its control beside HRD's frame: the trainee types on the page.
  const anchor =
    input ??
    (discovered && wired ? (query(doc, '#hrdOtpFrame') ?? (hints.calledHrd ? doc.body : null)) : null);
  if (!anchor || anchor.closest('[hidden]')) return fail('codeInput');
  const control = findSubmitControl(rule, doc, anchor, problems);
  if (!control || (!input && control.closest('[hidden]'))) return fail('submitControl');
  const text = page.text();
  const worded = rule.anyText?.some((marker) => text.includes(marker)) ?? false;
  if ((gated && !wired && !worded) || (!input && !worded)) return fail('wording');
  const unsaid = rule.textMarkers.find((marker) => !text.includes(marker));
  if (unsaid !== undefined) return fail('textMarkers', unsaid);
  return { ok: true, urlMatch, text, typeOnPage: input === null };
}

export function readFacts(
  profile: InstituteProfile,
  rule: CheckpointRule,
  { urlMatch, text, typeOnPage }: Extract<RuleVerdict, { ok: true }>,
  doc: Document,
  problems?: ProfileProblems,
  hints: PageHints = {},
): PageFacts {
  // The page's own variables stand in for what its words do not say (its request outranks both).
  const pageVariables = hints.pageVariables;
  const variables = pageVariables ? requestFacts(pageVariables) : null;
  return {
    profileId: profile.id,
    ruleId: rule.id,
    kind: kindFromText(rule, text) ?? variables?.kind ?? rule.kind,
    mode: profile.mode,
    courseId: urlMatch.groups?.courseId ?? null,
    courseTitle: readText(doc, rule.courseTitleSelector, problems),
    session: readSession(rule, urlMatch, doc, problems) ?? variables?.session ?? null,
    traineeName: readText(doc, rule.traineeNameSelector, problems),
    traineePhone: readText(doc, rule.traineePhoneSelector, problems),
    pageAttemptsLeft: rule.form.attemptsSelector
      ? readAttemptsLeft(
          rule.form.attempts,
          readText(doc, rule.form.attemptsSelector, problems) ?? '',
          problems,
        )
      : null,
    typeOnPage: typeOnPage ? true : undefined,
  };
}

/** The page's code input: the first visible match (hidden copies of a form are common). */
export function findCodeInput(
  rule: CheckpointRule,
  doc: Document,
  problems?: ProfileProblems,
  confirmedInput?: Element | null,
): HTMLInputElement | null {
  try {
    if (rule.form.discover === 'hrd') return discoverHrdCodeInput(doc, rule.form.codeInput, confirmedInput);
    const inputs = [...doc.querySelectorAll<HTMLInputElement>(rule.form.codeInput)];
    return inputs.find((input) => input.type !== 'hidden' && !input.closest('[hidden]')) ?? null;
  } catch (error) {
    problems?.report('selector', rule.form.codeInput, error);
    return null;
  }
}

/**
 * The page's submit control. With `submitText`, the clickable element nearest the code input
 * (walking out through its ancestors) whose own text is one of the texts; otherwise the selector.
 */
export function findSubmitControl(
  rule: CheckpointRule,
  doc: Document,
  input: Element,
  problems?: ProfileProblems,
): HTMLElement | null {
  const texts = rule.form.submitText;
  if (!texts) return query<HTMLElement>(doc, rule.form.submitButton, problems);
  const generic = CLICKABLE_CONTROLS;
  // A submit selector the browser refuses narrows nothing: the generic controls are still found.
  const clickable = isQueryable(doc, rule.form.submitButton, problems)
    ? `${rule.form.submitButton}, ${generic}`
    : generic;
  for (
    let scope = input.parentElement, depth = 0;
    scope && depth < 8;
    scope = scope.parentElement, depth += 1
  ) {
    for (const candidate of scope.querySelectorAll<HTMLElement>(clickable)) {
      const label = (isInputLike(candidate) ? candidate.value : candidate.textContent) ?? '';
      if (texts.includes(label.replace(/\s+/g, ' ').trim())) return candidate;
    }
  }
  return null;
}

/** The kind the page's words name, or null when they name none. */
function kindFromText(rule: CheckpointRule, pageText: string): CheckpointKind | null {
  for (const [kind, markers] of Object.entries(rule.kindMarkers ?? {})) {
    if (markers?.some((marker) => pageText.includes(marker))) return kind as CheckpointKind;
  }
  return null;
}

/**
 * `notCounted`: the page refused the input before verifying it. `unavailable`: the verifier
 * failed. Neither costs an attempt. On HRD pages: `pending` — the page sent the code and the
 * answer comes through the page observer; `unknown` — no answer came (it counts as wrong until
 * an answer settles it); `successAgain` — passed, and the page asks for one more code;
 * `notRegistered` — the trainee has not registered the mOTP app.
 */
export const FORM_OUTCOMES = [
  'success',
  'successAgain',
  'failure',
  'locked',
  'notCounted',
  'unavailable',
  'pending',
  'unknown',
  'notRegistered',
] as const;
export type FormOutcome = (typeof FORM_OUTCOMES)[number];

export interface FormResult {
  readonly outcome: FormOutcome;
  readonly attemptsLeft: number | null;
  /** The page's own words, shown to the trainee as they are. */
  readonly message: string;
}

/** Reads the page's answer after a submit; null while the result element says nothing known. */
export function readFormResult(
  rule: CheckpointRule,
  doc: Document,
  problems?: ProfileProblems,
): FormResult | null {
  const message = readText(doc, rule.form.result, problems);
  if (!message) return null;
  const attemptsLeft = readAttemptsLeft(rule.form.attempts, message, problems);
  const has = (needles: readonly string[]) => needles.some((needle) => message.includes(needle));
  if (has(rule.form.successText)) return { outcome: 'success', attemptsLeft, message };
  if (has(rule.form.lockedText)) return { outcome: 'locked', attemptsLeft: 0, message };
  if (has(rule.form.failureText)) return { outcome: 'failure', attemptsLeft, message };
  if (has(rule.form.notCountedText)) return { outcome: 'notCounted', attemptsLeft, message };
  if (has(rule.form.unavailableText)) return { outcome: 'unavailable', attemptsLeft, message };
  return null;
}

/**
 * Attempts left from a text, whichever way the page counts, as an integer 0–5; null when the
 * text states no count. Only ASCII digits are a count ("abc", "-1", "4.5", "NaN" are not); more
 * than five reads as five.
 */
export function readAttemptsLeft(
  rule: AttemptsRule,
  text: string,
  problems?: ProfileProblems,
): number | null {
  const found = execPattern(rule.pattern, patternInput(text), problems)?.[1]?.trim();
  if (found === undefined || !/^\d{1,3}$/.test(found)) return null;
  const value = Math.min(MAX_ATTEMPTS, Number(found));
  return rule.counts === 'left' ? value : MAX_ATTEMPTS - value;
}

/** The key URI an enrollment page shows, if this is one. */
export function findEnrollmentKeyUri(
  profile: InstituteProfile,
  location: PageLocation,
  doc: Document,
  problems?: ProfileProblems,
): string | null {
  const rule = profile.enrollment;
  if (!rule || !execPattern(rule.urlPattern, locationText(location), problems)) return null;
  const text = readText(doc, rule.keyUriSelector, problems);
  return text?.startsWith('otpauth://') ? text : null;
}

/** Does this page confirm the institute's identity verification (and so the verifier's reset)? */
export function isIdentityVerifiedPage(
  profile: InstituteProfile,
  location: PageLocation,
  doc: Document,
  problems?: ProfileProblems,
): boolean {
  const rule = profile.identityVerified;
  if (!rule || !execPattern(rule.urlPattern, locationText(location), problems)) return false;
  const text = readText(doc, rule.resultSelector, problems);
  return text !== null && rule.successText.some((needle) => text.includes(needle));
}

function readSession(
  rule: CheckpointRule,
  urlMatch: RegExpExecArray,
  doc: Document,
  problems?: ProfileProblems,
): number | null {
  const fromUrl = urlMatch.groups?.session;
  const raw = fromUrl ?? (rule.sessionSelector ? readText(doc, rule.sessionSelector, problems) : null);
  const digits = raw?.match(/\d+/)?.[0];
  return digits === undefined ? null : Number(digits);
}

/** `NodeFilter.SHOW_TEXT`, by value: the global is not there when saved pages are checked in Node. */
const SHOW_TEXT = 0x4;

/** Text a reader could see: text nodes outside scripts, styles and templates. */
function visibleText(doc: Document): string {
  if (!doc.body) return '';
  const walker = doc.createTreeWalker(doc.body, SHOW_TEXT);
  const parts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('script,style,template,noscript')) parts.push(node.nodeValue ?? '');
  }
  return parts.join(' ');
}

/** An element's text, or an input's value (LMSes show the trainee as readonly inputs too). */
function readText(doc: Document, selector: string, problems?: ProfileProblems): string | null {
  const element = query(doc, selector, problems);
  const raw = isInputLike(element) ? element.value : element?.textContent;
  const text = raw?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

/** By tag name, not `instanceof`: fixture documents come from another realm in tests. */
function isInputLike(element: Element | null | undefined): element is HTMLInputElement | HTMLTextAreaElement {
  return element?.tagName === 'INPUT' || element?.tagName === 'TEXTAREA';
}

/** The first element a profile selector matches; one the browser refuses matches nothing. */
function query<E extends Element = Element>(
  doc: Document,
  selector: string,
  problems?: ProfileProblems,
): E | null {
  try {
    return doc.querySelector<E>(selector);
  } catch (error) {
    problems?.report('selector', selector, error);
    return null;
  }
}

function isQueryable(doc: Document, selector: string, problems?: ProfileProblems): boolean {
  try {
    doc.querySelector(selector);
    return true;
  } catch (error) {
    problems?.report('selector', selector, error);
    return false;
  }
}

/** A profile pattern run on (capped) text; one the browser refuses matches nothing. */
function execPattern(pattern: string, text: string, problems?: ProfileProblems): RegExpExecArray | null {
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern);
  } catch (error) {
    problems?.report('pattern', pattern, error);
    return null;
  }
  return compiled.exec(text);
}

function locationText(location: PageLocation): string {
  return patternInput(location.pathname + location.search);
}
