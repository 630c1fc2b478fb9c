/**
 * Bundles the sites' browser scripts (`browser/*.ts`) once per process into plain IIFE scripts
 * served as `/static/*.js`.
 */
import { bundleBrowserScripts, once } from '../shared/bundle';

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
  'generic-classroom',
] as const;

export type BrowserEntry = (typeof BROWSER_ENTRIES)[number];

/** The identifier the loader reads its configuration from; replaced per response. */
export const LOADER_CONFIG_TOKEN = '__HRD_LOADER_CONFIG__';

/** The bundled scripts; built on the first call, shared by every later one. */
export const browserBundles = once(async (): Promise<ReadonlyMap<BrowserEntry, string>> => {
  const byName = await bundleBrowserScripts({
    label: 'hrd demo sites',
    entries: Object.fromEntries(
      BROWSER_ENTRIES.map((name) => [name, new URL(`./browser/${name}.ts`, import.meta.url)]),
    ) as Record<BrowserEntry, URL>,
  });
  const loader = byName.get('hrd-frame-loader') ?? '';
  if (loader.split(LOADER_CONFIG_TOKEN).length !== 2) {
    throw new Error(`hrd demo sites: the loader must read ${LOADER_CONFIG_TOKEN} exactly once`);
  }
  return byName;
});
