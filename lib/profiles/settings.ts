/**
 * The profile sources over browser storage: the policy in `storage.managed` (Chrome's managed
 * storage with `managed_schema.json`; Firefox's policies.json "3rdparty" for the add-on id),
 * the imported profile and the last good custom profile in `storage.local`, and the content
 * script registered dynamically on the extra origins the trainee allowed.
 */

import type { ProfileSettingsView } from '../messaging/protocol';
import { ProtocolFailure } from '../messaging/reply';
import { BUNDLED_PROFILES, HRD_GENERIC_PROFILE_ID } from './bundled';
import { patternCovers } from './origins';
import type { ProfileSettings } from './profile-settings';
import { parseProfile } from './schema';
import { siteOrigin, sitePermission } from './sites';
import { type ActiveProfile, extraOrigins, type ResolvedProfiles, resolveProfiles } from './sources';

/** The managed-storage key an institute's policy sets: the profile as a JSON string. */
export const POLICY_PROFILE_KEY = 'profileJson';
export const IMPORTED_PROFILE_KEY = 'importedProfile';
/** The last good custom profile: kept when a later policy or import is refused. */
export const ACTIVE_PROFILE_KEY = 'activeProfile';
/** Sites the trainee enabled for HRD's mOTP: exact origins. */
export const ENABLED_SITES_KEY = 'enabledSites';
const DYNAMIC_SCRIPT_ID = 'checkpoint-profile-origins';
/** The page observer on those origins (page world, from document start, every frame). */
const DYNAMIC_OBSERVER_ID = 'checkpoint-profile-origins-observer';

/** The parts of the extension API the profile sources use (the polyfill's `browser` fits). */
export interface ProfileSettingsApi {
  readonly storage: {
    readonly local: {
      get(keys: string | string[]): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string): Promise<void>;
    };
    readonly managed: { get(keys: string): Promise<Record<string, unknown>> };
    readonly onChanged: { addListener(listener: (changes: object, area: string) => void): void };
  };
  readonly permissions: {
    contains(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
  };
  readonly scripting?: {
    getRegisteredContentScripts(filter: { ids: string[] }): Promise<readonly unknown[]>;
    registerContentScripts(
      scripts: {
        id: string;
        matches: string[];
        js: string[];
        runAt: 'document_idle' | 'document_start';
        allFrames: boolean;
        world?: 'MAIN' | 'ISOLATED';
        persistAcrossSessions: boolean;
      }[],
    ): Promise<void>;
    unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  };
}

export interface BrowserProfileSettings extends ProfileSettings {
  /** Resolves the sources and remembers the active custom profile when it changed. */
  loadProfiles(): Promise<ResolvedProfiles>;
  /** Keeps the dynamic content scripts in step when a policy arrives or changes. */
  watchPolicy(): void;
}

