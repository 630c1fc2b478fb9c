import { describe, expect, it } from 'vitest';
import {
  EMPTY_WIZARD_FIELDS,
  firstStepWith,
  MODE_STEPS,
  modeOfChoices,
  offeredOrigins,
  registrationInputOf,
  STEP_FIELDS,
  stepAfter,
  stepBefore,
  stepErrors,
  WIZARD_STEPS,
  type WizardFields,
  wizardMode,
  wizardSummary,
} from '@/entrypoints/options/wizard-steps';
import { formatKeyUri } from '@/lib/otp/key-uri';
import type { RegistrationChoice } from '@/lib/registration/choices';
import { CONSENT_VERSION } from '@/lib/registration/validate';

const KEY_URI = formatKeyUri({
  secret: Uint8Array.from({ length: 20 }, (_, i) => i + 1),
  algorithm: 'SHA1',
  digits: 6,
  period: 60,
  issuer: '데모 원격훈련원',
  accountName: '홍길동',
});
const LMS = 'http://127.0.0.1:8610';
const isConfigured = (origin: string) => (origin === LMS ? 'webOtp' : null);

const FILLED: WizardFields = {
  consent: true,
  name: '  홍길동 ',
  phone: '01012345678',
  pin: '4827',
  pinConfirmation: '4827',
  keyUri: KEY_URI,
  lmsOrigin: `${LMS}/login`,
};

describe('the wizard steps', () => {
  it('walk consent, identity, PIN, key and summary, and every field belongs to exactly one step', () => {
    expect(WIZARD_STEPS).toEqual(['consent', 'identity', 'pin', 'key', 'summary']);
    const asked = WIZARD_STEPS.flatMap((step) => STEP_FIELDS[step]);
    expect([...asked].sort()).toEqual(['consent', 'keyUri', 'lmsOrigin', 'name', 'phone', 'pin']);
  });

  it('go forward until the summary, and back until the consent', () => {
    expect(stepAfter('consent')).toBe('identity');
    expect(stepAfter('key')).toBe('summary');
    expect(stepAfter('summary')).toBeNull();
    expect(stepBefore('summary')).toBe('key');
    expect(stepBefore('identity')).toBe('consent');
    expect(stepBefore('consent')).toBe('consent');
  });
});

describe('registrationInputOf', () => {
  it('records the consent text version only when ticked', () => {
    expect(registrationInputOf(FILLED).consentVersion).toBe(CONSENT_VERSION);
    expect(registrationInputOf(EMPTY_WIZARD_FIELDS).consentVersion).toBe(0);
    expect(registrationInputOf(FILLED)).toMatchObject({ name: FILLED.name, keyUri: KEY_URI });
  });
});

describe('stepErrors', () => {
  it('reports only the wrong fields the step asks for', () => {
    const input = registrationInputOf(EMPTY_WIZARD_FIELDS);
    expect(stepErrors(input, 'consent', isConfigured).map((e) => e.field)).toEqual(['consent']);
    expect(stepErrors(input, 'identity', isConfigured).map((e) => e.field)).toEqual([
      'name',
      'phone',
      'lmsOrigin',
    ]);
    expect(stepErrors(input, 'summary', isConfigured)).toEqual([]);
  });

  it('reports nothing once everything is right, and a mismatched PIN on the PIN step', () => {
    for (const step of WIZARD_STEPS)
      expect(stepErrors(registrationInputOf(FILLED), step, isConfigured)).toEqual([]);
    const mismatch = registrationInputOf({ ...FILLED, pinConfirmation: '4828' });
    expect(stepErrors(mismatch, 'pin', isConfigured)).toEqual([{ field: 'pin', reason: 'mismatch' }]);
  });

  it('refuses an LMS no profile names on the identity step', () => {
    const elsewhere = registrationInputOf({ ...FILLED, lmsOrigin: 'https://elsewhere.example' });
    expect(stepErrors(elsewhere, 'identity', isConfigured)).toEqual([
      { field: 'lmsOrigin', reason: 'notConfigured' },
    ]);
  });
});

