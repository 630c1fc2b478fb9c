import type { CheckpointKind, CheckpointRule, InstituteProfile } from '../profiles/types';

/** What the page says about the checkpoint, read by the content script and shown in the overlay. */
export interface PageFacts {
  readonly profileId: string;
  readonly ruleId: string;
  readonly kind: CheckpointKind;
  readonly courseId: string | null;
  readonly courseTitle: string | null;
  readonly traineeName: string | null;
  readonly traineePhone: string | null;
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

/**
 * Finds the first checkpoint rule of the profile that the page satisfies. Pure: the document and
 * location come in, nothing global is read, so fixture pages can be checked in unit tests.
 */
export function matchCheckpoint(
  profile: InstituteProfile,
  location: PageLocation,
  doc: Document,
): CheckpointMatch | null {
  const path = location.pathname + location.search;
  let text: string | null = null;
  for (const rule of profile.checkpoints) {
    const urlMatch = new RegExp(rule.urlPattern).exec(path);
    if (!urlMatch) continue;
    if (!rule.requiredSelectors.every((selector) => doc.querySelector(selector) !== null)) continue;
    if (!doc.querySelector(rule.form.codeInput) || !doc.querySelector(rule.form.submitButton)) continue;
    text ??= visibleText(doc);
    const pageText = text;
    if (!rule.textMarkers.every((marker) => pageText.includes(marker))) continue;
    return {
      rule,
      facts: {
        profileId: profile.id,
        ruleId: rule.id,
        kind: rule.kind,
        courseId: urlMatch.groups?.courseId ?? null,
        courseTitle: readText(doc, rule.courseTitleSelector),
        traineeName: readText(doc, rule.traineeNameSelector),
        traineePhone: readText(doc, rule.traineePhoneSelector),
      },
    };
  }
  return null;
}

/** `error`: the page refused before verifying (not an attempt). */
export type FormOutcome = 'success' | 'failure' | 'locked' | 'error';

export interface FormResult {
  readonly outcome: FormOutcome;
  readonly attemptsLeft: number | null;
  /** The page's own words, shown to the trainee as they are. */
  readonly message: string;
}

/** Reads the page's answer after a submit; null while the result element says nothing known. */
export function readFormResult(rule: CheckpointRule, doc: Document): FormResult | null {
  const message = readText(doc, rule.form.result);
  if (!message) return null;
  const attempts = new RegExp(rule.form.attemptsLeftPattern).exec(message)?.[1];
  const attemptsLeft = attempts === undefined ? null : Number(attempts);
  const has = (needles: readonly string[]) => needles.some((needle) => message.includes(needle));
  if (has(rule.form.successText)) return { outcome: 'success', attemptsLeft, message };
  if (has(rule.form.lockedText)) return { outcome: 'locked', attemptsLeft: 0, message };
  if (has(rule.form.failureText)) return { outcome: 'failure', attemptsLeft, message };
  if (has(rule.form.notCountedText)) return { outcome: 'error', attemptsLeft, message };
  return null;
}

/** The key URI an enrollment page shows, if this is one. */
export function findEnrollmentKeyUri(
  profile: InstituteProfile,
  location: PageLocation,
  doc: Document,
): string | null {
  const rule = profile.enrollment;
  if (!rule || !new RegExp(rule.urlPattern).test(location.pathname + location.search)) return null;
  const text = readText(doc, rule.keyUriSelector);
  return text?.startsWith('otpauth://') ? text : null;
}

/** Text a reader could see: text nodes outside scripts, styles and templates. */
function visibleText(doc: Document): string {
  if (!doc.body) return '';
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('script,style,template,noscript')) parts.push(node.nodeValue ?? '');
  }
  return parts.join(' ');
}

function readText(doc: Document, selector: string): string | null {
  const text = doc.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}
