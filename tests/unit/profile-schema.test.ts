import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUNDLED_PROFILES, DEMO_LMS_PROFILE, HRD_MOTP_PROFILE } from '@/lib/profiles/bundled';
import { parseProfile } from '@/lib/profiles/schema';
import type { InstituteProfile } from '@/lib/profiles/types';

/** A deep copy of a profile, to break: by definition no longer of the profile type. */
// biome-ignore lint/suspicious/noExplicitAny: the tests write fields and values the type forbids
type Broken = any;
const copy = (profile: InstituteProfile = DEMO_LMS_PROFILE): Broken => structuredClone(profile);

function refusal(data: unknown) {
  const result = parseProfile(data);
  if (result.ok) throw new Error('expected the profile to be refused');
  return result.error;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the bundled profiles', () => {
  it.each(BUNDLED_PROFILES.map((profile) => [profile.id, profile] as const))(
    '%s passes parseProfile and comes out equal',
    (_id, profile) => {
      const result = parseProfile(profile);
      expect(result).toEqual({ ok: true, value: profile });
    },
  );

  it.each(BUNDLED_PROFILES.map((profile) => [profile.id, profile] as const))(
    '%s survives a JSON round trip (what an imported file or a policy gives)',
    (_id, profile) => {
      const result = parseProfile(JSON.parse(JSON.stringify(profile)));
      expect(result).toEqual({ ok: true, value: profile });
    },
  );

  it.each(BUNDLED_PROFILES.map((profile) => [profile.id, profile] as const))(
    '%s passes where a DOM checks the selectors for real (Firefox event page, options page)',
    (_id, profile) => {
      vi.stubGlobal('document', new Window().document);
      expect(parseProfile(profile)).toEqual({ ok: true, value: profile });
    },
  );
});

