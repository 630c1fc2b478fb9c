import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import addonsLinter, { type LinterMessage, type LinterOutput } from 'addons-linter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_NAMES, extensionBuildDir, ROOT } from '../../scripts/browsers';
import { readZip } from './zip';

/**
 * What a store reviewer checks, on the built packages (`npm run build` first): Mozilla's
 * addons-linter passes the Firefox build without errors; both manifests ask for exactly the
 * permissions README.md lists with a reason; icons exist at every store size; PRIVACY.md names
 * the data collection the Firefox manifest declares; and the sources zip of `npm run zip`
 * rebuilds the Firefox package file for file from nothing but its own contents.
 */

interface Manifest {
  readonly default_locale?: string;
  readonly permissions?: readonly string[];
  readonly optional_permissions?: readonly string[];
  readonly host_permissions?: readonly string[];
  readonly optional_host_permissions?: readonly string[];
  readonly web_accessible_resources?: readonly { resources: string[]; matches?: string[] }[];
  readonly icons?: Record<string, string>;
  readonly browser_specific_settings?: {
    gecko?: { data_collection_permissions?: { required?: string[]; optional?: string[] } };
  };
}

const STORE_ICON_SIZES = ['16', '32', '48', '96', '128'];

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/**
 * The bullets under README.md's "## Permissions": "- `permission` — reason", one per permission,
 * up to the next level-2 heading. A bullet in another form fails, rather than being skipped.
 */
