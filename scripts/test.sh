#!/usr/bin/env bash
# `npm test`: static checks, both browser builds, unit tests, then end-to-end tests in real
# Chromium and Firefox ESR. Prints one closing line "N passed, N failed" over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
rm -f test-artifacts/*.json

status=0
npm run -s check || status=1
npm run -s build || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
npx vitest run --reporter=default --reporter=json --outputFile=test-artifacts/unit.json || status=1
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile=test-artifacts/e2e.json || status=1

node -e '
const fs = require("node:fs");
let passed = 0, failed = 0;
for (const file of ["test-artifacts/unit.json", "test-artifacts/e2e.json"]) {
  if (!fs.existsSync(file)) { failed += 1; continue; }
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numTotalTestSuites === 0 ? 1 : 0);
}
console.log(`\n${passed} passed, ${failed} failed`);
if (passed === 0) process.exit(1);
' || status=1
exit $status
