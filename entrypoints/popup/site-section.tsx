import { describeError } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import type { ProfileSettingsView } from '@/lib/messaging/protocol';
import type { SiteState } from './site-state';
import { useSiteSection } from './use-site-section';

/**
 * "이 사이트에서 사용": on a website no institute profile names, checks the current page for HRD
 * Korea's mOTP (the toolbar click grants that one look), and on the trainee's click asks the
 * browser for that one site and runs HRD's generic recognition there. Sites the trainee already
 * enabled show how to stop it.
 */
export function SiteSection({
  settings,
  onChanged,
}: {
  settings: ProfileSettingsView;
  onChanged: (settings: ProfileSettingsView) => void;
}) {
  const { t } = useI18n();
  const { site, state, enable, disable } = useSiteSection(settings, onChanged);
  if (!site) return null;

  return (
    <section className="stack site-section" aria-label={t('siteHeading')} data-testid="site-section">
      <SiteFinding
        state={state}
        host={new URL(site.origin).host}
        onEnable={() => enable(site)}
        onDisable={() => disable(site)}
      />
    </section>
  );
}

/** What the look at the site found, and the one button that goes with it. */
function SiteFinding({
  state,
  host,
  onEnable,
  onDisable,
}: {
  state: SiteState;
  host: string;
  onEnable: () => void;
  onDisable: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {state.step === 'checking' && (
        <p className="muted" role="status">
          {t('siteChecking')}
        </p>
      )}
      {(state.step === 'hrd' || state.step === 'needsAccess') && (
        <>
          <p data-testid="site-finding" role="status">
            {state.step === 'hrd' ? t('siteUsesHrd', { site: host }) : t('siteNeedsAccess', { site: host })}
          </p>
          {state.step === 'hrd' && state.boxOrigins.length > 0 && (
            <p data-testid="site-box-origins">
              {t('siteBoxElsewhere', {
                hosts: state.boxOrigins.map((origin) => new URL(origin).host).join(', '),
              })}
            </p>
          )}
          <button type="button" className="primary" onClick={onEnable} data-testid="site-enable">
            {state.step === 'hrd' ? t('siteEnable') : t('siteCheckAndEnable')}
          </button>
          <p className="hint">{t('siteEnableHint')}</p>
        </>
      )}
      {state.step === 'notHrd' && (
        <p data-testid="site-finding" role="status">
          {t('siteNotHrd', { site: host })}
        </p>
      )}
      {state.step === 'refused' && (
        <p className="warning" role="alert" data-testid="site-finding">
          {t('siteRefused')}
        </p>
      )}
      {state.step === 'enabled' && (
        <>
          <p data-testid="site-finding" role="status">
            {state.justStarted ? t('siteStarted', { site: host }) : t('siteInUse', { site: host })}
          </p>
          <button type="button" onClick={onDisable} data-testid="site-disable">
            {t('siteDisable')}
          </button>
        </>
      )}
      {state.step === 'error' && (
        <p className="error-box" role="alert">
          {describeError(t, state.error)}
        </p>
      )}
    </>
  );
}
