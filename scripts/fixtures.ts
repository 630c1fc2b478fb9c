/**
 * `npm run fixtures`: writes the rule fixtures that are demo pages from the demo's own page
 * templates (tests/unit/demo-fixture-pages.ts lists them). Run it after changing a demo page, then
 * check that every rule's fixtures still pass (tests/unit/rule-fixtures.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_FIXTURES, fixtureText, PROFILE_FIXTURES } from '../tests/unit/demo-fixture-pages';

for (const fixture of DEMO_FIXTURES) {
  const path = join(PROFILE_FIXTURES, fixture.file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, fixtureText(fixture));
}
console.log(`wrote ${DEMO_FIXTURES.length} fixture pages under tests/fixtures/profiles/`);
