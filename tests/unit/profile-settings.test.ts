import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ProtocolFailure } from '../../lib/messaging/reply';
import { DEMO_LMS_PROFILE } from '../../lib/profiles/bundled';
import { createProfileSettings, type ProfileSettingsApi } from '../../lib/profiles/settings';
import type { InstituteProfile } from '../../lib/profiles/types';
import { activeProfileItem } from '../../lib/storage/items';

const EXTRA = 'https://lms.example.kr/*';

const INSTITUTE: InstituteProfile = {
  ...DEMO_LMS_PROFILE,
  id: 'example-institute',
  instituteName: '예시 훈련원',
  origins: [EXTRA],
};

/** What `storage.local` (WXT's fake browser, behind the storage items) holds under a key. */
async function stored(key: string): Promise<unknown> {
  return (await fakeBrowser.storage.local.get(key))[key];
}

beforeEach(() => fakeBrowser.reset());

/** A fake extension API: the policy given, granted origins in a set, registered scripts recorded. */
function fakeExtension({ policy }: { policy?: string } = {}) {
  const granted = new Set<string>();
  const registered = new Map<
    string,
    { matches: string[]; js: string[]; world?: string; allFrames: boolean }
  >();
  const api: ProfileSettingsApi = {
    storage: {
      managed: { get: async () => (policy === undefined ? {} : { profileJson: policy }) },
      onChanged: { addListener: () => undefined },
    },
    permissions: {
      contains: async ({ origins }) => origins.every((origin) => granted.has(origin)),
      remove: async ({ origins }) => {
        for (const origin of origins) granted.delete(origin);
        return true;
      },
    },
    scripting: {
      getRegisteredContentScripts: async ({ ids }) =>
        ids.filter((id) => registered.has(id)).map((id) => ({ id })),
      registerContentScripts: async (scripts) => {
        for (const script of scripts)
          registered.set(script.id, {
            matches: script.matches,
            js: script.js,
            allFrames: script.allFrames,
            ...(script.world ? { world: script.world } : {}),
          });
      },
      unregisterContentScripts: async ({ ids }) => {
        for (const id of ids) registered.delete(id);
      },
    },
  };
  return { api, granted, registered };
}

