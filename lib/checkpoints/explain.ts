import type { InstituteProfile } from '../profiles/types';
import {
  type CheckpointMatch,
  judgeRule,
  type PageHints,
  type PageLocation,
  type ProfileProblems,
  pageUnderCheck,
  readFacts,
} from './detect';

/** The conditions of a rule, in the order they are checked: the first one a page fails says why. */
export const RULE_CONDITIONS = [
  'urlPattern',
  'requiredSelectors',
  'wiring',
  'codeInput',
  'submitControl',
  'wording',
  'textMarkers',
] as const;
export type RuleCondition = (typeof RULE_CONDITIONS)[number];

export interface RuleExplanation {
  readonly ruleId: string;
  /** The first condition the page fails; null when the rule matches. */
  readonly failed: RuleCondition | null;
  /** The selector that found nothing, or the text that is not on the page. */
  readonly detail?: string;
}

/**
 * Every rule of the profile against the page, for an institute checking its profile on saved
 * pages (`npm run profile:check`): which match, and for the others the first condition that
 * failed. The match is the one the extension takes: the first rule that holds.
 */
export function explainCheckpoint(
  profile: InstituteProfile,
  location: PageLocation,
  doc: Document,
  problems?: ProfileProblems,
  hints: PageHints = {},
): { readonly match: CheckpointMatch | null; readonly rules: readonly RuleExplanation[] } {
  const page = pageUnderCheck(location, doc);
  let match: CheckpointMatch | null = null;
  const rules = profile.checkpoints.map((rule) => {
    const verdict = judgeRule(rule, page, problems, hints);
    if (verdict.ok) match ??= { rule, facts: readFacts(profile, rule, verdict, doc, problems, hints) };
    if (verdict.ok) return { ruleId: rule.id, failed: null };
    return verdict.detail === undefined
      ? { ruleId: rule.id, failed: verdict.failed }
      : { ruleId: rule.id, failed: verdict.failed, detail: verdict.detail };
  });
  return { match, rules };
}
