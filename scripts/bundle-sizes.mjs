// Prints the size of every built bundle, raw and gzipped, for each browser build in .output/.
// Run by `npm run build`; the size budget itself is enforced by tests/build/bundle-size.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export function bundleSizes(buildDir) {
  const rows = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(js|css|html)$/.test(name)) {
        const bytes = readFileSync(file);
        rows.push({
          file: path.relative(buildDir, file),
          raw: bytes.length,
          gzip: gzipSync(bytes, { level: 9 }).length,
        });
      }
    }
  };
  walk(buildDir);
  return rows.sort((a, b) => b.gzip - a.gzip);
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const target of ['chrome-mv3', 'firefox-mv3']) {
    const dir = path.resolve('.output', target);
    if (!existsSync(dir)) continue;
    console.log(`\nBundle sizes: ${target}`);
    console.log(`${'file'.padEnd(48)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)}`);
    for (const row of bundleSizes(dir)) {
      console.log(`${row.file.padEnd(48)} ${kb(row.raw).padStart(11)} ${kb(row.gzip).padStart(11)}`);
    }
  }
}
