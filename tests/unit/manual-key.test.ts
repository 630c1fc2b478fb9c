import { describe, expect, it } from 'vitest';
import { parseKeyUri } from '@/lib/otp/key-uri';
import { totpCodeForStep } from '@/lib/otp/totp';
import { keyUriFromSecret } from '@/lib/registration/manual-key';

const LABEL = { issuer: '127.0.0.1', accountName: '홍길동' };

describe('the secret typed by hand, as the last resort', () => {
  it('becomes a key URI with the training rules: SHA-1, 6 digits, 60 seconds', () => {
    // RFC 6238's key "12345678901234567890", printed in groups and lower case as pages show it.
    const made = keyUriFromSecret('gezd gnbv gy3t qojq gezd gnbv gy3t qojq', LABEL);
    if (!made.ok) throw new Error(made.error);
    const parsed = parseKeyUri(made.value);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 60, ...LABEL });
    // RFC 4226's first value: the same secret makes the same codes.
    expect(totpCodeForStep(parsed.value, 0)).toBe('755224');
  });

  it('refuses nothing typed, what is not Base32, and a secret under 128 bits', () => {
    expect(keyUriFromSecret('  ', LABEL)).toEqual({ ok: false, error: 'empty' });
    expect(keyUriFromSecret('JBSW Y3DP 1890', LABEL)).toEqual({ ok: false, error: 'secretNotBase32' });
    expect(keyUriFromSecret('JBSWY3DPEHPK3PXP', LABEL)).toEqual({ ok: false, error: 'secretTooShort' });
  });
});
