/** Where the institute profile comes from, and the sites the trainee enabled: `ProfileSettings`' answers. */

import type { HandlersFor } from './handlers';

export const profileHandlers: HandlersFor<
  'profile/get' | 'profile/import' | 'profile/clearImported' | 'profile/sync' | 'site/enable' | 'site/disable'
> = {
  'profile/get': (_request, _sender, deps) => deps.profileSettings.read(),
  'profile/import': ({ json }, _sender, deps) => deps.profileSettings.importProfile(json),
  'profile/clearImported': (_request, _sender, deps) => deps.profileSettings.clearImported(),
  'profile/sync': (_request, _sender, deps) => deps.profileSettings.sync(),
  'site/enable': ({ origin }, _sender, deps) => deps.profileSettings.enableSite(origin),
  'site/disable': ({ origin }, _sender, deps) => deps.profileSettings.disableSite(origin),
};
