import type { InstituteProfile } from '../profiles/types';
import {
  type CheckpointMatch,
  judgeRule,
  type PageLocation,
  type ProfileProblems,
  pageUnderCheck,
  type RuleCondition,
  readFacts,
} from './detect';

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
): { readonly match: CheckpointMatch | null; readonly rules: readonly RuleExplanation[] } {
  const page = pageUnderCheck(location, doc);
  let match: CheckpointMatch | null = null;
  const rules = profile.checkpoints.map((rule) => {
    const verdict = judgeRule(rule, page, problems);
    if (verdict.ok) match ??= { rule, facts: readFacts(profile, rule, verdict, doc, problems) };
    if (verdict.ok) return { ruleId: rule.id, failed: null };
    return verdict.detail === undefined
      ? { ruleId: rule.id, failed: verdict.failed }
      : { ruleId: rule.id, failed: verdict.failed, detail: verdict.detail };
  });
  return { match, rules };
}
