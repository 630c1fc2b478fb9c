import { defineConfig } from 'wxt';
import { BUNDLED_LMS_MATCHES } from './lib/profiles/bundled';

/** Fixed add-on id: Firefox MV3 requires one, and policies.json addresses the add-on by it. */
export const GECKO_ID = 'checkpoint-companion@example.org';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  zip: {
    // The sources zip AMO reviewers download: sources only, never test output or local logs.
    excludeSources: ['test-artifacts/**', 'bench-results/**', 'tests/**', '**/*.log', '.demo-data/**'],
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'ko',
    // storage: Dexie needs none, but the trainee's language choice lives in storage.local and the
    // enrollment hand-off in storage.session. tabs is not requested: host access covers tab URLs.
    permissions: ['storage'],
    host_permissions: [...BUNDLED_LMS_MATCHES],
    web_accessible_resources: [
      {
        resources: ['overlay.html'],
        matches: [...BUNDLED_LMS_MATCHES],
      },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // data_collection_permissions needs Firefox 140 (Android 142).
              strict_min_version: '140.0',
              // Only the one-time code leaves the device, into the institute's own LMS form; name, phone,
              // the wrapped key and the history stay in the browser.
              data_collection_permissions: {
                required: ['authenticationInfo'],
              },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
