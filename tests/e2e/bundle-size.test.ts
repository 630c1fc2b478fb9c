import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BROWSER_NAMES, extensionBuildDir } from '../../scripts/browsers';

/** The content script runs on every LMS page: its budget is 8 KB gzipped and no React. */
const CONTENT_SCRIPT_BUDGET_BYTES = 8 * 1024;
/** The page observer runs in the page's own world in every frame, from document start: 2 KB. */
const PAGE_OBSERVER_BUDGET_BYTES = 2 * 1024;
/** The enrollment script runs once, in the issue page, when the trainee asks for the key: 4 KB. */
const ENROLLMENT_SCRIPT_BUDGET_BYTES = 4 * 1024;

describe.each(BROWSER_NAMES)('built %s extension', (browserName) => {
  const dir = extensionBuildDir(browserName);
  const contentScript = readFileSync(path.join(dir, 'content-scripts/checkpoint.js'));

  it('keeps the content script within its gzipped budget, with no profile data in it', () => {
    expect(gzipSync(contentScript, { level: 9 }).length).toBeLessThanOrEqual(CONTENT_SCRIPT_BUDGET_BYTES);
    // The background names the frame's profile: the bundled ones are not parsed on every LMS page.
    expect(contentScript.toString('utf8')).not.toContain('instituteName');
  });

  it('keeps the page observer within 2 KB gzipped, with no profile data in the page world', () => {
    const observer = readFileSync(path.join(dir, 'content-scripts/page-observer.js'));
    expect(gzipSync(observer, { level: 9 }).length).toBeLessThanOrEqual(PAGE_OBSERVER_BUDGET_BYTES);
    // The bundled profiles (institute names, support lines) stay out of the LMS page's own world.
    expect(observer.toString('utf8')).not.toContain('instituteName');
  });

  it('declares the page observer in the page world, from document start, in every frame', () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const scripts = manifest.content_scripts as {
      js: string[];
      world?: string;
      run_at?: string;
      all_frames?: boolean;
      matches: string[];
    }[];
    const observer = scripts.find((script) => script.js.includes('content-scripts/page-observer.js'));
    const checkpoint = scripts.find((script) => script.js.includes('content-scripts/checkpoint.js'));
    expect(observer).toMatchObject({ world: 'MAIN', run_at: 'document_start', all_frames: true });
    expect(checkpoint).toMatchObject({ all_frames: true });
    // Exactly where the checkpoint content script runs: the configured LMS origins.
    expect(observer?.matches).toEqual(checkpoint?.matches);
  });

  it('runs the enrollment script only when asked: built, declared nowhere, small, with no profile data', () => {
    const enrollment = readFileSync(path.join(dir, 'content-scripts/enrollment.js'));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const declared = (manifest.content_scripts as { js: string[] }[]).flatMap((script) => script.js);
    expect(declared).not.toContain('content-scripts/enrollment.js');
    expect(gzipSync(enrollment, { level: 9 }).length).toBeLessThanOrEqual(ENROLLMENT_SCRIPT_BUDGET_BYTES);
    expect(enrollment.toString('utf8')).not.toContain('instituteName');
  });

  it('bundles no React into the content script', () => {
    const text = contentScript.toString('utf8');
    expect(text).not.toMatch(/react\.(element|fragment|portal)|__SECRET_INTERNALS|createRoot|useState/i);
  });

  it('ships no remote code or eval, in any file it ships', () => {
    const shipped = builtFiles(dir).filter((file) => /\.(js|mjs|html)$/.test(file));
    // The background, both content scripts and every page with its chunks.
    expect(shipped.length).toBeGreaterThanOrEqual(8);
    for (const file of shipped) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect({ file, eval: /\beval\(|new Function\(|setTimeout\(\s*["'`]/.exec(text)?.[0] }).toEqual({
        file,
        eval: undefined,
      });
      // A script from anywhere but the package itself: a src or an import with a scheme.
      const remote = /<script[^>]+src=["']?(?:https?:)?\/\/|import\s*\(?\s*["'`]https?:/i.exec(text)?.[0];
      expect({ file, remote }).toEqual({ file, remote: undefined });
    }
  });

  it('declares the manifest the stores require', () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.default_locale).toBe('ko');
    // At most these three API permissions; everything else is host access.
    expect(manifest.permissions).toEqual(['storage', 'scripting', 'activeTab']);
    expect(manifest.optional_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    if (browserName === 'firefox') {
      expect(manifest.browser_specific_settings.gecko.id).toBeTruthy();
      expect(
        manifest.browser_specific_settings.gecko.data_collection_permissions.required.length,
      ).toBeGreaterThan(0);
      const [major] = manifest.browser_specific_settings.gecko.strict_min_version.split('.').map(Number);
      expect(major).toBeGreaterThanOrEqual(140);
      // Firefox for Android is not tested, so the package does not claim it.
      expect(manifest.browser_specific_settings.gecko_android).toBeUndefined();
    } else {
      expect(manifest.browser_specific_settings).toBeUndefined();
      // Below 131 the overlay's per-session URL (use_dynamic_url) is not enforced or loads unreliably.
      expect(Number(manifest.minimum_chrome_version)).toBeGreaterThanOrEqual(131);
    }
  });
});

/** Every file of a built extension, relative to its folder. */
function builtFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}
