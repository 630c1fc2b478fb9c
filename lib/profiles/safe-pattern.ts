/**
 * Profile patterns that cannot backtrack catastrophically (`^/(a|a)*$` froze the LMS tab
 * on a URL of 26 `a`s). Browsers' regular expressions backtrack; rather than bring another engine
 * into the content script, the schema refuses the shapes that make a backtracking engine slow:
 *
 * - a repeat inside a repeat (`(a+)+`, `(a*)*`, `(\w+\s?)+`, `(.*a){20}`), and a repeated group
 *   whose length varies or whose branches can start alike (`(a|a)*`, `(a|ab)+`, `(a?)+`);
 * - two unbounded repeats that can take the same characters with only such characters between
 *   them, when the pattern can still fail after them (`\d+\d+x`, `.*x.*y`, `\s*:?\s*\d`), and a
 *   pattern without `^` that starts so (`\d+회`, `[\w-]+x`): it is tried from every position;
 * - more than a few ambiguous choices in a row (`(a|a)(a|a)…`, `a?a?a?…a`), bounds over 100,
 *   back-references, and repeats inside lookarounds.
 *
 * Patterns are read with the syntax `new RegExp(pattern)` reads (no flags; the answers' endpoint
 * patterns run with `i`, which the analysis covers by folding ASCII case). What it cannot read
 * it refuses. The schema also caps the text a pattern is run on (`./pattern-input.ts`).
 */
import { Analysis } from './pattern-safety/ambiguity';
import { PatternError, PatternParser } from './pattern-safety/parser';

/**
 * Why a pattern is unsafe or unreadable for a profile, or null when it is fine. Pure and cheap
 * (patterns are at most 300 characters); it never runs the pattern.
 */
export function patternProblem(pattern: string): string | null {
  const known = checked.get(pattern);
  if (known !== undefined) return known;
  const problem = analyse(pattern);
  // Profiles repeat their patterns (one per rule, the same in every rule): each is read once.
  if (checked.size >= 500) checked.clear();
  checked.set(pattern, problem);
  return problem;
}

const checked = new Map<string, string | null>();

function analyse(pattern: string): string | null {
  try {
    new RegExp(pattern);
  } catch {
    return 'not a valid regular expression';
  }
  try {
    const tree = new PatternParser(pattern).parse();
    new Analysis(pattern).top(tree);
    return null;
  } catch (error) {
    if (error instanceof PatternError)
      return `can backtrack catastrophically or is not supported: ${error.message}`;
    throw error;
  }
}
