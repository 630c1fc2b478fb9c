import { describe, expect, it } from 'vitest';
import { BUNDLED_PROFILES, DEMO_LMS_PROFILE, HRD_MOTP_PROFILE } from '@/lib/profiles/bundled';
import { type ActiveProfile, extraOrigins, resolveProfiles } from '@/lib/profiles/sources';
import type { InstituteProfile } from '@/lib/profiles/types';

/** The demo profile under another institute's name: same id and origins, so it replaces it. */
const POLICY_PROFILE: InstituteProfile = {
  ...DEMO_LMS_PROFILE,
  instituteName: '정책 훈련원',
  support: { phone: '1600-0000' },
  branding: { primaryColor: '#0a7d3b' },
};
/** A trainee-imported profile for another LMS: a new id and origin. */
const IMPORTED_PROFILE: InstituteProfile = {
  ...DEMO_LMS_PROFILE,
  id: 'imported-lms',
  instituteName: '가져온 훈련원',
  origins: ['https://lms.imported.example/*'],
};

/** What arrives from storage: JSON-shaped data, not the typed object. */
const asStored = (profile: InstituteProfile): unknown => JSON.parse(JSON.stringify(profile));

function withRule(patch: Record<string, unknown>): unknown {
  const data = asStored(POLICY_PROFILE) as { checkpoints: Record<string, unknown>[] };
  data.checkpoints[0] = { ...data.checkpoints[0], ...patch };
  return data;
}

function without(field: string): unknown {
  const data = asStored(POLICY_PROFILE) as Record<string, unknown>;
  delete data[field];
  return data;
}

const resolve = (
  inputs: Partial<{ policy: unknown; imported: unknown; previous: ActiveProfile | null }> = {},
) =>
  resolveProfiles({
    policy: inputs.policy,
    imported: inputs.imported,
    previous: inputs.previous ?? null,
    bundled: BUNDLED_PROFILES,
  });

describe('resolveProfiles: precedence', () => {
  it('with nothing custom, the bundled profiles apply and nothing is active', () => {
    const resolved = resolve();
    expect(resolved.active).toBeNull();
    expect(resolved.profiles).toEqual(BUNDLED_PROFILES);
    expect(resolved.refusals).toEqual([]);
    expect(resolve({ policy: null, imported: null }).active).toBeNull();
  });

  it('an imported profile wins over the bundled ones', () => {
    const resolved = resolve({ imported: asStored(IMPORTED_PROFILE) });
    expect(resolved.active).toEqual({ source: 'imported', profile: IMPORTED_PROFILE });
    expect(resolved.refusals).toEqual([]);
  });

  it('a policy wins over an imported profile and the bundled ones', () => {
    const resolved = resolve({ policy: asStored(POLICY_PROFILE), imported: asStored(IMPORTED_PROFILE) });
    expect(resolved.active).toEqual({ source: 'policy', profile: POLICY_PROFILE });
    expect(resolved.profiles[0]).toEqual(POLICY_PROFILE);
    expect(resolved.profiles.map((p) => p.id)).not.toContain(IMPORTED_PROFILE.id);
    expect(resolved.refusals).toEqual([]);
  });

  it('a policy wins over whatever was active before', () => {
    const previous: ActiveProfile = { source: 'imported', profile: IMPORTED_PROFILE };
    const resolved = resolve({
      policy: asStored(POLICY_PROFILE),
      imported: asStored(IMPORTED_PROFILE),
      previous,
    });
    expect(resolved.active?.source).toBe('policy');
  });

  it('removing the policy lets the imported profile apply', () => {
    const before = resolve({ policy: asStored(POLICY_PROFILE), imported: asStored(IMPORTED_PROFILE) });
    expect(before.active?.source).toBe('policy');
    const after = resolve({ imported: asStored(IMPORTED_PROFILE), previous: before.active });
    expect(after.active).toEqual({ source: 'imported', profile: IMPORTED_PROFILE });
    expect(after.refusals).toEqual([]);
    expect(after.profiles.map((p) => p.id)).toEqual([
      IMPORTED_PROFILE.id,
      DEMO_LMS_PROFILE.id,
      HRD_MOTP_PROFILE.id,
    ]);
  });

  it('removing both custom sources falls back to the bundled profiles', () => {
    const previous: ActiveProfile = { source: 'policy', profile: POLICY_PROFILE };
    const resolved = resolve({ previous });
    expect(resolved.active).toBeNull();
    expect(resolved.profiles).toEqual(BUNDLED_PROFILES);
  });
});

