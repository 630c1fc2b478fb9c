/**
 * The web-OTP secret at rest is wrapped (AES-GCM) by a key derived from the trainee's 4-digit PIN
 * (PBKDF2-SHA-256). Unwrapping is also how the PIN is checked: a wrong PIN fails GCM's
 * authentication. With 10⁴ possible PINs this is a lock against casual use, not protection
 * against someone who copies the profile (docs/rules.md, "Web OTP"); the iteration count only
 * slows that.
 */

export interface WrappedSecret {
  readonly salt: Uint8Array;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly iterations: number;
}

export const PBKDF2_ITERATIONS = 150_000;

/** Thrown when unwrapping fails: a wrong PIN, or a corrupt record. */
export class WrongPinError extends Error {
  constructor() {
    super('PIN does not unwrap the secret');
    this.name = 'WrongPinError';
  }
}

export async function wrapSecret(
  secret: Uint8Array,
  pin: string,
  crypto: Crypto = globalThis.crypto,
  iterations = PBKDF2_ITERATIONS,
): Promise<WrappedSecret> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(pin, salt, iterations, crypto);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new Uint8Array(secret)),
  );
  return { salt, iv, ciphertext, iterations };
}

export async function unwrapSecret(
  wrapped: WrappedSecret,
  pin: string,
  crypto: Crypto = globalThis.crypto,
): Promise<Uint8Array> {
  const key = await deriveKey(pin, wrapped.salt, wrapped.iterations, crypto);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(wrapped.iv) },
        key,
        new Uint8Array(wrapped.ciphertext),
      ),
    );
  } catch {
    throw new WrongPinError();
  }
}

async function deriveKey(pin: string, salt: Uint8Array, iterations: number, crypto: Crypto) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
