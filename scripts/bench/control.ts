import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The control for the page-overhead and memory comparisons: a copy of the built extension whose
 * content script is empty. It is injected into the same pages at the same time, so "control vs
 * none" is what the browser charges for any content script (an isolated world, the injection)
 * and "extension vs control" is what our own content-script code adds to that.
 */
export function prepareControlExtension(buildDir: string): { dir: string; dispose(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'cc-bench-control-'));
  const dir = path.join(root, path.basename(buildDir));
  cpSync(buildDir, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  for (const script of manifest.content_scripts ?? []) {
    for (const file of script.js ?? []) writeFileSync(path.join(dir, file), '(() => {})();\n');
  }
  return { dir, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