describe('resolveProfiles: a malformed policy', () => {
  const previous: ActiveProfile = { source: 'policy', profile: POLICY_PROFILE };
  const cases: [string, unknown, string][] = [
    ['a bad regular expression', withRule({ urlPattern: '^/courses/(' }), 'checkpoints.0.urlPattern'],
    ['a missing field', without('support'), 'support'],
    ['a missing nested field', withRule({ form: undefined }), 'checkpoints.0.form'],
    [
      'a bad colour',
      { ...(asStored(POLICY_PROFILE) as object), branding: { primaryColor: 'green' } },
      'branding.primaryColor',
    ],
    // settings.ts passes a string that is not JSON through as the string itself.
    ['not JSON', '{"id": "demo-lms", ', '(profile)'],
    ['JSON that is not an object', 42, '(profile)'],
  ];

  for (const [what, policy, path] of cases) {
    it(`${what}: refused naming ${path}; the previous profile stays and the imported one does not take over`, () => {
      const resolved = resolve({ policy, imported: asStored(IMPORTED_PROFILE), previous });
      expect(resolved.refusals).toHaveLength(1);
      expect(resolved.refusals[0]?.source).toBe('policy');
      expect(resolved.refusals[0]?.error.path).toBe(path);
      expect(resolved.refusals[0]?.error.message).not.toBe('');
      expect(resolved.active).toEqual(previous);
      expect(resolved.profiles[0]).toEqual(POLICY_PROFILE);
      expect(resolved.profiles.map((p) => p.id)).not.toContain(IMPORTED_PROFILE.id);
    });
  }

  it('with an imported profile active before, that one stays (still not a fresh import)', () => {
    const importedBefore: ActiveProfile = { source: 'imported', profile: IMPORTED_PROFILE };
    const resolved = resolve({
      policy: 'not json',
      imported: asStored(IMPORTED_PROFILE),
      previous: importedBefore,
    });
    expect(resolved.active).toEqual(importedBefore);
    expect(resolved.refusals.map((r) => r.source)).toEqual(['policy']);
  });

  it('with nothing custom before, the bundled profiles stay and the imported one does not take over', () => {
    const resolved = resolve({ policy: without('origins'), imported: asStored(IMPORTED_PROFILE) });
    expect(resolved.active).toBeNull();
    expect(resolved.profiles).toEqual(BUNDLED_PROFILES);
    expect(resolved.refusals).toEqual([
      { source: 'policy', error: { path: 'origins', message: expect.any(String) } },
    ]);
  });

  it('a malformed imported profile is refused naming the field and the previous one stays', () => {
    const importedBefore: ActiveProfile = { source: 'imported', profile: IMPORTED_PROFILE };
    const resolved = resolve({ imported: withRule({ urlPattern: '[' }), previous: importedBefore });
    expect(resolved.active).toEqual(importedBefore);
    expect(resolved.refusals).toEqual([
      { source: 'imported', error: { path: 'checkpoints.0.urlPattern', message: expect.any(String) } },
    ]);
  });
});

describe('resolveProfiles: the profile list', () => {
  it('a custom profile with a bundled id replaces that bundled profile, first', () => {
    const resolved = resolve({ policy: asStored(POLICY_PROFILE) });
    expect(resolved.profiles.map((p) => [p.id, p.instituteName])).toEqual([
      [DEMO_LMS_PROFILE.id, '정책 훈련원'],
      [HRD_MOTP_PROFILE.id, HRD_MOTP_PROFILE.instituteName],
    ]);
  });

  it('a custom profile with another id is added first, before every bundled one', () => {
    const resolved = resolve({ imported: asStored(IMPORTED_PROFILE) });
    expect(resolved.profiles).toEqual([IMPORTED_PROFILE, ...BUNDLED_PROFILES]);
  });
});

describe('extraOrigins', () => {
  it('is empty when the bundled profiles cover every origin', () => {
    expect(extraOrigins(POLICY_PROFILE, BUNDLED_PROFILES)).toEqual([]);
    expect(extraOrigins(HRD_MOTP_PROFILE, BUNDLED_PROFILES)).toEqual([]);
  });

  it('lists only the origins the bundled profiles do not name, in the profile’s order', () => {
    const profile = {
      ...IMPORTED_PROFILE,
      origins: ['https://lms.imported.example/*', 'http://127.0.0.2/*', 'https://*.other.example/*'],
    };
    expect(extraOrigins(profile, BUNDLED_PROFILES)).toEqual([
      'https://lms.imported.example/*',
      'https://*.other.example/*',
    ]);
  });

  it('another scheme or a host that merely looks alike is not covered', () => {
    const profile = {
      ...IMPORTED_PROFILE,
      origins: ['https://127.0.0.1/*', 'http://127.0.0.10/*', 'http://127.0.0.1.example/*'],
    };
    expect(extraOrigins(profile, BUNDLED_PROFILES)).toEqual(profile.origins);
  });

  // A pattern without a port matches any port (README; the browsers' match patterns): a bundled
  // `http://127.0.0.1/*` already grants and injects on `http://127.0.0.1:8610/*`. Listing it as
  // extra asks the trainee for a permission the extension has, and registers the content script a
  // second time on pages where the manifest's script already runs.
  it('an origin a bundled pattern covers (any port, a *. subdomain) is not extra', () => {
    const profile = {
      ...IMPORTED_PROFILE,
      origins: ['http://127.0.0.1:8610/*', 'https://lms.imported.example/*'],
    };
    expect(extraOrigins(profile, BUNDLED_PROFILES)).toEqual(['https://lms.imported.example/*']);
    const wildcard = { ...IMPORTED_PROFILE, id: 'wild', origins: ['https://*.imported.example/*'] };
    expect(extraOrigins(IMPORTED_PROFILE, [wildcard])).toEqual([]);
  });
});
