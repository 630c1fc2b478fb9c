/**
 * The demo LMS's page scripts (`browser/*.ts`), bundled once per process and sent inline under
 * each page's CSP nonce.
 */
import { bundleBrowserScripts, once } from '../shared/bundle';

/** Entry points, by name: `browser/<name>.ts`. */
export const PAGE_SCRIPTS = ['checkpoint', 'player', 'assessment', 'hrd-app'] as const;

export type PageScriptName = (typeof PAGE_SCRIPTS)[number];

/** The bundled scripts; built on the first call, shared by every later one. */
export const pageScriptBundles = once(
  (): Promise<ReadonlyMap<PageScriptName, string>> =>
    bundleBrowserScripts({
      label: 'demo lms',
      entries: Object.fromEntries(
        PAGE_SCRIPTS.map((name) => [name, new URL(`./browser/${name}.ts`, import.meta.url)]),
      ) as Record<PageScriptName, URL>,
      inline: true,
    }),
);
