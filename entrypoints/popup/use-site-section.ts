import { useEffect, useState } from 'react';
import { type AskBackground, useBackground } from '@/components/use-background';
import { browser } from '@/lib/browser';
import type { ProfileSettingsView } from '@/lib/messaging/protocol';
import { sitePermission } from '@/lib/profiles/sites';
import { boxOriginsOf, findingOf, type SiteState, siteStanding, usesHrdOn } from './site-state';
import { findTargetTab, probe, type TargetTab } from './site-tab';

/** The site the section is about: a website no institute profile names, in the tab found. */
export interface ShownSite {
  readonly tab: TargetTab;
  readonly origin: string;
}

/**
 * Enables HRD's generic recognition on the site once the browser's answer to the permission
 * request (`asked`, made in the trainee's click) is yes; `lookFirst` when the page was not read yet.
 */
async function enableSite(
  ask: AskBackground,
  asked: Promise<boolean>,
  { tab, origin }: ShownSite,
  boxOrigins: readonly string[],
  lookFirst: boolean,
  onChanged: (settings: ProfileSettingsView) => void,
  setState: (state: SiteState) => void,
) {
  if (!(await asked.catch(() => false))) {
    setState({ step: 'refused' });
    return;
  }
  let frames = boxOrigins;
  if (lookFirst) {
    // Allowed before looking (the popup was not opened from this tab's toolbar button): look
    // now, and give the grant back if the site turns out not to use HRD's mOTP.
    const probes = await probe(tab.id);
    if (!usesHrdOn(probes, origin)) {
      await browser.permissions.remove({ origins: [sitePermission(origin)] }).catch(() => false);
      setState({ step: 'notHrd' });
      return;
    }
    frames = probes ? boxOriginsOf(probes, origin) : [];
  }
  // A box host the browser did not grant (asked for only after this look) stays off; the site runs.
  for (const frame of frames) await ask({ type: 'site/enable', origin: frame }, { quiet: true });
  const reply = await ask({ type: 'site/enable', origin }, { quiet: true });
  if (!reply.ok) {
    setState({ step: 'error', error: reply.error });
    return;
  }
  onChanged(reply.value);
  // The registered scripts run from the next page load on.
  await browser.tabs.reload(tab.id).catch(() => undefined);
  setState({ step: 'enabled', justStarted: true });
}

/** The tab the popup is about, what its site is to the extension, and enabling or stopping it. */
export function useSiteSection(
  settings: ProfileSettingsView,
  onChanged: (settings: ProfileSettingsView) => void,
) {
  const [tab, setTab] = useState<TargetTab | null>(null);
  const [state, setState] = useState<SiteState>({ step: 'checking' });
  // Asked quietly: the section's own state shows a failure, as one of its steps.
  const { ask } = useBackground();

  useEffect(() => {
    void findTargetTab().then(setTab);
  }, []);

  const origin = tab?.origin ?? null;
  const { enabled, configured } = siteStanding(settings, origin);

  useEffect(() => {
    if (!tab || origin === null || configured) return;
    if (enabled) {
      setState((current) => (current.step === 'enabled' ? current : { step: 'enabled', justStarted: false }));
      return;
    }
    void probe(tab.id).then((probes) => setState(findingOf(probes, origin)));
  }, [tab, origin, enabled, configured]);

  const enable = (site: ShownSite) => {
    // Asked in the click itself: browsers grant a permission request only from the trainee's gesture.
    const boxOrigins = state.step === 'hrd' ? state.boxOrigins : [];
    const origins = [...new Set([site.origin, ...boxOrigins].map(sitePermission))];
    const asked = browser.permissions.request({ origins });
    void enableSite(ask, asked, site, boxOrigins, state.step === 'needsAccess', onChanged, setState);
  };

  const disable = ({ origin: site }: ShownSite) => {
    void ask({ type: 'site/disable', origin: site }, { quiet: true }).then((reply) => {
      if (!reply.ok) {
        setState({ step: 'error', error: reply.error });
        return;
      }
      onChanged(reply.value);
      setState({ step: 'notHrd' });
    });
  };

  const site: ShownSite | null = tab && origin !== null && !configured ? { tab, origin } : null;
  return { site, state, enable, disable };
}
