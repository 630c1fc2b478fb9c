/**
 * Bundles the sites' browser scripts (`browser/*.ts`, real TypeScript the repository's type-check
 * and linter see) with esbuild, once per process, into plain IIFE scripts served as `/static/*.js`.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Entry points, by the name they are served under (`/static/<name>.js`). */
export const BROWSER_ENTRIES = [
  'hrd-frame-loader',
  'motp-app',
  'popup-course',
  'popup-checkpoint',
  'player-box',
  'layer-classroom',
  'layer-exam',
  'identity-phone',
] as const;

export type BrowserEntry = (typeof BROWSER_ENTRIES)[number];

/** The identifier the loader reads its configuration from; replaced per response. */
export const LOADER_CONFIG_TOKEN = '__HRD_LOADER_CONFIG__';

let bundles: Promise<ReadonlyMap<BrowserEntry, string>> | null = null;

/** The bundled scripts; built on the first call, shared by every later one. */
export function browserBundles(): Promise<ReadonlyMap<BrowserEntry, string>> {
  bundles ??= buildBundles().catch((error: unknown) => {
    bundles = null;
    throw error;
  });
  return bundles;
}

async function buildBundles(): Promise<ReadonlyMap<BrowserEntry, string>> {
  const result = await build({
    entryPoints: Object.fromEntries(
      BROWSER_ENTRIES.map((name) => [name, fileURLToPath(new URL(`./browser/${name}.ts`, import.meta.url))]),
    ),
    outdir: 'bundles',
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const byName = new Map<BrowserEntry, string>();
  for (const file of result.outputFiles) {
    const name = BROWSER_ENTRIES.find((entry) => basename(file.path) === `${entry}.js`);
    if (name) byName.set(name, file.text);
  }
  for (const name of BROWSER_ENTRIES) {
    if (!byName.has(name)) throw new Error(`hrd demo sites: bundle ${name}.js is missing`);
  }
  const loader = byName.get('hrd-frame-loader') ?? '';
  if (loader.split(LOADER_CONFIG_TOKEN).length !== 2) {
    throw new Error(`hrd demo sites: the loader must read ${LOADER_CONFIG_TOKEN} exactly once`);
  }
  return byName;
}
