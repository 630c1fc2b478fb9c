import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '@/lib/otp/base32';
import { formatKeyUri } from '@/lib/otp/key-uri';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';
import { compareTrainee } from '@/lib/registration/identity';
import {
  CONSENT_VERSION,
  formatMobileNumber,
  normalizeMobileNumber,
  normalizeTraineeName,
  type RegistrationInput,
  toHttpOrigin,
  validateRegistration,
} from '@/lib/registration/validate';

const SECRET = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
const KEY_URI = formatKeyUri({
  secret: SECRET,
  algorithm: 'SHA1',
  digits: 6,
  period: 60,
  issuer: '데모 원격훈련원',
  accountName: '홍길동',
});

const isConfigured = (origin: string) => profileForOrigin(BUNDLED_PROFILES, origin)?.mode ?? null;

const GOOD: RegistrationInput = {
  consentVersion: CONSENT_VERSION,
  name: '홍길동',
  phone: '010-1234-5678',
  pin: '4827',
  pinConfirmation: '4827',
  keyUri: KEY_URI,
  lmsOrigin: 'http://127.0.0.1:8610',
};

describe('normalizeMobileNumber', () => {
  it.each([
    '010-1234-5678',
    '01012345678',
    '+82 10-1234-5678',
    '+82 010-1234-5678',
    '+821012345678',
    '０１０－１２３４－５６７８',
    '010 1234 5678',
    '010\u30001234\u30005678',
    '010.1234.5678',
    ' 010-1234-5678 ',
  ])('%s → 01012345678', (raw) => {
    expect(normalizeMobileNumber(raw)).toBe('01012345678');
  });

  it('accepts legacy 01x numbers of 10 and 11 digits', () => {
    expect(normalizeMobileNumber('011-123-4567')).toBe('0111234567');
    expect(normalizeMobileNumber('016-1234-5678')).toBe('01612345678');
  });

  it.each([
    '02-123-4567',
    '0101234567',
    '010123456789',
    '010-abcd-5678',
    '010-1234-567a',
    '',
    '012-1234-5678',
    '+82 2-123-4567',
  ])('%s → null', (raw) => {
    expect(normalizeMobileNumber(raw)).toBeNull();
  });
});

describe('formatting helpers', () => {
  it('formatMobileNumber inserts hyphens', () => {
    expect(formatMobileNumber('01012345678')).toBe('010-1234-5678');
    expect(formatMobileNumber('0111234567')).toBe('011-123-4567');
  });

  it('normalizeTraineeName folds spaces and Unicode forms', () => {
    expect(normalizeTraineeName('  홍  길동 ')).toBe('홍 길동');
    expect(normalizeTraineeName('홍길동'.normalize('NFD'))).toBe('홍길동');
  });

  it('toHttpOrigin keeps only http(s) origins', () => {
    expect(toHttpOrigin(' http://127.0.0.1:8610/courses/c101?x=1 ')).toBe('http://127.0.0.1:8610');
    expect(toHttpOrigin('https://lms.example.com')).toBe('https://lms.example.com');
    expect(toHttpOrigin('ftp://lms.example.com')).toBeNull();
    expect(toHttpOrigin('javascript:alert(1)')).toBeNull();
    expect(toHttpOrigin('127.0.0.1:8610')).toBeNull();
  });
});

