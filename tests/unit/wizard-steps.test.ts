import { describe, expect, it } from 'vitest';
import {
  EMPTY_WIZARD_FIELDS,
  firstStepWith,
  registrationInputOf,
  STEP_FIELDS,
  stepAfter,
  stepBefore,
  stepErrors,
  WIZARD_STEPS,
  type WizardFields,
  wizardSummary,
} from '@/entrypoints/options/wizard-steps';
import { formatKeyUri } from '@/lib/otp/key-uri';
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
const isConfigured = (origin: string) => origin === LMS;

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
    expect(stepErrors(input, 'identity', isConfigured).map((e) => e.field)).toEqual(['name', 'phone']);
    expect(stepErrors(input, 'summary', isConfigured)).toEqual([]);
  });

  it('reports nothing once everything is right, and a mismatched PIN on the PIN step', () => {
    for (const step of WIZARD_STEPS)
      expect(stepErrors(registrationInputOf(FILLED), step, isConfigured)).toEqual([]);
    const mismatch = registrationInputOf({ ...FILLED, pinConfirmation: '4828' });
    expect(stepErrors(mismatch, 'pin', isConfigured)).toEqual([{ field: 'pin', reason: 'mismatch' }]);
  });

  it('refuses an LMS no profile names on the key step', () => {
    const elsewhere = registrationInputOf({ ...FILLED, lmsOrigin: 'https://elsewhere.example' });
    expect(stepErrors(elsewhere, 'key', isConfigured)).toEqual([
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
