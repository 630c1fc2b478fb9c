import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import {
  BROWSER_NAMES,
  type BrowserName,
  type ExtensionBrowser,
  extensionBuildDir,
  launchBrowser,
  launchWithExtension,
} from '../browsers';

/**
 * Browsers for the bench, launched like scripts/browsers.ts does (keep the flags in step), but
 * from a snapshot of the build taken when the bench starts: a rebuild of .output/ while the
 * bench runs (another terminal, a watcher) must not change what is measured halfway through.
 */

export interface BuildSnapshot {
  readonly dirs: Record<BrowserName, string>;
  dispose(): void;
}

export function snapshotBuilds(): BuildSnapshot {
  const root = mkdtempSync(path.join(tmpdir(), 'cc-bench-build-'));
  const dirs = {} as Record<BrowserName, string>;
  for (const name of BROWSER_NAMES) {
    const source = extensionBuildDir(name);
    dirs[name] = path.join(root, path.basename(source));
    cpSync(source, dirs[name], { recursive: true });
  }
  return { dirs, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** A browser for the bench, loading the extension from the snapshot (or none). */
export function launchBenchBrowser(
  name: BrowserName,
  extensionDir?: string,
  firefoxPrefs: Record<string, unknown> = {},
): Promise<Browser> {
  return launchBrowser(name, { extensionDir, firefoxPrefs });
}

/** Like `launchWithExtension`, from the snapshot's build directory. */
export function launchExtension(
  name: BrowserName,
  extensionDir: string,
  firefoxPrefs: Record<string, unknown> = {},
): Promise<ExtensionBrowser> {
  return launchWithExtension(name, { extensionDir, firefoxPrefs });
}
