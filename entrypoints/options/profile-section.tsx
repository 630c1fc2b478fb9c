import { describeError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { EnabledSites } from './enabled-sites';
import { ExtraOrigins, ProfileImport, ProfileSummary } from './profile-parts';
import { useProfileSettings } from './use-profile-settings';

/**
 * Which institute profile is active and where it came from (policy, imported, built in); import a
 * profile file, or remove it; allow the LMS origins an imported or policy profile adds.
 */
export function ProfileSection() {
  const { t } = useI18n();
  const { settings, error, notice, ...actions } = useProfileSettings();

  if (!settings) {
    return error ? (
      <p className="error-box" role="alert">
        {describeError(t, error)}
      </p>
    ) : null;
  }
  return (
    <section className="card stack" aria-labelledby="profile-heading" data-testid="profile-settings">
      <h2 id="profile-heading">{t('profileHeading')}</h2>
      <ProfileSummary settings={settings} />
      <ExtraOrigins extraOrigins={settings.extraOrigins} onAllow={(origin) => void actions.allow(origin)} />
      <EnabledSites sites={settings.enabledSites} onStop={(origin) => void actions.stopSite(origin)} />
      {!settings.locked && (
        <ProfileImport
          imported={settings.source === 'imported'}
          onFile={(event) => void actions.importFile(event)}
          onClear={() => void actions.clearImported()}
        />
      )}
      <div role="status" aria-live="polite">
        {notice && <p className="success-box">{notice}</p>}
      </div>
      {error && (
        <p className="error-box" role="alert" data-testid="profile-error">
          {describeError(t, error)}
        </p>
      )}
    </section>
  );
}
