import { useI18n } from '@/components/i18n';
import type { ProfileSettingsView } from '@/lib/messaging/protocol';

/** Sites the trainee enabled for HRD's mOTP from the toolbar, each with "사용 중지". */
export function EnabledSites({
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
