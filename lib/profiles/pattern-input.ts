/**
 * The length cap on the text a profile pattern is run on (README, "Patterns"): a URL's path and
 * query, or an element's text, is cut to this many characters before any profile pattern sees
 * it. The schema refuses patterns that can backtrack catastrophically; the cap bounds what even
 * a linear pattern costs on a page that makes its text or URL huge. Kept apart from the schema so
 * the content script can use it without bundling the pattern analyser.
 */
export const MAX_PATTERN_INPUT = 4096;

/** The text as a profile pattern may see it: at most `MAX_PATTERN_INPUT` characters. */
export function patternInput(text: string): string {
  return text.length > MAX_PATTERN_INPUT ? text.slice(0, MAX_PATTERN_INPUT) : text;
}
