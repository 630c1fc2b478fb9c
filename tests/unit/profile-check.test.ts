import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainCheckpoint } from '@/lib/checkpoints/explain';
import { DEMO_LMS_PROFILE } from '@/lib/profiles/bundled';
import type { InstituteProfile } from '@/lib/profiles/types';
import { closeHtmlParser, parseHtml } from '../../scripts/page-parser';
import { checkPage, formatReport, parseArguments } from '../../scripts/profile-check';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY_DIR = path.join(ROOT, 'tests/fixtures/profiles', DEMO_LMS_PROFILE.id, 'demo-entry');
/** The first fixture page of the demo's entry rule whose name starts so. */
function fixture(prefix: 'match-' | 'nomatch-'): { file: string; html: string } {
  const name = readdirSync(ENTRY_DIR).find((file) => file.startsWith(prefix) && file.endsWith('.html'));
  if (!name) throw new Error(`no ${prefix}* page in ${ENTRY_DIR}`);
  const file = path.join(ENTRY_DIR, name);
  return { file, html: readFileSync(file, 'utf8') };
}

const work = mkdtempSync(path.join(tmpdir(), 'cc-profile-check-'));
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await closeHtmlParser();
});

describe('profile:check on saved pages', () => {
  it('names the rule a match-* page matches, the facts it read and the form it found', () => {
    const report = checkPage(DEMO_LMS_PROFILE, fixture('match-'));
    expect(report.kept).toBe(true);
    expect(report.urlSource).toBe('fixture-url');
    expect(report.match?.facts.ruleId).toBe('demo-entry');
    expect(report.match?.facts.kind).toBe('entry');
    expect(report.form?.codeInput).toMatch(/^<input /);
    expect(report.form?.submitControl).toMatch(/^<(button|input|a) /);
    expect(formatReport(report)).toMatch(/^ok {3}.*\n.*\n {5}matched rule: demo-entry/);
  });

  it('fails a page named match-* that no rule recognises, and says each rule’s first failed condition', () => {
    const page = fixture('nomatch-');
    const renamed = { ...page, file: path.join(work, 'match-renamed.html') };
    const report = checkPage(DEMO_LMS_PROFILE, renamed);
    expect(report.kept).toBe(false);
    expect(report.match?.facts.ruleId).not.toBe('demo-entry');
    const entry = report.rules.find((rule) => rule.ruleId === 'demo-entry');
    expect(entry?.failed).not.toBeNull();
    expect(formatReport(report)).toContain('FAIL');
    expect(formatReport(report)).toContain('expected: a rule to match');
  });

  it('takes the address from the command line over the page’s own', () => {
    const report = checkPage(DEMO_LMS_PROFILE, {
      ...fixture('match-'),
      url: 'https://elsewhere.example.kr/help',
    });
    expect(report.urlSource).toBe('command line');
    expect(report.originConfigured).toBe(false);
    expect(formatReport(report)).toContain('not in the profile');
  });

  it('reads the address Chrome writes into a saved page', () => {
    const { html } = fixture('match-');
    const saved = html
      .replace(/<meta name="fixture-url"[^>]*>/, '')
      .replace('<html', '<!-- saved from url=(0040)http://127.0.0.1:8610/courses/c101/entry -->\n<html');
    expect(checkPage(DEMO_LMS_PROFILE, { file: 'page.html', html: saved }).url).toBe(
      'http://127.0.0.1:8610/courses/c101/entry',
    );
  });

  it('parses `--url` as applying to the page after it', () => {
    expect(parseArguments(['p.json', 'a.html', '--url', '/x', 'b.html'])).toEqual({
      profile: 'p.json',
      pages: [{ file: 'a.html' }, { file: 'b.html', url: '/x' }],
    });
    expect(() => parseArguments(['p.json'])).toThrow(/usage/);
    expect(() => parseArguments(['p.json', '--url', '/x'])).toThrow(/--url/);
  });
});

describe('explainCheckpoint', () => {
  const { html } = fixture('match-');
  const doc = parseHtml(html);
  const url = new URL(
    doc.querySelector('meta[name="fixture-url"]')?.getAttribute('content') ?? '/',
    'http://x',
  );
  const entry = DEMO_LMS_PROFILE.checkpoints.find((rule) => rule.id === 'demo-entry');
  if (!entry) throw new Error('the demo profile has no entry rule');
  const withEntry = (change: Partial<typeof entry>): InstituteProfile => ({
    ...DEMO_LMS_PROFILE,
    checkpoints: [{ ...entry, ...change }],
  });

  it.each([
    ['urlPattern', { urlPattern: '^/only-here$' }],
    ['requiredSelectors', { requiredSelectors: ['#no-such-element'] }],
    ['wiring', { anySelectors: ['#no-such-element'] }],
    ['codeInput', { form: { ...entry.form, codeInput: '#no-such-input' } }],
    ['textMarkers', { textMarkers: ['이 문구는 페이지에 없습니다'] }],
  ] as const)('says %s when that is the first condition the page fails', (condition, change) => {
    const { match, rules } = explainCheckpoint(withEntry(change), url, doc);
    expect(match).toBeNull();
    expect(rules).toEqual([expect.objectContaining({ ruleId: 'demo-entry', failed: condition })]);
  });

  it('names the selector that found nothing and the text that is not on the page', () => {
    expect(
      explainCheckpoint(withEntry({ requiredSelectors: ['#no-such-element'] }), url, doc).rules[0]?.detail,
    ).toBe('#no-such-element');
    expect(
      explainCheckpoint(withEntry({ textMarkers: [...entry.textMarkers, '없는 문구'] }), url, doc).rules[0]
        ?.detail,
    ).toBe('없는 문구');
  });

  it('matches as matchCheckpoint does when nothing fails', () => {
    const { match, rules } = explainCheckpoint(withEntry({}), url, doc);
    expect(match?.rule.id).toBe('demo-entry');
    expect(rules).toEqual([{ ruleId: 'demo-entry', failed: null }]);
  });
});

describe('npm run profile:check', () => {
  const run = (...args: string[]) => {
    try {
      return {
        code: 0,
        out: execFileSync('npx', ['tsx', 'scripts/profile-check.ts', ...args], {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      };
    } catch (error) {
      const failure = error as { status: number; stdout: string; stderr: string };
      return { code: failure.status, out: `${failure.stdout}${failure.stderr}` };
    }
  };

  it('exits 0 when every page is as its name says, 1 when a match-* page does not match, 2 for a broken profile', () => {
    const profileFile = path.join(work, 'institute.json');
    writeFileSync(profileFile, JSON.stringify(DEMO_LMS_PROFILE));
    const good = fixture('match-').file;
    const wrong = path.join(work, 'match-not-really.html');
    writeFileSync(wrong, fixture('nomatch-').html);

    const passing = run(profileFile, good, fixture('nomatch-').file);
    expect(passing.code).toBe(0);
    expect(passing.out).toContain('2 of 2 pages as their names say');

    const failing = run(profileFile, good, wrong);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('FAIL');

    const broken = path.join(work, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...DEMO_LMS_PROFILE, mode: 'sms' }));
    const refused = run(broken, good);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('mode');
  }, 60_000);
});
