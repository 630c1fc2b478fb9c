import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCodeInput, normalizePinInput } from '@/lib/otp/code-input';

const FULL_WIDTH_ZERO = 0xff10;
const toFullWidth = (digit: string) => String.fromCharCode(FULL_WIDTH_ZERO + Number(digit));

describe('normalizeCodeInput accepts', () => {
  it.each([
    ['123456', 'plain'],
    ['１２３４５６', 'full-width digits'],
    ['１２３ ４５６', 'full-width digits with a space'],
    ['123\u3000456', 'an ideographic space'],
    ['123\u00a0456', 'a no-break space'],
    ['123 456', 'a space'],
    ['12-34-56', 'hyphens'],
    ['12‐34‑56', 'Unicode hyphens'],
    ['123–456', 'an en dash'],
    ['123—456', 'an em dash'],
    ['123－456', 'a full-width hyphen'],
    [' 123456 ', 'surrounding spaces'],
    ['\t123456\n', 'a tab and a newline from a paste'],
    ['1 2 3 4 5 6', 'spaces between every digit'],
  ])('%s (%s) → 123456', (raw) => {
    expect(normalizeCodeInput(raw)).toEqual({ ok: true, value: '123456' });
  });

  it('keeps leading zeros', () => {
    expect(normalizeCodeInput('000 123')).toEqual({ ok: true, value: '000123' });
  });

  it('honours another length when asked', () => {
    expect(normalizeCodeInput('1234 5678', 8)).toEqual({ ok: true, value: '12345678' });
  });
});

describe('normalizeCodeInput refuses', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u3000-\u00a0', 'empty'],
    ['12345a', 'notDigits'],
    ['１２３４５ａ', 'notDigits'],
    ['12345.6', 'notDigits'],
    ['123,456', 'notDigits'],
    ['١٢٣٤٥٦', 'notDigits'],
    ['12345', 'tooShort'],
    ['１２３４５', 'tooShort'],
    ['1234567', 'tooLong'],
    ['123 456 7', 'tooLong'],
  ] as const)('%j → %s', (raw, error) => {
    expect(normalizeCodeInput(raw)).toEqual({ ok: false, error });
  });
});

describe('normalizeCodeInput properties', () => {
  const separator = fc.constantFrom('', ' ', '  ', '-', '\u3000', '\u00a0', '－', '\t');

  it('any 6 digits with inserted spaces/hyphens and random full-width substitution give the digits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.array(separator, { minLength: 7, maxLength: 7 }),
        (digits, wide, separators) => {
          const typed =
            digits.map((d, i) => `${separators[i]}${wide[i] ? toFullWidth(d) : d}`).join('') + separators[6];
          expect(normalizeCodeInput(typed)).toEqual({ ok: true, value: digits.join('') });
        },
      ),
    );
  });

  it('any string containing a letter is refused as notDigits', () => {
    const letter = fc.oneof(
      fc.constantFrom(...'abcxyzABCXYZ'),
      fc.constantFrom('가', '힣', 'ㄱ', 'ａ', 'Ｚ', 'é', 'ß', 'Ω', 'я', '漢'),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), letter, fc.string({ maxLength: 10 }), (before, l, after) => {
        const result = normalizeCodeInput(`${before}${l}${after}`);
        expect(result).toEqual({ ok: false, error: 'notDigits' });
      }),
    );
  });

  it('an accepted result is always exactly six ASCII digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (raw) => {
        const result = normalizeCodeInput(raw);
        if (result.ok) expect(result.value).toMatch(/^[0-9]{6}$/);
      }),
    );
  });
});

describe('normalizePinInput', () => {
  it('accepts 4 digits, full-width or spaced', () => {
    expect(normalizePinInput('1234')).toEqual({ ok: true, value: '1234' });
    expect(normalizePinInput('１２３４')).toEqual({ ok: true, value: '1234' });
    expect(normalizePinInput('12 34')).toEqual({ ok: true, value: '1234' });
    expect(normalizePinInput('0000')).toEqual({ ok: true, value: '0000' });
  });

  it('refuses anything but four digits with the matching error', () => {
    expect(normalizePinInput('')).toEqual({ ok: false, error: 'empty' });
    expect(normalizePinInput('12a4')).toEqual({ ok: false, error: 'notDigits' });
    expect(normalizePinInput('123')).toEqual({ ok: false, error: 'tooShort' });
    expect(normalizePinInput('12345')).toEqual({ ok: false, error: 'tooLong' });
    expect(normalizePinInput('123456')).toEqual({ ok: false, error: 'tooLong' });
  });
});
