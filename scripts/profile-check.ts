/**
 * `npm run profile:check -- institute.json page.html…`: runs the extension's own recognition
 * (lib/checkpoints/detect.ts, the code the content script runs) on saved pages of an institute's
 * LMS and prints, per page, which rule matched, the facts it read and the form it found, and for
 * each rule that did not match the first condition that failed.
 *
 * A page's address comes from `--url <url>` before it, else from what the page says: the fixture
 * convention `<meta name="fixture-url">`, Chrome's `<!-- saved from url=(…)… -->`, or
 * `<link rel="canonical">`. Exit code 1 when a page named `match-*` is recognised by no rule or a
 * page named `nomatch-*` by one; 2 when the profile or a page cannot be read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CheckpointMatch, findCodeInput, findSubmitControl, isLmsPage } from '../lib/checkpoints/detect';
import { explainCheckpoint, type RuleCondition, type RuleExplanation } from '../lib/checkpoints/explain';
import { originMatchesPattern } from '../lib/profiles/origins';
import { parseProfile } from '../lib/profiles/schema';
import type { InstituteProfile } from '../lib/profiles/types';
import { closeHtmlParser, parseHtml } from './page-parser';

export interface SavedPage {
  readonly file: string;
  readonly html: string;
  /** Given on the command line; wins over what the page says. */
  readonly url?: string;
}

export interface PageReport {
  readonly file: string;
  readonly url: string;
  readonly urlSource: 'command line' | 'fixture-url' | 'saved from' | 'canonical' | 'none';
  readonly originConfigured: boolean;
  readonly lmsPage: boolean;
  readonly match: CheckpointMatch | null;
  readonly rules: readonly RuleExplanation[];
  /** The matched rule's form as found on the page. */
  readonly form: { readonly codeInput: string | null; readonly submitControl: string | null } | null;
  /** What the file's name promises: `match-*`, `nomatch-*`, or nothing. */
  readonly expected: 'match' | 'nomatch' | null;
  readonly kept: boolean;
}

/** A relative address is taken on this origin: a saved page often has only its path. */
const PLACEHOLDER_ORIGIN = 'https://lms.invalid';

function pageAddress(page: SavedPage, doc: Document): Pick<PageReport, 'url' | 'urlSource'> {
  if (page.url) return { url: page.url, urlSource: 'command line' };
  const fixture = doc.querySelector('meta[name="fixture-url"]')?.getAttribute('content');
  if (fixture) return { url: fixture, urlSource: 'fixture-url' };
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(page.html)?.[1];
  if (saved) return { url: saved, urlSource: 'saved from' };
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
  if (canonical) return { url: canonical, urlSource: 'canonical' };
  return { url: '/', urlSource: 'none' };
}

export function checkPage(profile: InstituteProfile, page: SavedPage): PageReport {
  const doc = parseHtml(page.html);
  const { url, urlSource } = pageAddress(page, doc);
  const location = new URL(url, PLACEHOLDER_ORIGIN);
  const lmsPage = isLmsPage(profile, doc);
  const { match, rules } = explainCheckpoint(profile, location, doc);
  const input = match && findCodeInput(match.rule, doc);
  const name = path.basename(page.file);
  const expected = name.startsWith('match-') ? 'match' : name.startsWith('nomatch-') ? 'nomatch' : null;
  // As the content script does: a page that is not one of the LMS's own is not checked at all.
  const recognised = lmsPage && match !== null;
  return {
    file: page.file,
    url,
    urlSource,
    originConfigured:
      location.origin === PLACEHOLDER_ORIGIN ||
      profile.origins.some((pattern) => originMatchesPattern(location.origin, pattern)),
    lmsPage,
    match: recognised ? match : null,
    rules,
    form:
      recognised && match
        ? {
            codeInput: input ? describeElement(input) : null,
            submitControl: input ? describeElement(findSubmitControl(match.rule, doc, input)) : null,
          }
        : null,
    expected,
    kept: expected === null || (expected === 'match') === recognised,
  };
}