describe('validateRegistration', () => {
  it('accepts a good registration and normalises it', () => {
    const result = validateRegistration(
      {
        ...GOOD,
        name: ' 홍길동 ',
        phone: '+82 10 1234 5678',
        pin: '４８２７',
        lmsOrigin: 'http://127.0.0.1:8610/otp/enroll',
      },
      isConfigured,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      consentVersion: CONSENT_VERSION,
      name: '홍길동',
      phone: '01012345678',
      pin: '4827',
      lmsOrigin: 'http://127.0.0.1:8610',
    });
    if (result.value.mode !== 'webOtp') throw new Error('not web OTP');
    expect(result.value.key.secret).toEqual(SECRET);
    expect(result.value.key.period).toBe(60);
  });

  it('reports every wrong field at once', () => {
    const result = validateRegistration(
      {
        consentVersion: 0,
        name: '   ',
        phone: '02-123-4567',
        pin: '12a4',
        pinConfirmation: '12a4',
        keyUri: 'http://example.com/not-a-key',
        lmsOrigin: 'https://lms.example.com',
      },
      isConfigured,
    );
    expect(result).toEqual({
      ok: false,
      error: [
        { field: 'consent', reason: 'missing' },
        { field: 'name', reason: 'empty' },
        { field: 'phone', reason: 'invalid' },
        { field: 'pin', reason: 'notFourDigits' },
        { field: 'keyUri', reason: 'notOtpauth' },
        { field: 'lmsOrigin', reason: 'notConfigured' },
      ],
    });
  });

  it.each([
    [{ consentVersion: 0 }, { field: 'consent', reason: 'missing' }],
    [{ consentVersion: CONSENT_VERSION + 1 }, { field: 'consent', reason: 'missing' }],
    [{ name: '' }, { field: 'name', reason: 'empty' }],
    [{ name: '가'.repeat(41) }, { field: 'name', reason: 'tooLong' }],
    [{ name: '홍길동1' }, { field: 'name', reason: 'invalidCharacters' }],
    [{ name: '<script>' }, { field: 'name', reason: 'invalidCharacters' }],
    [{ phone: '0101234567' }, { field: 'phone', reason: 'invalid' }],
    [
      { pin: '12a4', pinConfirmation: '12a4' },
      { field: 'pin', reason: 'notFourDigits' },
    ],
    [
      { pin: '123', pinConfirmation: '123' },
      { field: 'pin', reason: 'notFourDigits' },
    ],
    [{ pinConfirmation: '4828' }, { field: 'pin', reason: 'mismatch' }],
    [{ pinConfirmation: '' }, { field: 'pin', reason: 'mismatch' }],
    [{ keyUri: '' }, { field: 'keyUri', reason: 'empty' }],
    [{ keyUri: KEY_URI.replace('period=60', 'period=45') }, { field: 'keyUri', reason: 'unsupportedPeriod' }],
    [{ lmsOrigin: 'not a url' }, { field: 'lmsOrigin', reason: 'invalid' }],
    [{ lmsOrigin: 'ftp://127.0.0.1' }, { field: 'lmsOrigin', reason: 'invalid' }],
    [{ lmsOrigin: 'https://127.0.0.1:8610' }, { field: 'lmsOrigin', reason: 'notConfigured' }],
    [{ lmsOrigin: 'http://127.0.0.1.evil.com' }, { field: 'lmsOrigin', reason: 'notConfigured' }],
  ] as const)('%j → %j alone', (patch, error) => {
    expect(validateRegistration({ ...GOOD, ...patch }, isConfigured)).toEqual({ ok: false, error: [error] });
  });

  it('accepts names with spaces, hyphens and Latin letters', () => {
    for (const name of ['Hong Gil-dong', "O'Brien", '남궁 민수']) {
      expect(validateRegistration({ ...GOOD, name }, isConfigured).ok, name).toBe(true);
    }
  });

  it('asks the caller whether the origin is configured', () => {
    const asked: string[] = [];
    const result = validateRegistration({ ...GOOD, lmsOrigin: 'https://lms.example.com/x' }, (origin) => {
      asked.push(origin);
      return 'webOtp';
    });
    expect(asked).toEqual(['https://lms.example.com']);
    expect(result.ok).toBe(true);
  });

  it('a key with another random secret is accepted too', () => {
    const keyUri = `otpauth://totp/x?secret=${encodeBase32(new Uint8Array(32).fill(9))}&period=60`;
    expect(validateRegistration({ ...GOOD, keyUri }, isConfigured).ok).toBe(true);
  });
});

