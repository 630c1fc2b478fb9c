import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32 } from '@/lib/otp/base32';
import { millisecondsLeftInStep, timeStepAt, totpCodeAt, totpCodeForStep, verifyTotp } from '@/lib/otp/totp';
import type { OtpAlgorithm, TotpKey } from '@/lib/otp/types';

const ascii = (text: string) => new TextEncoder().encode(text);

/** The RFC 6238 Appendix B seeds: "1234567890" repeated to 20, 32 and 64 bytes. */
const RFC_SEEDS: Record<OtpAlgorithm, Uint8Array> = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

const key = (algorithm: OtpAlgorithm, digits: number, period: number): TotpKey => ({
  secret: RFC_SEEDS[algorithm],
  algorithm,
  digits,
  period,
});

describe('base32', () => {
  it('decodes the RFC 4648 test vector and tolerates case, spaces, hyphens and padding', () => {
    expect(new TextDecoder().decode(decodeBase32('MZXW6YTBOI======'))).toBe('foobar');
    expect(new TextDecoder().decode(decodeBase32('mzxw 6ytb-oi'))).toBe('foobar');
  });

  it('encodes without padding and round-trips', () => {
    expect(encodeBase32(ascii('foobar'))).toBe('MZXW6YTBOI');
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
    expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes);
  });

  it('refuses characters outside the alphabet and empty input', () => {
    for (const bad of ['', '   ', 'ABC1', 'ABC8', 'AB!C', 'ABC0']) {
      expect(() => decodeBase32(bad), bad).toThrow();
    }
  });
});

describe('totpCodeForStep: RFC 4226 Appendix D (HOTP, counter = step)', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i → %s', (counter, code) => {
    expect(totpCodeForStep(key('SHA1', 6, 30), counter)).toBe(code);
  });
});

describe('totpCodeAt: RFC 6238 Appendix B (30 s, 8 digits)', () => {
  const vectors: readonly [number, Record<OtpAlgorithm, string>][] = [
    [59, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
    [1111111109, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
    [1111111111, { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' }],
    [1234567890, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
    [2000000000, { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' }],
    [20000000000, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
  ];
  for (const [seconds, codes] of vectors) {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
      it(`${algorithm} at T=${seconds} s → ${codes[algorithm]}`, () => {
        const timed = totpCodeAt(key(algorithm, 8, 30), seconds * 1000);
        expect(timed.code).toBe(codes[algorithm]);
        expect(timed.step).toBe(Math.floor(seconds / 30));
      });
    }
  }
});

describe('totpCodeAt: 60 s step, 6 digits (the training rules)', () => {
  it('gives 755224 at T=59 s and 713351 at T=1234567890 s (nowMs is milliseconds)', () => {
    const k = key('SHA1', 6, 60);
    expect(totpCodeAt(k, 59_000).code).toBe('755224');
    expect(totpCodeAt(k, 1_234_567_890_000).code).toBe('713351');
  });

  it('reports the step and when it ends', () => {
    const k = key('SHA1', 6, 60);
    expect(totpCodeAt(k, 59_000)).toEqual({ code: '755224', step: 0, expiresAt: 60_000 });
    const late = totpCodeAt(k, 1_234_567_890_000);
    expect(late.step).toBe(20_576_131);
    expect(late.expiresAt).toBe(20_576_132 * 60_000);
    expect(late.expiresAt).toBeGreaterThan(1_234_567_890_000);
  });

  it('keeps the same code for the whole step and changes it at the boundary', () => {
    const k = key('SHA1', 6, 60);
    expect(totpCodeAt(k, 60_000).code).toBe(totpCodeAt(k, 119_999).code);
    expect(totpCodeAt(k, 59_999).code).toBe('755224');
    expect(totpCodeAt(k, 60_000).code).toBe('287082');
  });

  it('keeps leading zeros', () => {
    // RFC 6238 T=1111111109 with SHA1 is 07081804: the 8-digit code starts with 0.
    expect(totpCodeAt(key('SHA1', 8, 30), 1_111_111_109_000).code).toHaveLength(8);
  });
});

describe('timeStepAt and millisecondsLeftInStep', () => {
  it('puts the last millisecond of a step in that step and the next one in the next', () => {
    expect(timeStepAt(0, 60)).toBe(0);
    expect(timeStepAt(59_999, 60)).toBe(0);
    expect(timeStepAt(60_000, 60)).toBe(1);
    expect(timeStepAt(29_999, 30)).toBe(0);
    expect(timeStepAt(30_000, 30)).toBe(1);
  });

  it('counts down from a full period to 1 ms and never reaches 0', () => {
    expect(millisecondsLeftInStep(0, 60)).toBe(60_000);
    expect(millisecondsLeftInStep(1, 60)).toBe(59_999);
    expect(millisecondsLeftInStep(59_999, 60)).toBe(1);
    expect(millisecondsLeftInStep(60_000, 60)).toBe(60_000);
    expect(millisecondsLeftInStep(1_234_567_890_000, 60)).toBe(30_000);
  });

  it('handles times before the epoch', () => {
    expect(millisecondsLeftInStep(-1, 60)).toBe(1);
    expect(timeStepAt(-1, 60)).toBe(-1);
  });

  it('agrees with totpCodeAt.expiresAt', () => {
    const k = key('SHA1', 6, 60);
    for (const now of [0, 1, 59_999, 60_000, 1_700_000_012_345]) {
      expect(totpCodeAt(k, now).expiresAt - now).toBe(millisecondsLeftInStep(now, 60));
    }
  });
});

describe('verifyTotp', () => {
  const k = key('SHA1', 6, 60);
  const now = 1_700_000_030_000;
  const current = timeStepAt(now, 60);
  const codeAt = (step: number) => totpCodeForStep(k, step);
  const lenient = { acceptPreviousSteps: 1, lastAcceptedStep: null };

  it('accepts the current step', () => {
    expect(verifyTotp(k, codeAt(current), now, { acceptPreviousSteps: 0, lastAcceptedStep: null })).toEqual({
      valid: true,
      step: current,
    });
  });

  it('accepts the previous step only when one previous step is allowed', () => {
    expect(verifyTotp(k, codeAt(current - 1), now, lenient)).toEqual({ valid: true, step: current - 1 });
    expect(
      verifyTotp(k, codeAt(current - 1), now, { acceptPreviousSteps: 0, lastAcceptedStep: null }),
    ).toEqual({
      valid: false,
      reason: 'mismatch',
    });
  });

  it('refuses a code two steps back', () => {
    expect(verifyTotp(k, codeAt(current - 2), now, lenient)).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses a code of a future step', () => {
    expect(verifyTotp(k, codeAt(current + 1), now, lenient)).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses a code that is simply wrong', () => {
    const wrong = codeAt(current) === '000000' ? '000001' : '000000';
    expect(verifyTotp(k, wrong, now, lenient)).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses a replay of the last accepted step, and anything older', () => {
    expect(
      verifyTotp(k, codeAt(current), now, { acceptPreviousSteps: 1, lastAcceptedStep: current }),
    ).toEqual({
      valid: false,
      reason: 'replayed',
    });
    expect(
      verifyTotp(k, codeAt(current - 1), now, { acceptPreviousSteps: 1, lastAcceptedStep: current }),
    ).toEqual({
      valid: false,
      reason: 'replayed',
    });
  });

  it('accepts the current step after an older step was accepted', () => {
    expect(
      verifyTotp(k, codeAt(current), now, { acceptPreviousSteps: 1, lastAcceptedStep: current - 1 }),
    ).toEqual({
      valid: true,
      step: current,
    });
  });
});
