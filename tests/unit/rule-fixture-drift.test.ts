/**
 * The demo-derived rule fixtures must be exactly what the demo's templates render now, and every
 * page in a demo-derived folder must be listed, so a page copied by hand cannot go stale there.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFixture } from '../../scripts/fixture-render';
import { DEMO_DERIVED_DIRS, DEMO_FIXTURES, HAND_WRITTEN } from '../fixtures/profiles/demo-pages';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'profiles');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(ROOT, path)];
  });
}

describe('demo-derived rule fixtures', () => {
  it.each(DEMO_FIXTURES.map((fixture) => [fixture.path, fixture] as const))('%s', (path, fixture) => {
    const file = join(ROOT, path);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (committed !== renderFixture(fixture)) {
      expect.fail(`tests/fixtures/profiles/${path} differs from the demo's template; run npm run fixtures`);
    }
  });

  it('lists every page of the demo-derived folders', () => {
    const listed = new Set([...DEMO_FIXTURES.map((fixture) => fixture.path), ...HAND_WRITTEN]);
    const unlisted = DEMO_DERIVED_DIRS.flatMap((dir) => filesUnder(join(ROOT, dir))).filter(
      (path) => !listed.has(path),
    );
    expect(unlisted).toEqual([]);
  });

  it('fails loudly when a near-miss edit no longer applies', () => {
    const [first] = DEMO_FIXTURES;
    if (!first) throw new Error('no demo fixtures');
    expect(() => renderFixture({ ...first, edits: [{ from: 'not on the page', to: '' }] })).toThrow(
      /occurs 0 times/,
    );
  });
});