function readmePermissions(readme: string): Map<string, string> {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^## Permissions\s*$/.test(line));
  if (start < 0) throw new Error('README.md has no "## Permissions" section');
  const listed = new Map<string, string>();
  let inCode = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('```')) inCode = !inCode;
    if (inCode) continue;
    if (/^#{1,2} /.test(line)) break;
    if (!line.startsWith('- ')) continue;
    const bullet = /^- `([^`]+)` [—–-] (\S.*)$/.exec(line);
    if (!bullet?.[1] || !bullet[2])
      throw new Error(`README.md "## Permissions": not "- \`permission\` — reason": ${line}`);
    if (listed.has(bullet[1])) throw new Error(`README.md "## Permissions" lists ${bullet[1]} twice`);
    listed.set(bullet[1], bullet[2].trim());
  }
  return listed;
}

function requestedPermissions(manifest: Manifest): string[] {
  return [
    ...(manifest.permissions ?? []),
    ...(manifest.optional_permissions ?? []),
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
  ];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  if (bytes.toString('latin1', 1, 4) !== 'PNG' || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error(`${file} is not a PNG`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function lint(dir: string): Promise<LinterOutput> {
  const linter = addonsLinter.createInstance({
    config: {
      _: [dir],
      logLevel: 'fatal',
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: 'none',
      boring: true,
      selfHosted: false,
      shouldScanFile: () => true,
    },
    runAsBinary: false,
  });
  return linter.run();
}

function describeMessage(message: LinterMessage): string {
  const where = message.file ? ` (${message.file}${message.line ? `:${message.line}` : ''})` : '';
  const description = Array.isArray(message.description)
    ? message.description.join(' ')
    : String(message.description);
  return `${message.code}${where}: ${message.message} — ${description}`;
}

describe.each(BROWSER_NAMES)('the %s package', (browserName) => {
  const dir = extensionBuildDir(browserName);
  const manifest = readManifest(dir);

  it('asks for exactly the permissions README.md lists under "## Permissions", each with a reason', () => {
    const documented = readmePermissions(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect([...requestedPermissions(manifest)].sort()).toEqual([...documented.keys()].sort());
    for (const [permission, reason] of documented) {
      expect(reason.length, `the reason given for ${permission}`).toBeGreaterThan(10);
    }
  });

  it('makes only the overlay page web-accessible, and only to origins it has host access to', () => {
    const hostAccess = new Set([
      ...(manifest.host_permissions ?? []),
      ...(manifest.optional_host_permissions ?? []),
    ]);
    expect(manifest.web_accessible_resources?.length ?? 0).toBeGreaterThan(0);
    for (const entry of manifest.web_accessible_resources ?? []) {
      expect(entry.resources).toEqual(['overlay.html']);
      expect(entry.matches?.length ?? 0).toBeGreaterThan(0);
      for (const match of entry.matches ?? []) expect(hostAccess).toContain(match);
    }
  });

  it('has an icon at every size the stores ask for, each a PNG of that size', () => {
    expect(Object.keys(manifest.icons ?? {}).sort()).toEqual([...STORE_ICON_SIZES].sort());
    for (const [size, file] of Object.entries(manifest.icons ?? {})) {
      expect(pngSize(path.join(dir, file)), `icon ${file}`).toEqual({
        width: Number(size),
        height: Number(size),
      });
    }
  });

  it("fits every locale's name and description into the stores' limits", () => {
    // addons-linter's manifest schema caps the name at 45 characters (it checks only the default
    // locale; AMO shows every locale); Chrome caps the description at 132.
    const locales = readdirSync(path.join(dir, '_locales'));
    expect(locales.sort()).toEqual(['en', 'ko']);
    for (const locale of locales) {
      const messages = JSON.parse(readFileSync(path.join(dir, '_locales', locale, 'messages.json'), 'utf8'));
      const name: string = messages.extName?.message ?? '';
      const description: string = messages.extDescription?.message ?? '';
      expect(name.length, `${locale} extName "${name}"`).toBeGreaterThanOrEqual(2);
      expect(name.length, `${locale} extName "${name}"`).toBeLessThanOrEqual(45);
      expect(description.length, `${locale} extDescription`).toBeGreaterThan(0);
      expect(description.length, `${locale} extDescription`).toBeLessThanOrEqual(132);
    }
  });
});

describe('the Firefox package and Mozilla addons-linter', () => {
  const dir = extensionBuildDir('firefox');

  it('passes addons-linter without errors (warnings and notices are printed)', async () => {
    const output = await lint(dir);
    for (const warning of output.warnings) console.warn(`addons-linter warning: ${describeMessage(warning)}`);
    for (const notice of output.notices) console.info(`addons-linter notice: ${describeMessage(notice)}`);
    expect(output.errors.map(describeMessage)).toEqual([]);
    expect(output.summary.errors).toBe(0);
  });

  it('the linter does catch a broken manifest (so the pass above means something)', async () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'cc-lint-'));
    try {
      cpSync(dir, broken, { recursive: true });
      const manifest = JSON.parse(readFileSync(path.join(broken, 'manifest.json'), 'utf8'));
      manifest.browser_specific_settings.gecko.data_collection_permissions.required = ['notACategory'];
      writeFileSync(path.join(broken, 'manifest.json'), JSON.stringify(manifest));
      const output = await lint(broken);
      expect(output.summary.errors).toBeGreaterThan(0);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('PRIVACY.md explains, in Korean and in English, each data collection category the manifest declares', () => {
    const declared = readManifest(dir).browser_specific_settings?.gecko?.data_collection_permissions;
    const categories = [...(declared?.required ?? []), ...(declared?.optional ?? [])];
    expect(declared?.required).toEqual(['authenticationInfo']);
    const privacy = readFileSync(path.join(ROOT, 'PRIVACY.md'), 'utf8');
    const english = privacy.indexOf('\n# Privacy policy');
    expect(english, 'PRIVACY.md: Korean first, then "# Privacy policy"').toBeGreaterThan(0);
    for (const part of [privacy.slice(0, english), privacy.slice(english)]) {
      for (const category of categories) expect(part).toContain(`\`${category}\``);
    }
  });
});

/** The listing texts of `store/` agree with the packages the stores read them beside. */
describe.each([
  { lang: 'ko', name: '이름', summary: '짧은 설명', permissions: '권한 사용 이유' },
  { lang: 'en', name: 'Name', summary: 'Short description', permissions: 'Permission justifications' },
])('the $lang store listing', ({ lang, name, summary, permissions }) => {
  const listing = readFileSync(path.join(ROOT, 'store', `listing.${lang}.md`), 'utf8');
  const messages = JSON.parse(
    readFileSync(path.join(extensionBuildDir('chromium'), '_locales', lang, 'messages.json'), 'utf8'),
  );

  it("repeats the manifest's name and description, which the stores take from the package", () => {
    expect(firstParagraph(markdownSection(listing, name))).toBe(messages.extName.message);
    const shortDescription = firstParagraph(markdownSection(listing, summary));
    expect(shortDescription).toBe(messages.extDescription.message);
    expect(shortDescription.length).toBeLessThanOrEqual(132);
  });

  it('justifies every permission either package asks for', () => {
    const justifications = markdownSection(listing, permissions);
    const asked = new Set(
      BROWSER_NAMES.flatMap((browser) => requestedPermissions(readManifest(extensionBuildDir(browser)))),
    );
    for (const permission of asked) expect(justifications).toContain(`\`${permission}\``);
  });
});

