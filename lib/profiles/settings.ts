/**
 * The profile sources over browser storage: the policy in `storage.managed` (Chrome's managed
 * storage with `managed_schema.json`; Firefox's policies.json "3rdparty" for the add-on id),
 * the imported profile, the last good custom profile and the enabled sites in `storage.local`
 * (declared in `lib/storage/items.ts`), and the content
 * script registered dynamically on the extra origins the trainee allowed.
 */

import type { ProfileSettingsView } from '../messaging/protocol';
import { ProtocolFailure } from '../messaging/reply';
import { activeProfileItem, enabledSitesItem, importedProfileItem } from '../storage/items';
import { BUNDLED_LMS_MATCHES, BUNDLED_PROFILES, HRD_GENERIC_PROFILE_ID } from './bundled';
import { patternCovers } from './origins';
import type { ProfileSettings } from './profile-settings';
import { parseProfile } from './schema';
import { siteOrigin, sitePermission } from './sites';
import { extraOrigins, type ResolvedProfiles, resolveProfiles } from './sources';

/** The managed-storage key an institute's policy sets: the profile as a JSON string. */
export const POLICY_PROFILE_KEY = 'profileJson';
const DYNAMIC_SCRIPT_ID = 'checkpoint-profile-origins';
/** The page observer on those origins (page world, from document start, every frame). */
const DYNAMIC_OBSERVER_ID = 'checkpoint-profile-origins-observer';