/** The profile sources over an extension API: the real one in the background, a fake in tests. */
export function createProfileSettings(browser: ProfileSettingsApi): BrowserProfileSettings {
  async function readPolicy(): Promise<unknown> {
    try {
      const managed = await browser.storage.managed.get(POLICY_PROFILE_KEY);
      const raw = managed[POLICY_PROFILE_KEY];
      if (typeof raw !== 'string') return raw ?? undefined;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        // Kept as a string so the schema refuses it with a message rather than it vanishing.
        return raw;
      }
    } catch {
      // No policy at all (no managed storage on this browser or profile): nothing to apply.
      return undefined;
    }
  }

  /** Resolves the sources and remembers the active custom profile when it changed. */
  async function readEnabledSites(): Promise<string[]> {
    const stored = (await browser.storage.local.get(ENABLED_SITES_KEY))[ENABLED_SITES_KEY];
    return Array.isArray(stored)
      ? stored.filter((site): site is string => siteOrigin(String(site)) === site)
      : [];
  }

  async function loadProfiles(): Promise<ResolvedProfiles> {
    const local = await browser.storage.local.get([IMPORTED_PROFILE_KEY, ACTIVE_PROFILE_KEY]);
    const previous = (local[ACTIVE_PROFILE_KEY] as ActiveProfile | undefined) ?? null;
    const resolved = resolveProfiles({
      policy: await readPolicy(),
      imported: local[IMPORTED_PROFILE_KEY],
      previous,
      bundled: BUNDLED_PROFILES,
      enabledSites: await readEnabledSites(),
    });
    if (JSON.stringify(resolved.active) !== JSON.stringify(previous)) {
      await browser.storage.local.set({ [ACTIVE_PROFILE_KEY]: resolved.active });
    }
    return resolved;
  }

  async function view(resolved: ResolvedProfiles): Promise<ProfileSettingsView> {
    const profile = resolved.profiles[0] ?? BUNDLED_PROFILES[0];
    if (!profile) throw new ProtocolFailure({ code: 'internal' });
    const extra = resolved.active ? extraOrigins(resolved.active.profile, BUNDLED_PROFILES) : [];
    const granted = await Promise.all(
      extra.map((origin) => browser.permissions.contains({ origins: [origin] }).catch(() => false)),
    );
    const sites = await readEnabledSites();
    const sitesGranted = await Promise.all(sites.map((site) => isGranted(site)));
    return {
      source: resolved.active?.source ?? 'bundled',
      instituteName: profile.instituteName,
      origins: profile.origins,
      support: profile.support,
      branding: profile.branding ?? null,
      locked: resolved.active?.source === 'policy',
      refusals: resolved.refusals,
      extraOrigins: extra.map((origin, index) => ({ origin, granted: granted[index] ?? false })),
      enabledSites: sites.map((origin, index) => ({ origin, granted: sitesGranted[index] ?? false })),
      configuredOrigins: resolved.profiles
        .filter((candidate) => candidate.id !== HRD_GENERIC_PROFILE_ID)
        .flatMap((candidate) => candidate.origins),
    };
  }

  const isGranted = (site: string) =>
    browser.permissions.contains({ origins: [sitePermission(site)] }).catch(() => false);

  /**
   * Registers the content script on the active profile's extra origins that the trainee allowed,
   * and unregisters it everywhere else (a profile that no longer names an origin leaves nothing).
   */
  async function syncContentScripts(resolved: ResolvedProfiles): Promise<void> {
    if (!browser.scripting?.registerContentScripts) return;
    const extra = resolved.active ? extraOrigins(resolved.active.profile, BUNDLED_PROFILES) : [];
    const allowed: string[] = [];
    for (const origin of extra) {
      if (await browser.permissions.contains({ origins: [origin] }).catch(() => false)) allowed.push(origin);
    }
    for (const site of await readEnabledSites()) {
      const pattern = sitePermission(site);
      if (!allowed.includes(pattern) && (await isGranted(site))) allowed.push(pattern);
    }
    const ids = [DYNAMIC_SCRIPT_ID, DYNAMIC_OBSERVER_ID];
    const existing = (await browser.scripting.getRegisteredContentScripts({ ids })) as { id?: string }[];
    const registered = existing.flatMap((script) => (script.id ? [script.id] : []));
    if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: registered });
    if (allowed.length === 0) return;
    // The same pair the manifest declares for the bundled origins.
    await browser.scripting.registerContentScripts([
      {
        id: DYNAMIC_OBSERVER_ID,
        matches: allowed,
        js: ['content-scripts/page-observer.js'],
        runAt: 'document_start',
        allFrames: true,
        world: 'MAIN',
        persistAcrossSessions: true,
      },
      {
        id: DYNAMIC_SCRIPT_ID,
        matches: allowed,
        js: ['content-scripts/checkpoint.js'],
        runAt: 'document_idle',
        allFrames: true,
        persistAcrossSessions: true,
      },
    ]);
  }

  const settings: ProfileSettings = {
    read: async () => view(await loadProfiles()),
    importProfile: async (json) => {
      const current = await loadProfiles();
      if (current.active?.source === 'policy') throw new ProtocolFailure({ code: 'profileLocked' });
      let data: unknown;
      try {
        data = JSON.parse(json);
      } catch {
        throw new ProtocolFailure({ code: 'profileInvalid', field: '(file)', detail: 'not JSON' });
      }
      const parsed = parseProfile(data);
      if (!parsed.ok) {
        throw new ProtocolFailure({
          code: 'profileInvalid',
          field: parsed.error.path,
          detail: parsed.error.message,
        });
      }
      await browser.storage.local.set({ [IMPORTED_PROFILE_KEY]: parsed.value });
      const resolved = await loadProfiles();
      await syncContentScripts(resolved);
      return view(resolved);
    },
    clearImported: async () => {
      await browser.storage.local.remove(IMPORTED_PROFILE_KEY);
      const local = await browser.storage.local.get(ACTIVE_PROFILE_KEY);
      if ((local[ACTIVE_PROFILE_KEY] as ActiveProfile | null)?.source === 'imported') {
        await browser.storage.local.set({ [ACTIVE_PROFILE_KEY]: null });
      }
      const resolved = await loadProfiles();
      await syncContentScripts(resolved);
      return view(resolved);
    },
    sync: async () => {
      const resolved = await loadProfiles();
      await syncContentScripts(resolved);
      return view(resolved);
    },
    enableSite: async (url) => {
      const site = siteOrigin(url);
      // The browser's grant comes first (the popup asked for it in the trainee's click).
      if (!site || !(await isGranted(site))) throw new ProtocolFailure({ code: 'siteNotGranted' });
      const sites = await readEnabledSites();
      if (!sites.includes(site)) await browser.storage.local.set({ [ENABLED_SITES_KEY]: [...sites, site] });
      const resolved = await loadProfiles();
      await syncContentScripts(resolved);
      return view(resolved);
    },
    disableSite: async (url) => {
      const site = siteOrigin(url);
      const sites = await readEnabledSites();
      if (site && sites.includes(site)) {
        await browser.storage.local.set({ [ENABLED_SITES_KEY]: sites.filter((other) => other !== site) });
      }
      const resolved = await loadProfiles();
      await syncContentScripts(resolved);
      // Dropped unless a profile still needs the same host (another port of it, or its own origin).
      const pattern = site ? sitePermission(site) : null;
      const stillNeeded =
        pattern !== null &&
        (resolved.active ? extraOrigins(resolved.active.profile, BUNDLED_PROFILES) : []).some((origin) =>
          patternCovers(pattern, origin),
        );
      const otherPort = (await readEnabledSites()).some((other) => sitePermission(other) === pattern);
      if (pattern && !stillNeeded && !otherPort) {
        await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
      }
      return view(resolved);
    },
  };

  function watchPolicy(): void {
    browser.storage.onChanged.addListener((_changes, area) => {
      if (area === 'managed')
        void loadProfiles()
          .then(syncContentScripts)
          .catch(() => undefined);
    });
  }

  return { ...settings, loadProfiles, watchPolicy };
}
