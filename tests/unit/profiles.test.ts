import { describe, expect, it } from 'vitest';
import {
  BUNDLED_LMS_MATCHES,
  BUNDLED_PROFILES,
  DEMO_LMS_PROFILE,
  HRD_MOTP_PROFILE,
} from '@/lib/profiles/bundled';
import { originMatchesPattern, profileForOrigin } from '@/lib/profiles/origins';
import { CHECKPOINT_KINDS, type InstituteProfile, VERIFICATION_MODES } from '@/lib/profiles/types';

describe('originMatchesPattern', () => {
  it('a pattern without a port matches the host on any port, and without one', () => {
    for (const origin of [
      'http://127.0.0.1',
      'http://127.0.0.1:8610',
      'http://127.0.0.1:1',
      'http://127.0.0.1:65535',
    ]) {
      expect(originMatchesPattern(origin, 'http://127.0.0.1/*'), origin).toBe(true);
    }
  });

  it('a pattern with a port matches that port only', () => {
    expect(originMatchesPattern('http://127.0.0.1:8610', 'http://127.0.0.1:8610/*')).toBe(true);
    expect(originMatchesPattern('http://127.0.0.1:8611', 'http://127.0.0.1:8610/*')).toBe(false);
    expect(originMatchesPattern('http://127.0.0.1', 'http://127.0.0.1:8610/*')).toBe(false);
  });

  it('refuses the wrong scheme', () => {
    expect(originMatchesPattern('https://127.0.0.1:8610', 'http://127.0.0.1/*')).toBe(false);
    expect(originMatchesPattern('http://lms.example.com', 'https://lms.example.com/*')).toBe(false);
    expect(originMatchesPattern('ftp://127.0.0.1', 'http://127.0.0.1/*')).toBe(false);
  });

  it('refuses look-alike hosts', () => {
    for (const origin of [
      'http://127.0.0.1.evil.com',
      'http://127.0.0.1.evil.com:8610',
      'http://evil127.0.0.1',
      'http://evil.127.0.0.1',
      'http://127.0.0.10',
      'http://localhost:8610',
      'http://127.0.0.1@evil.com',
    ]) {
      expect(originMatchesPattern(origin, 'http://127.0.0.1/*'), origin).toBe(false);
    }
  });

  it('a *. wildcard matches the host and its subdomains only', () => {
    const pattern = 'https://*.example.com/*';
    expect(originMatchesPattern('https://lms.example.com', pattern)).toBe(true);
    expect(originMatchesPattern('https://a.b.example.com:8443', pattern)).toBe(true);
    expect(originMatchesPattern('https://example.com', pattern)).toBe(true);
    expect(originMatchesPattern('https://evilexample.com', pattern)).toBe(false);
    expect(originMatchesPattern('https://example.com.evil.net', pattern)).toBe(false);
    expect(originMatchesPattern('http://lms.example.com', pattern)).toBe(false);
  });

  it('without a wildcard, subdomains do not match', () => {
    expect(originMatchesPattern('https://lms.example.com', 'https://example.com/*')).toBe(false);
  });

  it('refuses patterns it does not support and origins that are not URLs', () => {
    for (const pattern of [
      '<all_urls>',
      '*://127.0.0.1/*',
      'http://*/*',
      'http://127.0.0.1/courses/*',
      'http://127.0.0.1',
      '127.0.0.1',
    ]) {
      expect(originMatchesPattern('http://127.0.0.1:8610', pattern), pattern).toBe(false);
    }
    expect(originMatchesPattern('not a url', 'http://127.0.0.1/*')).toBe(false);
    expect(originMatchesPattern('', 'http://127.0.0.1/*')).toBe(false);
  });
});

describe('profileForOrigin', () => {
  const other: InstituteProfile = { ...DEMO_LMS_PROFILE, id: 'other', origins: ['https://*.lms.example/*'] };
  const profiles = [DEMO_LMS_PROFILE, other];

  it('finds the profile that configures the origin', () => {
    expect(profileForOrigin(profiles, 'http://127.0.0.1:8610')?.id).toBe('demo-lms');
    expect(profileForOrigin(profiles, 'https://a.lms.example')?.id).toBe('other');
  });

  it('is null for an unconfigured origin', () => {
    expect(profileForOrigin(profiles, 'http://localhost:8610')).toBeNull();
    expect(profileForOrigin([], 'http://127.0.0.1:8610')).toBeNull();
  });
});

describe('bundled profiles', () => {
  it('configure the demo LMS and its HRD-connected sibling on loopback addresses only', () => {
    expect(BUNDLED_LMS_MATCHES).toEqual([
      'http://127.0.0.1/*',
      'http://127.0.0.2/*',
      'http://127.0.0.4/*',
      'http://127.0.0.5/*',
      'http://127.0.0.6/*',
      'http://127.0.0.7/*',
    ]);
    expect(profileForOrigin(BUNDLED_PROFILES, 'http://127.0.0.1:8610')?.id).toBe('demo-lms');
    expect(profileForOrigin(BUNDLED_PROFILES, 'http://127.0.0.2:8610')?.id).toBe('hrd-motp');
    expect(profileForOrigin(BUNDLED_PROFILES, 'http://localhost:8610')).toBeNull();
    // HRD's own stand-in is not an LMS: nothing of ours runs there.
    expect(profileForOrigin(BUNDLED_PROFILES, 'http://127.0.0.3:8610')).toBeNull();
    expect(profileForOrigin(BUNDLED_PROFILES, 'http://127.0.0.6:8610')?.id).toBe('hrd-motp');
  });

  it('the demo LMS is web OTP; the HRD profile never is', () => {
    expect(DEMO_LMS_PROFILE.mode).toBe('webOtp');
    expect(HRD_MOTP_PROFILE.mode).toBe('hrdMotp');
    // Codes come only from the trainee's app there: no enrollment page to take a key from.
    expect(HRD_MOTP_PROFILE.enrollment).toBeUndefined();
  });

  it('are well-formed: known kinds and modes, compilable patterns, unique ids, a support phone', () => {
    const ids = new Set<string>();
    for (const profile of BUNDLED_PROFILES) {
      expect(VERIFICATION_MODES).toContain(profile.mode);
      expect(profile.support.phone).not.toBe('');
      for (const rule of profile.checkpoints) {
        expect(ids.has(rule.id)).toBe(false);
        ids.add(rule.id);
        expect(CHECKPOINT_KINDS).toContain(rule.kind);
        expect(() => new RegExp(rule.urlPattern)).not.toThrow();
        expect(() => new RegExp(rule.form.attempts.pattern)).not.toThrow();
        // The attempts pattern's first group is the number.
        expect(new RegExp(rule.form.attempts.pattern).exec('남은 횟수: 3회 실패 2회 / 5회')?.[1]).toMatch(
          /^\d+$/,
        );
      }
      if (profile.enrollment) expect(() => new RegExp(profile.enrollment?.urlPattern ?? '')).not.toThrow();
    }
  });
});
