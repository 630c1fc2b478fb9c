// @vitest-environment happy-dom
/**
 * Every checkpoint rule of every bundled profile is pinned by fixture pages: at least one page it
 * must recognise (`match-*.html`) and one it must not (`nomatch-*.html`), kept under
 * `tests/fixtures/profiles/<profileId>/<ruleId>/`. The rules are enumerated from the bundle, so
 * a new rule cannot ship without its pages, and a folder naming no rule is an error too.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CheckpointMatch, isLmsPage, matchCheckpoint, type PageFacts } from '@/lib/checkpoints/detect';
import { BUNDLED_PROFILES as BUNDLED, HRD_GENERIC_PROFILE } from '@/lib/profiles/bundled';
import type { InstituteProfile } from '@/lib/profiles/types';
import { closeHtmlParser, parseHtml } from './html-parser';

/**
 * The bundled profiles, and HRD's generic one on a site a trainee enabled (its origins come from
 * the enabled sites, none are bundled).
 */
const BUNDLED_PROFILES: readonly InstituteProfile[] = [
  ...BUNDLED,
  { ...HRD_GENERIC_PROFILE, origins: ['https://lms.enabled-site.kr/*'] },
];

/**
 * Rules that must also hold on another rule's pages, read from that rule's folder rather than
 * copied: HRD's generic rule recognises every page the bundled `hrd-loader` rule does (the demo's
 * real-pattern layouts) and refuses the ones it refuses.
 */
const ALSO_PINNED_BY: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'hrd-generic/hrd-generic': [['hrd-motp', 'hrd-loader']],
};

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'profiles');
const FILE_NAME = /^(match|nomatch)-[a-z0-9-]+\.html$/;

afterAll(closeHtmlParser);

interface FixturePage {
  readonly file: string;
  readonly expectation: 'match' | 'nomatch';
  readonly path: string;
  readonly expectedFacts: Partial<PageFacts> | null;
  readonly doc: Document;
}

function subdirectories(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
}

function fixtureFiles(profileId: string, ruleId: string): string[] {
  const dir = join(FIXTURES, profileId, ruleId);
  return existsSync(dir) ? readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile()) : [];
}

/** What is wrong with the fixtures of these profiles; empty when every rule is pinned both ways. */
function fixtureProblems(profiles: readonly InstituteProfile[]): string[] {
  const problems: string[] = [];
  for (const profile of profiles) {
    for (const rule of profile.checkpoints) {
      const files = fixtureFiles(profile.id, rule.id);
      if (!files.some((file) => file.startsWith('match-'))) {
        problems.push(`${profile.id}/${rule.id}: no match-*.html page it must recognise`);
      }
      if (!files.some((file) => file.startsWith('nomatch-'))) {
        problems.push(`${profile.id}/${rule.id}: no nomatch-*.html page it must not recognise`);
      }
    }
  }
  return problems;
}

function readFixture(profileId: string, ruleId: string, file: string): FixturePage {
  const html = readFileSync(join(FIXTURES, profileId, ruleId, file), 'utf8');
  const doc = parseHtml(html);
  const path = doc.querySelector('meta[name="fixture-url"]')?.getAttribute('content');
  if (!path?.startsWith('/')) throw new Error(`${file}: <meta name="fixture-url"> with a /path is required`);
  const expected = doc.querySelector('meta[name="fixture-expect"]')?.getAttribute('content');
  return {
    file,
    expectation: file.startsWith('match-') ? 'match' : 'nomatch',
    path,
    expectedFacts: expected ? (JSON.parse(expected) as Partial<PageFacts>) : null,
    doc,
  };
}

/** An origin the profile configures (a pattern without a port gets the demo's port). */
function originOf(profile: InstituteProfile): string {
  const pattern = profile.origins[0] ?? '';
  const origin = pattern.replace(/\/\*$/, '').replace('*.', 'lms.');
  return /:\d+$/.test(origin) ? origin : `${origin}:8610`;
}