describe('compareTrainee', () => {
  const registered = { name: '홍길동', phone: '01012345678' };

  it('compares only what an mOTP trainee registered, and knows nothing without either', () => {
    const nameOnly = { name: '홍길동', phone: null };
    expect(compareTrainee(nameOnly, { name: '홍길동', phone: '010-9999-9999' })).toBe('match');
    expect(compareTrainee(nameOnly, { name: '김철수', phone: null })).toBe('mismatch');
    expect(compareTrainee(nameOnly, { name: null, phone: '010-1234-5678' })).toBe('unknown');
    const phoneOnly = { name: null, phone: '01012345678' };
    expect(compareTrainee(phoneOnly, { name: '김철수', phone: '010-****-5678' })).toBe('match');
    expect(compareTrainee(phoneOnly, { name: null, phone: '010-1234-0000' })).toBe('mismatch');
    expect(compareTrainee({ name: null, phone: null }, { name: '홍길동', phone: '01012345678' })).toBe(
      'unknown',
    );
  });

  it('an mOTP registration: no PIN or key asked, name and number optional but checked', () => {
    const hrd = (origin: string) => profileForOrigin(BUNDLED_PROFILES, origin)?.mode ?? null;
    const motp = { ...GOOD, lmsOrigin: 'http://127.0.0.2:8610', pin: '', pinConfirmation: '', keyUri: '' };
    expect(validateRegistration({ ...motp, name: '', phone: ' ' }, hrd)).toEqual({
      ok: true,
      value: {
        mode: 'hrdMotp',
        consentVersion: CONSENT_VERSION,
        name: null,
        phone: null,
        lmsOrigin: 'http://127.0.0.2:8610',
      },
    });
    expect(validateRegistration({ ...motp, phone: '02-123' }, hrd)).toEqual({
      ok: false,
      error: [{ field: 'phone', reason: 'invalid' }],
    });
    expect(validateRegistration({ ...motp, consentVersion: 0 }, hrd).ok).toBe(false);
  });

  it('matches the same name and number, in any common format', () => {
    expect(compareTrainee(registered, { name: '홍길동', phone: '01012345678' })).toBe('match');
    expect(compareTrainee(registered, { name: ' 홍길동 ', phone: '010-1234-5678' })).toBe('match');
    expect(compareTrainee(registered, { name: '홍길동'.normalize('NFD'), phone: '+82 10-1234-5678' })).toBe(
      'match',
    );
  });

  it('a different name is a mismatch', () => {
    expect(compareTrainee(registered, { name: '홍길순', phone: '01012345678' })).toBe('mismatch');
  });

  it('a different number is a mismatch', () => {
    expect(compareTrainee(registered, { name: '홍길동', phone: '010-9999-5678' })).toBe('mismatch');
  });

  it('a masked number is compared on the digits it shows', () => {
    expect(compareTrainee(registered, { name: '홍길동', phone: '010-****-5678' })).toBe('match');
    expect(compareTrainee(registered, { name: '홍길동', phone: '010-****-9999' })).toBe('mismatch');
    expect(compareTrainee(registered, { name: '홍길동', phone: '010-12**-56**' })).toBe('match');
    expect(compareTrainee(registered, { name: '홍길동', phone: '011-****-5678' })).toBe('mismatch');
  });

  it('a masked number of the wrong length, or garbage, is a mismatch', () => {
    expect(compareTrainee(registered, { name: '홍길동', phone: '010-***-5678' })).toBe('mismatch');
    expect(compareTrainee(registered, { name: '홍길동', phone: 'unknown' })).toBe('mismatch');
  });

  it('compares only what the page shows', () => {
    expect(compareTrainee(registered, { name: '홍길동', phone: null })).toBe('match');
    expect(compareTrainee(registered, { name: null, phone: '010-1234-5678' })).toBe('match');
    expect(compareTrainee(registered, { name: null, phone: '010-1234-0000' })).toBe('mismatch');
  });

  it('nothing shown → unknown', () => {
    expect(compareTrainee(registered, { name: null, phone: null })).toBe('unknown');
  });
});
