/**
 * Copies the README gallery's screenshots from what the browser tests saved in test-artifacts/
 * (run the e2e suites first) to docs/screenshots/ under stable names. Chromium only: one browser's
 * pictures are enough to show the states, and the names stay the same from run to run.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const FROM = path.join(ROOT, 'test-artifacts');
const TO = path.join(ROOT, 'docs', 'screenshots');
/** Larger files are reported: the gallery should stay light to clone. */
const MAX_BYTES = 150 * 1024;

/** Gallery name ← the test's artifact name. */
const GALLERY: Readonly<Record<string, string>> = {
  'wizard-identity.png': 'chromium-wizard-2-identity.png',
  'overlay-pin.png': 'chromium-type-pin.png',
  'overlay-code.png': 'chromium-type-code.png',
  'overlay-wrong-pin.png': 'chromium-type-wrong-pin.png',
  'overlay-mismatch.png': 'chromium-overlay-mismatch.png',
  'overlay-hrd.png': 'chromium-type-hrd.png',
  'overlay-locked.png': 'chromium-overlay-locked.png',
  'overlay-outage.png': 'chromium-overlay-outage.png',
  'overlay-english.png': 'chromium-overlay-english.png',
  'history.png': 'chromium-history.png',
};

mkdirSync(TO, { recursive: true });
const missing: string[] = [];
for (const [target, source] of Object.entries(GALLERY)) {
  const from = path.join(FROM, source);
  if (!existsSync(from)) {
    missing.push(source);
    continue;
  }
  copyFileSync(from, path.join(TO, target));
  const kb = Math.round(statSync(from).size / 1024);
  console.log(
    `${target.padEnd(24)} ← ${source} (${kb} KB)${kb * 1024 > MAX_BYTES ? '  larger than 150 KB' : ''}`,
  );
}
if (missing.length > 0) {
  console.error(`not in test-artifacts/ (run the e2e suites first): ${missing.join(', ')}`);
  process.exitCode = 1;
}
