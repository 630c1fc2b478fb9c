import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '@/lib/otp/base32';
import {
  formatKeyUri,
  KEY_URI_ERRORS,
  type KeyUriError,
  type ParsedKeyUri,
  parseKeyUri,
} from '@/lib/otp/key-uri';

const SECRET = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 11) % 256);
const SECRET_B32 = encodeBase32(SECRET);

const KEY: ParsedKeyUri = {
  secret: SECRET,
  algorithm: 'SHA1',
  digits: 6,
  period: 60,
  issuer: '데모 원격훈련원',
  accountName: '홍길동',
};

function expectError(uri: string, error: KeyUriError) {
  expect(parseKeyUri(uri), uri).toEqual({ ok: false, error });
}

function expectOk(uri: string): ParsedKeyUri {
  const result = parseKeyUri(uri);
  if (!result.ok) throw new Error(`expected ${uri} to parse, got ${result.error}`);
  return result.value;
}

describe('formatKeyUri → parseKeyUri', () => {
  it('round-trips a Korean issuer and account name', () => {
    const uri = formatKeyUri(KEY);
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    expect(parseKeyUri(uri)).toEqual({ ok: true, value: KEY });
  });

  it('round-trips a key without issuer', () => {
    const key = { ...KEY, issuer: '' };
    expect(parseKeyUri(formatKeyUri(key))).toEqual({ ok: true, value: key });
  });

  it('round-trips every supported algorithm and period', () => {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
      for (const period of [30, 60]) {
        const key = { ...KEY, algorithm, period };
        expect(parseKeyUri(formatKeyUri(key))).toEqual({ ok: true, value: key });
      }
    }
  });

  it('round-trips any secret of 16+ bytes and any colon-free, trimmed names (property)', () => {
    const name = fc
      .string({ minLength: 0, maxLength: 20, unit: 'grapheme' })
      .filter((s) => !s.includes(':') && s.trim() === s && !/\s{2,}/.test(s));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        name,
        name.filter((s) => s.length > 0),
        (secret, issuer, accountName) => {
          const key: ParsedKeyUri = { secret, algorithm: 'SHA1', digits: 6, period: 60, issuer, accountName };
          expect(parseKeyUri(formatKeyUri(key))).toEqual({ ok: true, value: key });
        },
      ),
    );
  });
});

describe('parseKeyUri refuses', () => {
  it('empty input', () => {
    expectError('', 'empty');
    expectError('   \n\t', 'empty');
  });

  it('something that is not an otpauth URI', () => {
    expectError(`http://example.com/totp/x?secret=${SECRET_B32}`, 'notOtpauth');
    expectError('just some text', 'notOtpauth');
  });

  it('HOTP keys', () => {
    expectError(`otpauth://hotp/x?secret=${SECRET_B32}&counter=0`, 'notTotp');
  });

  it('a missing or empty secret', () => {
    expectError('otpauth://totp/x?issuer=Demo', 'missingSecret');
    expectError('otpauth://totp/x?secret=&issuer=Demo', 'missingSecret');
  });

  it("secrets with characters outside Base32 ('1', '8', '!')", () => {
    expectError(`otpauth://totp/x?secret=${SECRET_B32.slice(0, -1)}1`, 'secretNotBase32');
    expectError(`otpauth://totp/x?secret=${SECRET_B32.slice(0, -1)}8`, 'secretNotBase32');
    expectError(`otpauth://totp/x?secret=${SECRET_B32.slice(0, -1)}!`, 'secretNotBase32');
  });

  it('a 10-byte secret (under 128 bits)', () => {
    expectError(`otpauth://totp/x?secret=${encodeBase32(new Uint8Array(10).fill(1))}`, 'secretTooShort');
  });

  it('accepts a 16-byte secret (the minimum)', () => {
    expect(
      expectOk(`otpauth://totp/x?secret=${encodeBase32(new Uint8Array(16).fill(1))}`).secret,
    ).toHaveLength(16);
  });

  it('algorithm=MD5', () => {
    expectError(`otpauth://totp/x?secret=${SECRET_B32}&algorithm=MD5`, 'unsupportedAlgorithm');
  });

  it('digits=8 and digits=6.5', () => {
    expectError(`otpauth://totp/x?secret=${SECRET_B32}&digits=8`, 'unsupportedDigits');
    expectError(`otpauth://totp/x?secret=${SECRET_B32}&digits=6.5`, 'unsupportedDigits');
    expectError(`otpauth://totp/x?secret=${SECRET_B32}&digits=6x`, 'unsupportedDigits');
  });

  it('period=45', () => {
    expectError(`otpauth://totp/x?secret=${SECRET_B32}&period=45`, 'unsupportedPeriod');
    expectError(`otpauth://totp/x?secret=${SECRET_B32}&period=60.0`, 'unsupportedPeriod');
  });

  it('reaches every declared KeyUriError with the URIs above', () => {
    const broken = [
      '',
      'http://example.com/',
      `otpauth://hotp/x?secret=${SECRET_B32}`,
      'otpauth://totp/x',
      `otpauth://totp/x?secret=${SECRET_B32}1`,
      `otpauth://totp/x?secret=${encodeBase32(new Uint8Array(10))}`,
      `otpauth://totp/x?secret=${SECRET_B32}&algorithm=MD5`,
      `otpauth://totp/x?secret=${SECRET_B32}&digits=8`,
      `otpauth://totp/x?secret=${SECRET_B32}&period=45`,
      `otpauth://totp/a%?secret=${SECRET_B32}`,
    ];
    const reached = new Set(
      broken.map((uri) => {
        const result = parseKeyUri(uri);
        return result.ok ? 'ok' : result.error;
      }),
    );
    expect([...reached].sort()).toEqual([...KEY_URI_ERRORS].sort());
  });
});

