import type { ProfileSettingsView } from '../messaging/protocol';

/** Reads and changes where the institute profile comes from; implemented over browser storage. */
export interface ProfileSettings {
  read(): Promise<ProfileSettingsView>;
  /** Validates and stores an imported profile; throws `profileInvalid` naming the field, or `profileLocked`. */
  importProfile(json: string): Promise<ProfileSettingsView>;
  clearImported(): Promise<ProfileSettingsView>;
  /** Registers the content script on the extra origins the trainee allowed, and removes the rest. */
  sync(): Promise<ProfileSettingsView>;
  /**
   * Runs HRD's generic recognition on a site the trainee granted (`siteNotGranted` otherwise):
   * the observer and the content script are registered there, in every frame.
   */
  enableSite(origin: string): Promise<ProfileSettingsView>;
  /** Stops it there: unregistered, and the browser's grant for the site dropped. */
  disableSite(origin: string): Promise<ProfileSettingsView>;
}