describe('broken profiles are refused with the path of the wrong field', () => {
  const cases: [string, (p: Broken) => void, string][] = [
    [
      'a bad regular expression in a rule URL pattern',
      (p) => {
        p.checkpoints[0].urlPattern = '^/courses/(?<courseId>[\\w-+)';
      },
      'checkpoints.0.urlPattern',
    ],
    [
      'a missing form.codeInput',
      (p) => {
        delete p.checkpoints[0].form.codeInput;
      },
      'checkpoints.0.form.codeInput',
    ],
    [
      'an unknown checkpoint kind',
      (p) => {
        p.checkpoints[2].kind = 'lunchBreak';
      },
      'checkpoints.2.kind',
    ],
    [
      'an origin not shaped like https://host/*',
      (p) => {
        p.origins = ['http://127.0.0.1/*', 'https://lms.example.com/courses/*'];
      },
      'origins.1',
    ],
    [
      'an origin given as <all_urls>',
      (p) => {
        p.origins = ['<all_urls>'];
      },
      'origins.0',
    ],
    [
      'duplicate rule ids',
      (p) => {
        p.checkpoints[3].id = p.checkpoints[1].id;
      },
      'checkpoints',
    ],
    [
      'an extra unknown key at the top',
      (p) => {
        p.autoSubmit = true;
      },
      'autoSubmit',
    ],
    [
      'an extra unknown key in a rule form',
      (p) => {
        p.checkpoints[0].form.retryOnFailure = 3;
      },
      'checkpoints.0.form.retryOnFailure',
    ],
    [
      'a support phone with letters',
      (p) => {
        p.support.phone = '1833-HELP';
      },
      'support.phone',
    ],
    [
      'a result timeout of 10 ms',
      (p) => {
        p.checkpoints[0].form.resultTimeoutMs = 10;
      },
      'checkpoints.0.form.resultTimeoutMs',
    ],
    [
      'an attempts rule that counts something else',
      (p) => {
        p.checkpoints[0].form.attempts.counts = 'remaining';
      },
      'checkpoints.0.form.attempts.counts',
    ],
    [
      'an unknown verification mode',
      (p) => {
        p.mode = 'sms';
      },
      'mode',
    ],
    [
      'a fallback to a plain http URL on another site',
      (p) => {
        p.fallbacks[0].url = 'http://evil.example/phone';
      },
      'fallbacks.0.url',
    ],
    [
      'a session interval of 0',
      (p) => {
        p.policy.sessionInterval = 0;
      },
      'policy.sessionInterval',
    ],
    [
      'no rules at all',
      (p) => {
        p.checkpoints = [];
      },
      'checkpoints',
    ],
    [
      'a rule id with capitals',
      (p) => {
        p.checkpoints[0].id = 'Demo-Entry';
      },
      'checkpoints.0.id',
    ],
    [
      'a selector with braces (would throw on every page)',
      (p) => {
        p.checkpoints[1].requiredSelectors = ['.video-check { display: none }'];
      },
      'checkpoints.1.requiredSelectors.0',
    ],
  ];

  it.each(cases)('%s', (_label, breakIt, path) => {
    const profile = copy();
    breakIt(profile);
    const error = refusal(profile);
    expect(error.path).toBe(path);
    expect(error.message).not.toBe('');
  });

  it('a support e-mail that is not one is refused at support.email', () => {
    const profile = copy(HRD_MOTP_PROFILE);
    profile.support.email = 'not an address';
    expect(refusal(profile).path).toBe('support.email');
  });

  it('says why, not only where', () => {
    const origin = copy();
    origin.origins = ['ftp://127.0.0.1/*'];
    expect(refusal(origin).message).toContain('https://host/*');
    const duplicate = copy();
    duplicate.checkpoints[1].id = 'demo-entry';
    expect(refusal(duplicate).message).toContain('unique');
    const regex = copy();
    regex.checkpoints[0].urlPattern = '(';
    expect(refusal(regex).message).toContain('regular expression');
  });

  it('with a DOM, a selector the browser rejects is refused', () => {
    vi.stubGlobal('document', new Window().document);
    const profile = copy();
    profile.checkpoints[0].form.submitButton = '#otp-submit >>> button';
    expect(refusal(profile).path).toBe('checkpoints.0.form.submitButton');
  });

  // Issue 10: the service worker has no `document`, and `.x:::bogus` passed there while Firefox's
  // event page refused it; the content script then threw on every page.
  const invalidSelectors = [
    '.x:::bogus',
    'a[',
    ':nth-child(',
    'div >',
    '.x:bogus',
    'input[maxlength=6]',
    '.1a',
  ];

  it.each(invalidSelectors)('without a DOM (Chromium service worker), %s is refused', (selector) => {
    expect(typeof document).toBe('undefined');
    const profile = copy();
    profile.checkpoints[0].form.submitButton = selector;
    const error = refusal(profile);
    expect(error.path).toBe('checkpoints.0.form.submitButton');
    expect(error.message).toContain('not a valid CSS selector');
  });

  it.each(invalidSelectors)('with a DOM or without, %s gets the same answer', (selector) => {
    const profile = copy(HRD_MOTP_PROFILE);
    profile.checkpoints[3].anySelectors = ['#hrdOtpFrame', selector];
    const without = refusal(profile);
    vi.stubGlobal('document', new Window().document);
    expect(refusal(profile)).toEqual(without);
    expect(without.path).toBe('checkpoints.3.anySelectors.1');
  });

  it('selectors are checked at every place a profile has one', () => {
    const places: [string, (p: Broken) => void][] = [
      ['pageMarkers.0', (p) => (p.pageMarkers = ['.x:::bogus'])],
      ['checkpoints.1.sessionSelector', (p) => (p.checkpoints[1].sessionSelector = '.x:::bogus')],
      ['checkpoints.0.form.attemptsSelector', (p) => (p.checkpoints[0].form.attemptsSelector = '.x:::bogus')],
      ['enrollment.keyUriSelector', (p) => (p.enrollment.keyUriSelector = '.x:::bogus')],
      ['identityVerified.resultSelector', (p) => (p.identityVerified.resultSelector = '.x:::bogus')],
    ];
    for (const [path, breakIt] of places) {
      const profile = copy();
      breakIt(profile);
      expect(refusal(profile).path).toBe(path);
    }
  });

  // Issue 10: `^/(a|a)*$` was accepted, and a URL of 26 `a`s froze the LMS tab for 2.4 s.
  const slowPatterns = [
    '^/(a|a)*$',
    '(a+)+',
    '(a*)*',
    '(\\w+\\s?)+',
    '(.*a){20}',
    '^(a|ab)+$',
    '.*x.*y',
    '(\\d+)\\s*회',
  ];

  it.each(slowPatterns)(
    'a pattern that can backtrack catastrophically, %s, is refused in every pattern field',
    (pattern) => {
      const places: [string, (p: Broken) => void][] = [
        ['checkpoints.0.urlPattern', (p) => (p.checkpoints[0].urlPattern = pattern)],
        ['checkpoints.0.form.attempts.pattern', (p) => (p.checkpoints[0].form.attempts.pattern = pattern)],
        ['enrollment.urlPattern', (p) => (p.enrollment.urlPattern = pattern)],
        ['identityVerified.urlPattern', (p) => (p.identityVerified.urlPattern = pattern)],
        [
          'answers.endpoints.0.urlPattern',
          (p) => (p.answers = { endpoints: [{ urlPattern: pattern, role: 'verify', format: 'json' }] }),
        ],
      ];
      for (const [path, breakIt] of places) {
        const profile = copy();
        breakIt(profile);
        const error = refusal(profile);
        expect(error.path, path).toBe(path);
        expect(error.message).toContain('can backtrack catastrophically');
      }
    },
  );

  it('anything that is not an object is refused at the top', () => {
    for (const data of [null, undefined, 'demo-lms', 42]) {
      expect(refusal(data).path, JSON.stringify(data)).toBe('(profile)');
    }
    // An array is an object to the schema: refused for its missing fields.
    expect(refusal([DEMO_LMS_PROFILE]).path).toBe('id');
  });

  it('never hands back part of a broken profile', () => {
    const profile = copy();
    profile.checkpoints[5].form.resultTimeoutMs = 10;
    const result = parseProfile(profile);
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('value');
  });
});