describe('parseKeyUri accepts', () => {
  it('lower-case algorithm names and secrets', () => {
    const key = expectOk(`otpauth://totp/x?secret=${SECRET_B32.toLowerCase()}&algorithm=sha256`);
    expect(key.algorithm).toBe('SHA256');
    expect(key.secret).toEqual(SECRET);
  });

  it('defaults: SHA1, 6 digits, 60 s (the training rules) when the URI names none', () => {
    const key = expectOk(`otpauth://totp/x?secret=${SECRET_B32}`);
    expect({ algorithm: key.algorithm, digits: key.digits, period: key.period }).toEqual({
      algorithm: 'SHA1',
      digits: 6,
      period: 60,
    });
  });

  it('takes the issuer from the label when there is no issuer parameter', () => {
    const key = expectOk(
      `otpauth://totp/${encodeURIComponent('데모 원격훈련원')}:${encodeURIComponent('홍길동')}?secret=${SECRET_B32}`,
    );
    expect(key.issuer).toBe('데모 원격훈련원');
    expect(key.accountName).toBe('홍길동');
  });

  it('prefers the issuer parameter over the label prefix', () => {
    const key = expectOk(`otpauth://totp/Old:hong?secret=${SECRET_B32}&issuer=New`);
    expect(key.issuer).toBe('New');
    expect(key.accountName).toBe('hong');
  });

  it('a label without issuer prefix as the account name', () => {
    const key = expectOk(`otpauth://totp/hong%40example.com?secret=${SECRET_B32}`);
    expect(key.issuer).toBe('');
    expect(key.accountName).toBe('hong@example.com');
  });

  it('whitespace around the URI', () => {
    const key = expectOk(`  \n${formatKeyUri(KEY)}\t \n`);
    expect(key).toEqual(KEY);
  });

  it('an upper-case scheme and type', () => {
    expect(expectOk(`OTPAUTH://TOTP/x?secret=${SECRET_B32}`).secret).toEqual(SECRET);
  });
});

describe('parseKeyUri never throws', () => {
  it('returns a refusal, not an exception, for a label with broken percent-encoding', () => {
    // A trainee may paste a truncated URI; the wizard and background expect a Result.
    for (const uri of [
      `otpauth://totp/a%?secret=${SECRET_B32}`,
      `otpauth://totp/%E0%A4%A?secret=${SECRET_B32}`,
    ]) {
      let outcome: unknown;
      expect(() => {
        outcome = parseKeyUri(uri);
      }, uri).not.toThrow();
      expect(outcome, uri).toHaveProperty('ok');
    }
  });

  it('for any label and any query (property)', () => {
    const label = fc.string({ maxLength: 30 }).map((s) => s.replace(/[?#]/g, ''));
    fc.assert(
      fc.property(label, fc.string({ maxLength: 30 }), (labelText, extra) => {
        let result: unknown;
        expect(() => {
          result = parseKeyUri(`otpauth://totp/${labelText}?secret=${SECRET_B32}&${extra}`);
        }).not.toThrow();
        expect(result).toHaveProperty('ok');
      }),
    );
  });
});
