import { describe, expect, it } from 'vitest';
import { boxOriginsOf, findingOf, onTopOf, siteStanding, usesHrdOn } from '@/entrypoints/popup/site-state';
import type { HrdProbe } from '@/lib/hrd/generic';
import type { ProfileSettingsView } from '@/lib/messaging/protocol';

const SITE = 'https://lms.nuri.example';
const VIEW: ProfileSettingsView = {
  source: 'bundled',
  instituteName: '데모',
  origins: [],
  support: { phone: '1833-3075' },
  branding: null,
  locked: false,
  refusals: [],
  extraOrigins: [],
  enabledSites: [{ origin: SITE, granted: true }],
  configuredOrigins: ['http://127.0.0.1/*'],
};
const probe = (patch: Partial<HrdProbe>): HrdProbe => ({
  origin: SITE,
  wired: false,
  calledApi: false,
  worded: false,
  codeInput: false,
  ...patch,
});

describe('siteStanding', () => {
  it('knows a site the trainee enabled, and one an institute profile names', () => {
    expect(siteStanding(VIEW, SITE)).toEqual({ enabled: true, configured: false });
    expect(siteStanding(VIEW, 'http://127.0.0.1:8610')).toEqual({ enabled: false, configured: true });
    expect(siteStanding(VIEW, 'https://elsewhere.example')).toEqual({ enabled: false, configured: false });
  });

  it('has nothing to say about a page that is not a website', () => {
    expect(siteStanding(VIEW, null)).toEqual({ enabled: false, configured: false });
  });
});

describe('what a look at the page found', () => {
  it('takes the frames at their word only when the page is on the site in question', () => {
    const here = [probe({ wired: true })];
    expect(onTopOf(here, SITE)).toBe(here);
    expect(onTopOf(here, 'https://elsewhere.example')).toEqual([]);
  });

  it('finds HRD mOTP, no HRD mOTP, or a page it could not read', () => {
    expect(findingOf([probe({ calledApi: true })], SITE)).toEqual({ step: 'hrd', boxOrigins: [] });
    expect(findingOf([probe({ worded: true })], SITE)).toEqual({ step: 'notHrd' });
    expect(findingOf([probe({ origin: 'https://elsewhere.example', wired: true })], SITE)).toEqual({
      step: 'notHrd',
    });
    expect(findingOf(null, SITE)).toEqual({ step: 'needsAccess' });
  });

  it('counts an unreadable page as not using HRD mOTP when deciding to enable', () => {
    expect(usesHrdOn([probe({ worded: true, codeInput: true })], SITE)).toBe(true);
    expect(usesHrdOn(null, SITE)).toBe(false);
  });

  it("names the other hosts whose frames hold HRD's box, once each, and no frame without it", () => {
    const boxHost = 'https://otp.nuri.example:8443';
    const probes = [
      probe({}),
      probe({ origin: boxHost, wired: true }),
      probe({ origin: boxHost, calledApi: true }),
      probe({ origin: 'https://ads.example', worded: true }),
      probe({ origin: SITE, wired: true }),
    ];
    expect(boxOriginsOf(probes, SITE)).toEqual([boxHost]);
    expect(findingOf(probes, SITE)).toEqual({ step: 'hrd', boxOrigins: [boxHost] });
    // The box in a frame, the top page itself not wired: still HRD's mOTP, enabled with the box's host.
    expect(findingOf([probe({}), probe({ origin: boxHost, wired: true })], SITE)).toEqual({
      step: 'hrd',
      boxOrigins: [boxHost],
    });
    // A tab that moved to another site says nothing about this one.
    expect(
      boxOriginsOf(
        [probe({ origin: 'https://elsewhere.example' }), probe({ origin: boxHost, wired: true })],
        SITE,
      ),
    ).toEqual([]);
  });
});