describe('firstStepWith', () => {
  it('sends the trainee back to the earliest step with a wrong field', () => {
    expect(
      firstStepWith([
        { field: 'lmsOrigin', reason: 'invalid' },
        { field: 'phone', reason: 'invalid' },
      ]),
    ).toBe('identity');
    expect(firstStepWith([{ field: 'pin', reason: 'mismatch' }])).toBe('pin');
    expect(firstStepWith([])).toBeUndefined();
  });
});

describe('wizardSummary', () => {
  it('shows the name trimmed, the number formatted and the LMS as its origin', () => {
    expect(wizardSummary(FILLED)).toEqual({ name: '홍길동', phone: '010-1234-5678', lmsOrigin: LMS });
  });

  it('shows a number it cannot read as typed, and no origin for a non-address', () => {
    expect(wizardSummary({ ...FILLED, phone: '12-34', lmsOrigin: 'lms' })).toMatchObject({
      phone: '12-34',
      lmsOrigin: null,
    });
  });
});

const CHOICES: readonly RegistrationChoice[] = [
  {
    pattern: 'https://lms.policy.kr/*',
    origin: 'https://lms.policy.kr',
    profileId: 'p',
    instituteName: '정책',
    mode: 'webOtp',
  },
  { pattern: 'https://*.hrd.kr/*', origin: null, profileId: 'h', instituteName: 'HRD', mode: 'hrdMotp' },
  {
    pattern: 'http://127.0.0.2/*',
    origin: 'http://127.0.0.2',
    profileId: 'h',
    instituteName: 'HRD',
    mode: 'hrdMotp',
  },
  {
    pattern: 'https://lms.policy.kr/*',
    origin: 'https://lms.policy.kr',
    profileId: 'b',
    instituteName: '기본',
    mode: 'webOtp',
  },
];

describe('the mode decides the walk', () => {
  it('an mOTP LMS walks consent, identity and summary only', () => {
    expect(MODE_STEPS.hrdMotp).toEqual(['consent', 'identity', 'summary']);
    expect(stepAfter('identity', 'hrdMotp')).toBe('summary');
    expect(stepBefore('summary', 'hrdMotp')).toBe('identity');
    expect(stepAfter('identity', 'webOtp')).toBe('pin');
  });

  it("the mode is the chosen origin profile's, wildcards included; web OTP until one is chosen", () => {
    expect(wizardMode(CHOICES, 'https://a.hrd.kr/login')).toBe('hrdMotp');
    expect(wizardMode(CHOICES, 'http://127.0.0.2:8620')).toBe('hrdMotp');
    expect(wizardMode(CHOICES, 'https://lms.policy.kr')).toBe('webOtp');
    expect(wizardMode(CHOICES, '')).toBe('webOtp');
    expect(wizardMode(CHOICES, 'https://elsewhere.example')).toBe('webOtp');
  });

  it('an mOTP registration needs no PIN or key, and the name and number are optional', () => {
    const motp = registrationInputOf({
      ...EMPTY_WIZARD_FIELDS,
      consent: true,
      lmsOrigin: 'https://a.hrd.kr',
    });
    const modeOf = modeOfChoices(CHOICES);
    for (const step of MODE_STEPS.hrdMotp) expect(stepErrors(motp, step, modeOf)).toEqual([]);
    const badPhone = registrationInputOf({
      ...EMPTY_WIZARD_FIELDS,
      consent: true,
      phone: '02-1',
      lmsOrigin: 'https://a.hrd.kr',
    });
    expect(stepErrors(badPhone, 'identity', modeOf)).toEqual([{ field: 'phone', reason: 'invalid' }]);
  });

  it("offers each concrete origin once, in the profiles' order, and no wildcard", () => {
    expect(offeredOrigins(CHOICES).map((c) => [c.origin, c.profileId])).toEqual([
      ['https://lms.policy.kr', 'p'],
      ['http://127.0.0.2', 'h'],
    ]);
  });

  it('the summary says "not given" for an mOTP trainee who left the name and number out', () => {
    expect(wizardSummary({ ...FILLED, name: ' ', phone: '' })).toMatchObject({ name: null, phone: null });
  });
});