function describeElement(element: Element | null): string | null {
  if (!element) return null;
  const attributes = ['id', 'name', 'type', 'maxlength', 'placeholder']
    .map((name) => [name, element.getAttribute(name)] as const)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}="${value}"`);
  const text = element.tagName === 'INPUT' ? '' : ` "${(element.textContent ?? '').trim().slice(0, 40)}"`;
  return `<${element.tagName.toLowerCase()}${attributes.map((a) => ` ${a}`).join('')}>${text}`;
}

const CONDITION_WORDS: Record<RuleCondition, string> = {
  urlPattern: 'urlPattern does not match the address',
  requiredSelectors: 'a requiredSelectors selector finds nothing',
  wiring: 'none of anySelectors finds anything (HRD wiring)',
  codeInput: 'no code input (form.codeInput)',
  submitControl: 'no submit control near the input (form.submitButton / submitText)',
  wording: 'neither anySelectors nor anyText holds',
  textMarkers: 'a textMarkers text is not on the page',
};

export function formatReport(report: PageReport): string {
  const lines = [
    `${report.kept ? 'ok  ' : 'FAIL'} ${report.file}`,
    `     address: ${report.url} (${report.urlSource})`,
  ];
  if (!report.originConfigured) lines.push('     note: this origin is not in the profile\'s "origins"');
  if (!report.lmsPage)
    lines.push('     not an LMS page: no "pageMarkers" selector matches, so nothing is checked');
  if (report.match) {
    const { facts } = report.match;
    lines.push(`     matched rule: ${facts.ruleId}`);
    for (const key of [
      'kind',
      'courseId',
      'courseTitle',
      'session',
      'traineeName',
      'traineePhone',
      'pageAttemptsLeft',
    ] as const) {
      lines.push(`       ${key}: ${facts[key] ?? '—'}`);
    }
    lines.push(
      `       code input: ${report.form?.codeInput ?? '—'}`,
      `       submit: ${report.form?.submitControl ?? '—'}`,
    );
  } else lines.push('     matched rule: none');
  for (const rule of report.rules) {
    if (rule.failed)
      lines.push(
        `     rule ${rule.ruleId}: ${CONDITION_WORDS[rule.failed]}${rule.detail ? `: ${rule.detail}` : ''}`,
      );
  }
  if (report.expected && !report.kept)
    lines.push(
      `     expected: ${report.expected === 'match' ? 'a rule to match (match-*)' : 'no rule to match (nomatch-*)'}`,
    );
  return lines.join('\n');
}

/** The command line: `institute.json [--url <url>] page.html …`. */
export function parseArguments(args: readonly string[]): {
  profile: string;
  pages: { file: string; url?: string }[];
} {
  const [profile, ...rest] = args;
  if (!profile || rest.length === 0)
    throw new Error('usage: npm run profile:check -- institute.json [--url <url>] page.html …');
  const pages: { file: string; url?: string }[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] as string;
    if (arg === '--url') {
      const url = rest[i + 1];
      const file = rest[i + 2];
      if (!url || !file) throw new Error('--url needs an address and then a page');
      pages.push({ file, url });
      i += 2;
    } else pages.push({ file: arg });
  }
  return { profile, pages };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const profile = parseProfile(JSON.parse(readFileSync(parsed.profile, 'utf8')));
  if (!profile.ok) {
    console.error(`${parsed.profile}: ${profile.error.path}: ${profile.error.message}`);
    return 2;
  }
  console.log(
    `profile ${profile.value.id} (${profile.value.instituteName}), ${profile.value.checkpoints.length} rules`,
  );
  let failed = 0;
  for (const page of parsed.pages) {
    const report = checkPage(profile.value, { ...page, html: readFileSync(page.file, 'utf8') });
    if (!report.kept) failed += 1;
    console.log(formatReport(report));
  }
  await closeHtmlParser();
  console.log(`${parsed.pages.length - failed} of ${parsed.pages.length} pages as their names say`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
