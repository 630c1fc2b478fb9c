/**
 * Every `storage.local` value the extension keeps, declared once and shared by every context that
 * reads or writes it (background, options, popup, overlay). Values written by earlier versions
 * are read as they are: each reader still checks what it gets, so a corrupt or foreign value is
 * ignored rather than trusted. A change of a stored shape bumps `version` and adds its migration.
 */
import { storage } from 'wxt/utils/storage';
import type { ActiveProfile } from '../profiles/sources';

/** The trainee's chosen language (`ko` or `en`); checked with `isLanguage` on read. */
export const languageItem = storage.defineItem<unknown>('local:language', { version: 1 });

/** The profile the trainee imported in the options page, as validated at import (re-validated on read). */
export const importedProfileItem = storage.defineItem<unknown>('local:importedProfile', { version: 1 });

/** The last good custom profile (policy or imported): kept when a later policy or import is refused. */
export const activeProfileItem = storage.defineItem<ActiveProfile | null>('local:activeProfile', {
  fallback: null,
  version: 1,
});

/** Sites the trainee enabled for HRD's mOTP ("이 사이트에서 사용"): exact origins. */
export const enabledSitesItem = storage.defineItem<unknown>('local:enabledSites', { version: 1 });
