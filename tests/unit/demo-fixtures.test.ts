/**
 * The rule fixtures that are demo pages stay what the demo renders: each is re-rendered from the
 * demo's page templates and compared with the committed file, so a change to a demo page that a
 * rule reads shows up here instead of leaving the rule tested against an old copy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_FIXTURES, fixtureText, GENERATED_MARKER, PROFILE_FIXTURES } from './demo-fixture-pages';

const STALE = 'differs from what the demo renders: run npm run fixtures';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [relative(PROFILE_FIXTURES, path)] : [];
  });
}

describe('generated fixture pages', () => {
  for (const fixture of DEMO_FIXTURES) {
    it(`${fixture.file} is the demo's page`, () => {
      const path = join(PROFILE_FIXTURES, fixture.file);
      expect(existsSync(path), `${fixture.file} is missing: run npm run fixtures`).toBe(true);
      expect(readFileSync(path, 'utf8') === fixtureText(fixture), `${fixture.file} ${STALE}`).toBe(true);
    });
  }

  it('every file marked as generated is one the generator writes', () => {
    const listed = new Set(DEMO_FIXTURES.map((fixture) => fixture.file));
    const marked = htmlFiles(PROFILE_FIXTURES).filter((file) =>
      readFileSync(join(PROFILE_FIXTURES, file), 'utf8').includes(GENERATED_MARKER),
    );
    expect(marked.filter((file) => !listed.has(file))).toEqual([]);
    expect(marked.sort()).toEqual([...listed].sort());
  });

  it('the generator names each file once and renders the same page twice', () => {
    expect(new Set(DEMO_FIXTURES.map((fixture) => fixture.file)).size).toBe(DEMO_FIXTURES.length);
    for (const fixture of DEMO_FIXTURES) expect(fixtureText(fixture)).toBe(fixtureText(fixture));
  });

  it('a changed page is caught (the comparison itself works)', () => {
    const [fixture] = DEMO_FIXTURES;
    if (!fixture) throw new Error('no generated fixture');
    const committed = readFileSync(join(PROFILE_FIXTURES, fixture.file), 'utf8');
    expect(committed.replace('본인인증', '본인 인증') === fixtureText(fixture)).toBe(false);
  });
});
