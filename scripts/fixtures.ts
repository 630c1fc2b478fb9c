/** `npm run fixtures`: writes the demo-derived rule fixtures from the demo's page templates. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_FIXTURES } from '../tests/fixtures/profiles/demo-pages';
import { renderFixture } from './fixture-render';

const ROOT = join(import.meta.dirname, '..', 'tests', 'fixtures', 'profiles');

for (const fixture of DEMO_FIXTURES) {
  const file = join(ROOT, fixture.path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderFixture(fixture));
}
console.log(`wrote ${DEMO_FIXTURES.length} fixtures under tests/fixtures/profiles`);