/**
 * What the content script does on a page: nothing on a page that is not the LMS's, else the
 * first rule that matches.
 */
function recognise(profile: InstituteProfile, page: FixturePage): CheckpointMatch | null {
  if (!isLmsPage(profile, page.doc)) return null;
  return matchCheckpoint(profile, new URL(page.path, originOf(profile)), page.doc);
}

describe('fixture pages pin every rule', () => {
  for (const profile of BUNDLED_PROFILES) {
    for (const rule of profile.checkpoints) {
      it(`${profile.id}/${rule.id} has a match-* page and a nomatch-* page`, () => {
        expect(fixtureProblems([{ ...profile, checkpoints: [rule] }])).toEqual([]);
      });
    }
  }

  it('a rule without fixture pages is reported (the guard itself works)', () => {
    const [profile] = BUNDLED_PROFILES;
    if (!profile) throw new Error('no bundled profile');
    const [rule] = profile.checkpoints;
    if (!rule) throw new Error('no rule');
    const unpinned = { ...profile, checkpoints: [...profile.checkpoints, { ...rule, id: 'demo-new-rule' }] };
    expect(fixtureProblems([unpinned])).toEqual([
      `${profile.id}/demo-new-rule: no match-*.html page it must recognise`,
      `${profile.id}/demo-new-rule: no nomatch-*.html page it must not recognise`,
    ]);
  });

  it('every fixture folder names a bundled profile and one of its rules', () => {
    const known = new Map(BUNDLED_PROFILES.map((p) => [p.id, new Set(p.checkpoints.map((r) => r.id))]));
    const strays: string[] = [];
    for (const profileId of subdirectories(FIXTURES)) {
      const rules = known.get(profileId);
      if (!rules) {
        strays.push(profileId);
        continue;
      }
      for (const ruleId of subdirectories(join(FIXTURES, profileId))) {
        if (!rules.has(ruleId)) strays.push(`${profileId}/${ruleId}`);
      }
    }
    expect(strays).toEqual([]);
    expect(subdirectories(FIXTURES).sort()).toEqual(BUNDLED_PROFILES.map((p) => p.id).sort());
  });

  it('every fixture file is named match-*.html or nomatch-*.html and states its URL', () => {
    for (const profileId of subdirectories(FIXTURES)) {
      for (const ruleId of subdirectories(join(FIXTURES, profileId))) {
        for (const file of fixtureFiles(profileId, ruleId)) {
          expect(file, `${profileId}/${ruleId}/${file}`).toMatch(FILE_NAME);
          expect(() => readFixture(profileId, ruleId, file)).not.toThrow();
        }
      }
    }
  });
});

for (const profile of BUNDLED_PROFILES) {
  describe(`${profile.id} fixture pages`, () => {
    for (const rule of profile.checkpoints) {
      const folders = [[profile.id, rule.id] as const, ...(ALSO_PINNED_BY[`${profile.id}/${rule.id}`] ?? [])];
      for (const [folderProfile, folderRule] of folders) {
        const label = folderProfile === profile.id ? rule.id : `${rule.id} on ${folderProfile}/${folderRule}`;
        for (const file of fixtureFiles(folderProfile, folderRule).filter((name) => FILE_NAME.test(name))) {
          it(`${label}/${file}`, () => {
            const page = readFixture(folderProfile, folderRule, file);
            const match = recognise(profile, page);
            if (page.expectation === 'nomatch') {
              expect(match?.rule.id ?? null, page.path).not.toBe(rule.id);
              return;
            }
            expect(match?.rule.id ?? null, page.path).toBe(rule.id);
            expect(match?.facts).toMatchObject({
              profileId: profile.id,
              ruleId: rule.id,
              kind: rule.kind,
              mode: profile.mode,
              ...page.expectedFacts,
            });
          });
        }
      }
    }
  });
}