/** The parts of the extension API the profile sources use (the polyfill's `browser` fits). */
export interface ProfileSettingsApi {
  readonly storage: {
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
export function createProfileSettings(api: ProfileSettingsApi): BrowserProfileSettings {
  /** After every change: resolve again, keep the dynamic scripts in step, answer the new view. */
  const settled = async (): Promise<ProfileSettingsView> => {
    const resolved = await loadProfiles(api);
    await syncContentScripts(api, resolved);
    return profileView(api, resolved);
  };
  return {
    read: async () => profileView(api, await loadProfiles(api)),
    importProfile: async (json) => {
      await importProfile(api, json);
      return settled();
    },
    clearImported: async () => {
      await clearImported();
      return settled();
    },
    sync: settled,
    enableSite: async (url) => {
      await enableSite(api, url);
      return settled();
    },
    disableSite: async (url) => {
      const site = siteOrigin(url);
      await disableSite(site);
      const resolved = await loadProfiles(api);
      await syncContentScripts(api, resolved);
      await releaseSiteGrant(api, site, resolved);
      return profileView(api, resolved);
    },
    loadProfiles: () => loadProfiles(api),
    watchPolicy: () =>
      api.storage.onChanged.addListener((_changes, area) => {
        if (area === 'managed')
          void loadProfiles(api)
            .then((resolved) => syncContentScripts(api, resolved))
            .catch(() => undefined);
      }),
  };
}

async function readPolicy(api: ProfileSettingsApi): Promise<unknown> {
  try {
    const managed = await api.storage.managed.get(POLICY_PROFILE_KEY);
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

/** The enabled sites as stored, without anything that is not an exact origin. */
async function readEnabledSites(): Promise<string[]> {
  const stored = await enabledSitesItem.getValue();
  return Array.isArray(stored)
    ? stored.filter((site): site is string => siteOrigin(String(site)) === site)
    : [];
}

/** Resolves the sources and remembers the active custom profile when it changed. */
async function loadProfiles(api: ProfileSettingsApi): Promise<ResolvedProfiles> {
  const previous = await activeProfileItem.getValue();
  const resolved = resolveProfiles({
    policy: await readPolicy(api),
    imported: (await importedProfileItem.getValue()) ?? undefined,
    previous,
    bundled: BUNDLED_PROFILES,
    enabledSites: await readEnabledSites(),
  });
  if (JSON.stringify(resolved.active) !== JSON.stringify(previous)) {
    await activeProfileItem.setValue(resolved.active);
  }
  return resolved;
}

const isGranted = (api: ProfileSettingsApi, site: string) =>
  api.permissions.contains({ origins: [sitePermission(site)] }).catch(() => false);

const activeExtraOrigins = (resolved: ResolvedProfiles): string[] =>
  resolved.active ? extraOrigins(resolved.active.profile, BUNDLED_PROFILES) : [];

async function profileView(
  api: ProfileSettingsApi,
  resolved: ResolvedProfiles,
): Promise<ProfileSettingsView> {
  const profile = resolved.profiles[0] ?? BUNDLED_PROFILES[0];
  if (!profile) throw new ProtocolFailure({ code: 'internal' });
  const extra = activeExtraOrigins(resolved);
  const granted = await Promise.all(
    extra.map((origin) => api.permissions.contains({ origins: [origin] }).catch(() => false)),
  );
  const sites = await readEnabledSites();
  const sitesGranted = await Promise.all(sites.map((site) => isGranted(api, site)));
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

/** The match patterns the content script should run on beyond the manifest's: allowed ones only. */
async function allowedExtraPatterns(api: ProfileSettingsApi, resolved: ResolvedProfiles): Promise<string[]> {
  const allowed: string[] = [];
  for (const origin of activeExtraOrigins(resolved)) {
    if (await api.permissions.contains({ origins: [origin] }).catch(() => false)) allowed.push(origin);
  }
  for (const site of await readEnabledSites()) {
    const pattern = sitePermission(site);
    // The manifest's own scripts already run on the bundled origins: registering them again there
    // would run a second content script beside the first (two overlays, two counts).
    if (BUNDLED_LMS_MATCHES.some((bundled) => patternCovers(bundled, pattern))) continue;
    if (!allowed.includes(pattern) && (await isGranted(api, site))) allowed.push(pattern);
  }
  return allowed;
}

/**
 * Registers the content script on the active profile's extra origins that the trainee allowed,
 * and unregisters it everywhere else (a profile that no longer names an origin leaves nothing).
 */
async function syncContentScripts(api: ProfileSettingsApi, resolved: ResolvedProfiles): Promise<void> {
  const scripting = api.scripting;
  if (!scripting?.registerContentScripts) return;
  const allowed = await allowedExtraPatterns(api, resolved);
  const ids = [DYNAMIC_SCRIPT_ID, DYNAMIC_OBSERVER_ID];
  const existing = (await scripting.getRegisteredContentScripts({ ids })) as { id?: string }[];
  const registered = existing.flatMap((script) => (script.id ? [script.id] : []));
  if (registered.length > 0) await scripting.unregisterContentScripts({ ids: registered });
  if (allowed.length === 0) return;
  // The same pair the manifest declares for the bundled origins.
  await scripting.registerContentScripts([
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

/** Stores a valid profile file as the imported profile; a policy in charge refuses any. */
async function importProfile(api: ProfileSettingsApi, json: string): Promise<void> {
  const current = await loadProfiles(api);
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
  await importedProfileItem.setValue(parsed.value);
}

async function clearImported(): Promise<void> {
  await importedProfileItem.removeValue();
  if ((await activeProfileItem.getValue())?.source === 'imported') await activeProfileItem.setValue(null);
}

async function enableSite(api: ProfileSettingsApi, url: string): Promise<void> {
  const site = siteOrigin(url);
  // The browser's grant comes first (the popup asked for it in the trainee's click).
  if (!site || !(await isGranted(api, site))) throw new ProtocolFailure({ code: 'siteNotGranted' });
  const sites = await readEnabledSites();
  if (!sites.includes(site)) await enabledSitesItem.setValue([...sites, site]);
}

async function disableSite(site: string | null): Promise<void> {
  const sites = await readEnabledSites();
  if (site && sites.includes(site)) await enabledSitesItem.setValue(sites.filter((other) => other !== site));
}

/** Drops a disabled site's grant unless a profile still needs the same host (another port, or its own origin). */
async function releaseSiteGrant(
  api: ProfileSettingsApi,
  site: string | null,
  resolved: ResolvedProfiles,
): Promise<void> {
  const pattern = site ? sitePermission(site) : null;
  if (pattern === null) return;
  const stillNeeded = activeExtraOrigins(resolved).some((origin) => patternCovers(pattern, origin));
  const otherPort = (await readEnabledSites()).some((other) => sitePermission(other) === pattern);
  if (!stillNeeded && !otherPort) await api.permissions.remove({ origins: [pattern] }).catch(() => false);
}
