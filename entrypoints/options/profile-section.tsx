import { type ChangeEvent, useEffect, useState } from 'react';
import { describeError, protocolErrorFromRejection } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { browser } from '@/lib/browser';
import { askBackground } from '@/lib/messaging/client';
import type { ProfileSettingsView, ProtocolError } from '@/lib/messaging/protocol';

/**
 * Which institute profile is active and where it came from (policy, imported, built in); import a
 * profile file, or remove it; allow the LMS origins an imported or policy profile adds.
 */
export function ProfileSection() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<ProfileSettingsView | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    askBackground({ type: 'profile/get' }).then(setSettings, (failure: unknown) =>
      setError(protocolErrorFromRejection(failure)),
    );
  }, []);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setNotice(null);
    try {
      const next = await askBackground({ type: 'profile/import', json: await file.text() });
      setSettings(next);
      setNotice(t('profileImported', { name: next.instituteName }));
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  const clearImported = async () => {
    try {
      setSettings(await askBackground({ type: 'profile/clearImported' }));
      setNotice(null);
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  // Asked in the click itself: browsers grant host access only in answer to a user gesture.
  const allow = async (origin: string) => {
    try {
      if (await browser.permissions.request({ origins: [origin] })) {
        setSettings(await askBackground({ type: 'profile/sync' }));
      }
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

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
      <dl className="compare">
        <dt>{t('instituteLabel')}</dt>
        <dd data-testid="profile-institute">{settings.instituteName}</dd>
        <dt>{t('profileSourceLabel')}</dt>
        <dd data-testid="profile-source" data-source={settings.source}>
          {t(`profileSource_${settings.source}`)}
        </dd>
        <dt>{t('profileOrigins')}</dt>
        <dd>{settings.origins.join(', ')}</dd>
      </dl>
      {settings.refusals.map((refusal) => (
        <p key={refusal.source} className="warning" role="alert" data-testid="profile-refusal">
          {t(`profileRefused_${refusal.source}`, {
            field: refusal.error.path,
            detail: refusal.error.message,
          })}
        </p>
      ))}
      {settings.extraOrigins.some((extra) => !extra.granted) && (
        <p className="hint">{t('profileOriginNeedsPermission')}</p>
      )}
      {settings.extraOrigins.map((extra) =>
        extra.granted ? (
          <p key={extra.origin} className="ok">
            {t('profileOriginAllowed', { origin: extra.origin })}
          </p>
        ) : (
          <button key={extra.origin} type="button" onClick={() => void allow(extra.origin)}>
            {t('profileAllowOrigin', { origin: extra.origin })}
          </button>
        ),
      )}
      <EnabledSites
        sites={settings.enabledSites}
        onStop={(origin) =>
          askBackground({ type: 'site/disable', origin }).then(setSettings, (failure: unknown) =>
            setError(protocolErrorFromRejection(failure)),
          )
        }
      />
      {!settings.locked && (
        <div className="row history__tools">
          {/* The browser's own file control speaks the browser's language: it is hidden, and the
              translated label (a button to look at) opens it, by mouse or keyboard alike. */}
          <label className="file-button">
            <input
              type="file"
              className="visually-hidden"
              accept="application/json,.json"
              onChange={(event) => void importFile(event)}
              data-testid="profile-file"
            />
            {t('profileImport')}
          </label>
          {settings.source === 'imported' && (
            <button type="button" className="danger" onClick={() => void clearImported()}>
              {t('profileClearImported')}
            </button>
          )}
        </div>
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

/** Sites the trainee enabled for HRD's mOTP from the toolbar, each with "사용 중지". */
function EnabledSites({
  sites,
  onStop,
}: {
  sites: ProfileSettingsView['enabledSites'];
  onStop: (origin: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="stack" data-testid="enabled-sites">
      <h3>{t('siteListHeading')}</h3>
      {sites.length === 0 ? (
        <p className="hint">{t('siteListEmpty')}</p>
      ) : (
        <ul className="stack">
          {sites.map((site) => (
            <li key={site.origin} className="row" data-testid="enabled-site">
              <span>{site.origin}</span>
              {!site.granted && <span className="warning">{t('siteListNotGranted')}</span>}
              <button
                type="button"
                onClick={() => onStop(site.origin)}
                aria-label={t('siteDisableNamed', { site: site.origin })}
                data-testid="enabled-site-stop"
              >
                {t('siteDisable')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