/** The text under `## heading`, up to the next level-2 heading. */
function markdownSection(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function firstParagraph(text: string): string {
  return (
    text
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s*\n\s*/g, ' ') ?? ''
  );
}

/**
 * The environment for the build commands below: the test runner's own variables (NODE_ENV=test,
 * VITEST_*, Vite's MODE/DEV/PROD…) would change what Vite builds, so they are left out.
 */
function buildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(NODE_ENV|VITEST.*|TEST|MODE|DEV|PROD|SSR|BASE_URL)$/.test(key),
    ),
  );
  return { ...env, ...extra };
}

/**
 * `npm run zip` for Firefox, into a temporary directory (so `.output/` is left to whoever else is
 * testing): the package and the sources zip AMO asks for. The sources are then built the way
 * SOURCE_CODE_REVIEW.md tells a reviewer, with the installed packages standing in for `npm ci`.
 */
describe('the Firefox sources zip', () => {
  let outDir: string;
  let sources: Map<string, Buffer>;
  let firefoxPackage: Map<string, Buffer>;
  const probeDir = path.join(ROOT, 'test-artifacts');
  const probe = path.join(probeDir, 'store-package-probe.txt');

  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'cc-zip-'));
    // A file where test screenshots go: it must not end up in what reviewers download.
    mkdirSync(probeDir, { recursive: true });
    writeFileSync(probe, 'not a source file\n');
    try {
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { zip } from 'wxt'; await zip({ browser: 'firefox', manifestVersion: 3, outDir: process.env.CC_ZIP_OUT });",
        ],
        { cwd: ROOT, env: buildEnv({ CC_ZIP_OUT: outDir }), stdio: 'pipe' },
      );
    } finally {
      rmSync(probe, { force: true });
    }
    const zips = readdirSync(outDir).filter((name) => name.endsWith('.zip'));
    const sourcesZip = zips.find((name) => name.endsWith('-sources.zip'));
    const firefoxZip = zips.find((name) => name.endsWith('-firefox.zip'));
    if (!sourcesZip || !firefoxZip) throw new Error(`npm run zip made ${zips.join(', ')}`);
    sources = readZip(path.join(outDir, sourcesZip));
    firefoxPackage = readZip(path.join(outDir, firefoxZip));
  }, 120_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('holds the build instructions and everything the build reads', () => {
    for (const file of [
      'SOURCE_CODE_REVIEW.md',
      'PRIVACY.md',
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'tsconfig.json',
      'scripts/bundle-sizes.mjs',
      'public/icon/128.png',
      'public/_locales/ko/messages.json',
      'entrypoints/background/index.ts',
      'lib/profiles/bundled.ts',
    ]) {
      expect([...sources.keys()], file).toContain(file);
    }
  });

  it('holds nothing generated or ignored: no build output, dependencies, test artifacts or dot files', () => {
    const unwanted = [...sources.keys()].filter((name) =>
      /^(\.output|node_modules|test-artifacts|bench-results|\.demo-data|\.wxt)\/|(^|\/)\./.test(name),
    );
    expect(unwanted).toEqual([]);
  });

  it('rebuilds the Firefox package file for file with `npm run build`, offline', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'cc-sources-'));
    try {
      for (const [name, bytes] of sources) {
        mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
        writeFileSync(path.join(work, name), bytes);
      }
      // Stands in for `npm ci` (no network in tests): the same locked packages, already installed.
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
      execFileSync('npm', ['run', 'build'], { cwd: work, env: buildEnv(), stdio: 'pipe' });
      const rebuilt = path.join(work, '.output', 'firefox-mv3');
      const files = listFiles(rebuilt);
      expect(files.sort()).toEqual([...firefoxPackage.keys()].sort());
      const differing = files.filter(
        (file) => !readFileSync(path.join(rebuilt, file)).equals(firefoxPackage.get(file) ?? Buffer.alloc(0)),
      );
      expect(differing).toEqual([]);
      expect(existsSync(path.join(work, '.output', 'chrome-mv3', 'manifest.json'))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory()
      ? listFiles(path.join(dir, name), relative)
      : [relative];
  });
}
