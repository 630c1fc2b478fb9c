import { useEffect, useState } from 'react';
import { describeError, protocolErrorFromRejection } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { browser } from '@/lib/browser';
import { type HrdProbe, probeHrdPage, usesHrdMotp } from '@/lib/hrd/generic';
import { askBackground } from '@/lib/messaging/client';
import type { ProfileSettingsView, ProtocolError } from '@/lib/messaging/protocol';
import { originMatchesPattern } from '@/lib/profiles/origins';
import { siteOrigin, sitePermission } from '@/lib/profiles/sites';

/** The tab the popup is about, and its site (null for a page that is not a website). */
interface TargetTab {
  readonly id: number;
  readonly origin: string | null;
}

type SiteState =
  | { readonly step: 'checking' }
  /** HRD's mOTP found: one click enables it. */
  | { readonly step: 'hrd' }
  /** Looked, and found no HRD mOTP. */
  | { readonly step: 'notHrd' }
  /** The page could not be read without the site's permission (popup opened outside the toolbar). */
  | { readonly step: 'needsAccess' }
  | { readonly step: 'enabled'; readonly justStarted: boolean }
  | { readonly step: 'refused' }
  | { readonly step: 'error'; readonly error: ProtocolError };

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
  const [tab, setTab] = useState<TargetTab | null>(null);
  const [state, setState] = useState<SiteState>({ step: 'checking' });

  useEffect(() => {
    void findTargetTab().then(setTab);
  }, []);

  const origin = tab?.origin ?? null;
  const enabled = origin !== null && settings.enabledSites.some((site) => site.origin === origin);
  const configured =
    origin !== null && settings.configuredOrigins.some((pattern) => originMatchesPattern(origin, pattern));

  useEffect(() => {
    if (!tab || origin === null || configured) return;
    if (enabled) {
      setState((current) => (current.step === 'enabled' ? current : { step: 'enabled', justStarted: false }));
      return;
    }
    void probe(tab.id).then((probes) => {
      if (probes === null) setState({ step: 'needsAccess' });
      else setState({ step: usesHrdMotp(onTopOf(probes, origin)) ? 'hrd' : 'notHrd' });
    });
  }, [tab, origin, enabled, configured]);

  if (!tab || origin === null || configured) return null;

  const enable = () => {
    // Asked in the click itself: browsers grant a permission request only from the trainee's gesture.
    const asked = browser.permissions.request({ origins: [sitePermission(origin)] });
    void (async () => {
      if (!(await asked.catch(() => false))) {
        setState({ step: 'refused' });
        return;
      }
      if (state.step === 'needsAccess') {
        // Allowed before looking (the popup was not opened from this tab's toolbar button): look
        // now, and give the grant back if the site turns out not to use HRD's mOTP.
        const probes = await probe(tab.id);
        if (!probes || !usesHrdMotp(onTopOf(probes, origin))) {
          await browser.permissions.remove({ origins: [sitePermission(origin)] }).catch(() => false);
          setState({ step: 'notHrd' });
          return;
        }
      }
      try {
        onChanged(await askBackground({ type: 'site/enable', origin }));
        // The registered scripts run from the next page load on.
        await browser.tabs.reload(tab.id).catch(() => undefined);
        setState({ step: 'enabled', justStarted: true });
      } catch (error) {
        setState({ step: 'error', error: protocolErrorFromRejection(error) });
      }
    })();
  };

  const disable = () => {
    askBackground({ type: 'site/disable', origin }).then(
      (next) => {
        onChanged(next);
        setState({ step: 'notHrd' });
      },
      (error: unknown) => setState({ step: 'error', error: protocolErrorFromRejection(error) }),
    );
  };

  const host = new URL(origin).host;
  return (
    <section className="stack site-section" aria-label={t('siteHeading')} data-testid="site-section">
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
          <button type="button" className="primary" onClick={enable} data-testid="site-enable">
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
          <button type="button" onClick={disable} data-testid="site-disable">
            {t('siteDisable')}
          </button>
        </>
      )}
      {state.step === 'error' && (
        <p className="error-box" role="alert">
          {describeError(t, state.error)}
        </p>
      )}
    </section>
  );
}

/**
 * The tab under the toolbar button; or, for the popup opened as a page of its own (from the
 * options page, or by tests), the one `?tab=` names. A site given by `?origin=` is only a claim:
 * nothing is enabled unless the page itself, looked at, is on that origin (`onTopOf`).
 */
async function findTargetTab(): Promise<TargetTab | null> {
  const params = new URLSearchParams(location.search);
  const named = Number(params.get('tab'));
  if (params.has('tab') && Number.isInteger(named) && named >= 0) {
    const tab = await browser.tabs.get(named).catch(() => null);
    return tab ? { id: named, origin: siteOrigin(tab.url ?? params.get('origin') ?? '') } : null;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  return tab?.id === undefined ? null : { id: tab.id, origin: siteOrigin(tab.url ?? '') };
}

/** Reads the tab's frames (those the browser lets us); null when the page cannot be read at all. */
async function probe(tabId: number): Promise<HrdProbe[] | null> {
  try {
    const results = await browser.scripting.executeScript({
      target: { tabId, allFrames: true },
      func: probeHrdPage,
    });
    return results.flatMap((result) => (result.result ? [result.result as HrdProbe] : []));
  } catch {
    return null;
  }
}

/** What the frames found, if the page is on the site in question (the tab may have moved on). */
function onTopOf(probes: readonly HrdProbe[], origin: string): readonly HrdProbe[] {
  return probes.some((probe) => probe.origin === origin) ? probes : [];
}
