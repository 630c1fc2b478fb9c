import { defineConfig } from 'wxt';
import { BUNDLED_LMS_MATCHES } from './lib/profiles/bundled';

/** Fixed add-on id: Firefox MV3 requires one, and policies.json addresses the add-on by it. */
export const GECKO_ID = 'checkpoint-companion@example.org';

/**
 * The content scripts that run on the bundled LMS origins (entrypoints/page-observer.content.ts,
 * entrypoints/checkpoint.content/): their matches are filled in here, at build, because importing
 * the profiles into either would bundle them into every LMS page.
 */
const LMS_CONTENT_SCRIPTS = ['content-scripts/page-observer.js', 'content-scripts/checkpoint.js'];

/** The oldest Chromium the extension is built and tested for; see the manifest below. */
export const MINIMUM_CHROME_VERSION = '131';

export default defineConfig({
  // webextension-polyfill is imported where it is needed (lib/browser.ts), not aliased globally, so
  // the content script can stay on the browsers' own API and small.
  modules: ['@wxt-dev/module-react'],
  manifestVersion: 3,
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      for (const script of manifest.content_scripts ?? []) {
        if (script.js?.some((file) => LMS_CONTENT_SCRIPTS.includes(file)))
          script.matches = [...BUNDLED_LMS_MATCHES];
      }
    },
  },
  zip: {
    // The sources zip AMO reviewers download: sources only, never test output or local logs.
    excludeSources: ['test-artifacts/**', 'bench-results/**', 'tests/**', '**/*.log', '.demo-data/**'],
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'ko',
    // storage: the language choice, the imported/active profile, the enabled sites, and the policy
    // (storage.managed). scripting: the content script is registered on origins an institute
    // profile adds or the trainee enables, once allowed, and the toolbar's check reads the current
    // page. activeTab: that check, only on the tab whose toolbar button the trainee pressed. tabs
    // is not requested: host access covers LMS tab URLs.
    permissions: ['storage', 'scripting', 'activeTab'],
    host_permissions: [...BUNDLED_LMS_MATCHES],
    // An institute's own LMS origins (from its profile), or the site the trainee enables from the
    // toolbar, are asked for one at a time at the moment they are needed. http: some LMSes still
    // serve plain http.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    web_accessible_resources: [
      {
        resources: ['overlay.html'],
        // The overlay is mounted by the content script, which runs only where a profile says or the
        // trainee enabled; the wildcards are for those origins, unknown at build time. Chromium serves it
        // under a per-session URL (use_dynamic_url) so pages cannot fingerprint the extension.
        matches: [...BUNDLED_LMS_MATCHES, 'https://*/*', 'http://*/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    ...(browser === 'firefox'
      ? {}
      : {
          storage: { managed_schema: 'managed_schema.json' },
          // What the code needs: main-world content scripts (111), the Navigation API (102), and an
          // overlay served only under the per-session URL, which Chromium enforces from 130 and
          // loads reliably from 131 (docs/decisions.md).
          minimum_chrome_version: MINIMUM_CHROME_VERSION,
        }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // data_collection_permissions needs Firefox 140. No gecko_android: Firefox for Android is
              // not tested, so the package does not claim it.
              strict_min_version: '140.0',
              // Only the one-time code leaves the device, into the institute's own LMS form; name, phone,
              // the wrapped key and the history stay in the browser.
              data_collection_permissions: {
                required: ['authenticationInfo'],
              },
            },
          },
        }
      : {}),
  }),
});