describe('profile settings over the extension API', () => {
  it('asks for an origin the imported profile adds, registers the script once allowed, and removes it after', async () => {
    const fake = fakeExtension();
    const settings = createProfileSettings(fake.api);

    const imported = await settings.importProfile(JSON.stringify(INSTITUTE));
    expect(imported).toMatchObject({ source: 'imported', instituteName: '예시 훈련원', locked: false });
    expect(imported.extraOrigins).toEqual([{ origin: EXTRA, granted: false }]);
    // Not allowed yet: nothing runs there.
    expect(fake.registered.size).toBe(0);

    fake.granted.add(EXTRA);
    const synced = await settings.sync();
    expect(synced.extraOrigins).toEqual([{ origin: EXTRA, granted: true }]);
    // The page observer (page world) and the content script, in every frame, as the manifest has them.
    expect([...fake.registered.values()]).toEqual([
      { matches: [EXTRA], js: ['content-scripts/page-observer.js'], world: 'MAIN', allFrames: true },
      { matches: [EXTRA], js: ['content-scripts/checkpoint.js'], allFrames: true },
    ]);
    // The content script learns the institute's pages from storage.
    expect(await stored('activeProfile')).toMatchObject({
      source: 'imported',
      profile: { id: 'example-institute' },
    });

    const cleared = await settings.clearImported();
    expect(cleared).toMatchObject({ source: 'bundled', extraOrigins: [] });
    expect(fake.registered.size).toBe(0);
    expect(await activeProfileItem.getValue()).toBeNull();
  });

  it('refuses a malformed import naming the field, and keeps the profile that was active', async () => {
    const fake = fakeExtension();
    const settings = createProfileSettings(fake.api);
    await settings.importProfile(JSON.stringify(INSTITUTE));

    const broken = {
      ...INSTITUTE,
      instituteName: '고장 난 훈련원',
      checkpoints: [{ ...INSTITUTE.checkpoints[0], urlPattern: '(' }],
    };
    const failure = await settings.importProfile(JSON.stringify(broken)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProtocolFailure);
    expect((failure as ProtocolFailure).error).toMatchObject({
      code: 'profileInvalid',
      field: 'checkpoints.0.urlPattern',
    });
    expect(await settings.read()).toMatchObject({ source: 'imported', instituteName: '예시 훈련원' });

    const notJson = await settings.importProfile('{ nope').catch((error: unknown) => error);
    expect((notJson as ProtocolFailure).error).toMatchObject({ code: 'profileInvalid', field: '(file)' });
  });

  it('applies a policy over an import, refuses imports while it holds, and keeps it through a broken policy', async () => {
    const policyProfile = { ...INSTITUTE, instituteName: '정책 훈련원' };
    const fake = fakeExtension({ policy: JSON.stringify(policyProfile) });
    const settings = createProfileSettings(fake.api);

    expect(await settings.read()).toMatchObject({
      source: 'policy',
      instituteName: '정책 훈련원',
      locked: true,
    });
    const refused = await settings.importProfile(JSON.stringify(INSTITUTE)).catch((error: unknown) => error);
    expect((refused as ProtocolFailure).error.code).toBe('profileLocked');

    // The policy is replaced by a broken one: refused with its field, the last good policy stays.
    const broken = createProfileSettings(
      fakeExtensionWithStorage(fake, JSON.stringify({ ...policyProfile, support: { phone: 'call us' } })),
    );
    const view = await broken.read();
    expect(view).toMatchObject({ source: 'policy', instituteName: '정책 훈련원' });
    expect(view.refusals).toEqual([
      { source: 'policy', error: { path: 'support.phone', message: expect.any(String) } },
    ]);
  });

  describe('sites enabled for HRD mOTP ("이 사이트에서 사용")', () => {
    const SITE = 'https://lms.hrd-user.kr:8443';
    const GRANT = 'https://lms.hrd-user.kr/*';

    it('refuses a site the browser has not granted, and enables nothing', async () => {
      const fake = fakeExtension();
      const settings = createProfileSettings(fake.api);
      const refused = await settings.enableSite(SITE).catch((error: unknown) => error);
      expect((refused as ProtocolFailure).error.code).toBe('siteNotGranted');
      expect(await stored('enabledSites')).toBeUndefined();
      expect(fake.registered.size).toBe(0);
      for (const notAPage of ['moz-extension://abc/popup.html', 'file:///tmp/a.html', 'not a url']) {
        fake.granted.add(notAPage);
        const error = await settings.enableSite(notAPage).catch((failure: unknown) => failure);
        expect((error as ProtocolFailure).error.code).toBe('siteNotGranted');
      }
    });

    it('enables a granted site by its exact origin in every frame, lists it, and stops it with its grant', async () => {
      const fake = fakeExtension();
      const settings = createProfileSettings(fake.api);
      fake.granted.add(GRANT);
      // A page URL comes in; the exact origin (port included) is what is kept.
      const view = await settings.enableSite(`${SITE}/classroom/view.do?crsId=7`);
      expect(view.enabledSites).toEqual([{ origin: SITE, granted: true }]);
      expect(await stored('enabledSites')).toEqual([SITE]);
      expect([...fake.registered.values()]).toEqual([
        { matches: [GRANT], js: ['content-scripts/page-observer.js'], world: 'MAIN', allFrames: true },
        { matches: [GRANT], js: ['content-scripts/checkpoint.js'], allFrames: true },
      ]);
      // Enabling twice keeps one entry.
      await settings.enableSite(SITE);
      expect(await stored('enabledSites')).toEqual([SITE]);

      const stopped = await settings.disableSite(SITE);
      expect(stopped.enabledSites).toEqual([]);
      expect(fake.registered.size).toBe(0);
      expect(fake.granted.has(GRANT)).toBe(false);
    });

    it("enables a site the manifest's own scripts cover without registering a second pair there", async () => {
      const fake = fakeExtension();
      const settings = createProfileSettings(fake.api);
      // A bundled origin whose bundled profile a policy or an import replaced: the manifest's
      // content scripts already run there, so the site is listed but nothing more is registered.
      const bundledSite = 'http://127.0.0.4:8610';
      fake.granted.add('http://127.0.0.4/*');
      const view = await settings.enableSite(bundledSite);
      expect(view.enabledSites).toEqual([{ origin: bundledSite, granted: true }]);
      expect(fake.registered.size).toBe(0);
      fake.granted.add(GRANT);
      await settings.enableSite(SITE);
      expect([...fake.registered.values()].map((script) => script.matches)).toEqual([[GRANT], [GRANT]]);
    });

    it('keeps the grant when an imported profile still needs the host, and ignores a corrupt list', async () => {
      const fake = fakeExtension();
      const settings = createProfileSettings(fake.api);
      await settings.importProfile(JSON.stringify({ ...INSTITUTE, origins: [GRANT] }));
      fake.granted.add(GRANT);
      await settings.enableSite(SITE);
      await settings.disableSite(SITE);
      expect(fake.granted.has(GRANT)).toBe(true);
      // The institute's profile still runs there.
      expect([...fake.registered.values()].map((script) => script.matches)).toEqual([[GRANT], [GRANT]]);

      await fakeBrowser.storage.local.set({
        enabledSites: [42, 'javascript:alert(1)', { origin: SITE }, SITE],
      });
      expect((await settings.read()).enabledSites).toEqual([{ origin: SITE, granted: true }]);
    });
  });
});

/** The same storage and grants as `fake`, with another policy. */
function fakeExtensionWithStorage(
  fake: ReturnType<typeof fakeExtension>,
  policy: string,
): ProfileSettingsApi {
  return {
    ...fake.api,
    storage: { ...fake.api.storage, managed: { get: async () => ({ profileJson: policy }) } },
  };
}
