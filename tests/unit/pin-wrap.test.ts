import { describe, expect, it } from 'vitest';
import {
  PBKDF2_ITERATIONS,
  unwrapSecret,
  type WrappedSecret,
  WrongPinError,
  wrapSecret,
} from '@/lib/crypto/pin-wrap';

/** Low iteration count: the behaviour under test does not depend on it, and 150k is slow. */
const FAST = 1000;
const SECRET = Uint8Array.from({ length: 20 }, (_, i) => (i * 53 + 7) % 256);

const wrap = (pin: string, secret = SECRET) => wrapSecret(secret, pin, globalThis.crypto, FAST);

function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe('wrapSecret / unwrapSecret', () => {
  it('gives the bytes back with the right PIN', async () => {
    const wrapped = await wrap('4827');
    expect(await unwrapSecret(wrapped, '4827')).toEqual(SECRET);
  });

  it('records the iteration count used, and unwrap follows it', async () => {
    const wrapped = await wrap('4827');
    expect(wrapped.iterations).toBe(FAST);
    expect(wrapped.salt).toHaveLength(16);
    expect(wrapped.iv).toHaveLength(12);
    // AES-GCM: ciphertext is the plaintext plus a 16-byte tag, and does not contain it in the clear.
    expect(wrapped.ciphertext).toHaveLength(SECRET.length + 16);
    expect(Buffer.from(wrapped.ciphertext).includes(Buffer.from(SECRET))).toBe(false);
  });

  it('uses the 150k default when no count is given', async () => {
    expect(PBKDF2_ITERATIONS).toBe(150_000);
    const wrapped = await wrapSecret(SECRET, '4827');
    expect(wrapped.iterations).toBe(PBKDF2_ITERATIONS);
    expect(await unwrapSecret(wrapped, '4827')).toEqual(SECRET);
  });

  it('throws WrongPinError for a wrong PIN', async () => {
    const wrapped = await wrap('4827');
    for (const pin of ['4828', '0000', '', '48270']) {
      await expect(unwrapSecret(wrapped, pin), pin).rejects.toBeInstanceOf(WrongPinError);
    }
  });

  it('WrongPinError is a named Error', () => {
    const error = new WrongPinError();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WrongPinError');
  });

  it('makes every wrap different (random salt and iv)', async () => {
    const a = await wrap('4827');
    const b = await wrap('4827');
    expect(a.salt).not.toEqual(b.salt);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    expect(await unwrapSecret(a, '4827')).toEqual(await unwrapSecret(b, '4827'));
  });

  it('throws WrongPinError for a tampered ciphertext, tag, iv or salt', async () => {
    const wrapped = await wrap('4827');
    const tampered: WrappedSecret[] = [
      { ...wrapped, ciphertext: flipByte(wrapped.ciphertext, 0) },
      { ...wrapped, ciphertext: flipByte(wrapped.ciphertext, wrapped.ciphertext.length - 1) },
      { ...wrapped, ciphertext: wrapped.ciphertext.slice(0, -1) },
      { ...wrapped, iv: flipByte(wrapped.iv, 3) },
      { ...wrapped, salt: flipByte(wrapped.salt, 5) },
      { ...wrapped, iterations: FAST + 1 },
    ];
    for (const record of tampered) {
      await expect(unwrapSecret(record, '4827')).rejects.toBeInstanceOf(WrongPinError);
    }
  });

  it('does not depend on the caller keeping the original buffers', async () => {
    const secret = new Uint8Array(SECRET);
    const wrapped = await wrap('1111', secret);
    secret.fill(0);
    expect(await unwrapSecret(wrapped, '1111')).toEqual(SECRET);
  });

  it('unwraps after a structured-clone round trip (as IndexedDB stores it)', async () => {
    const wrapped = structuredClone(await wrap('2468'));
    expect(await unwrapSecret(wrapped, '2468')).toEqual(SECRET);
  });
});
