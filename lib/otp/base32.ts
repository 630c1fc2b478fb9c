import { ScureBase32Plugin } from 'otplib';

const base32 = new ScureBase32Plugin();

/** Decodes RFC 4648 Base32 (case-insensitive, padding and spaces tolerated). Throws on bad input. */
export function decodeBase32(text: string): Uint8Array {
  const cleaned = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (cleaned.length === 0 || !/^[A-Z2-7]+$/.test(cleaned)) throw new Error('not base32');
  return base32.decode(cleaned);
}

/** Encodes bytes as unpadded upper-case Base32, the form key URIs use. */
export function encodeBase32(bytes: Uint8Array): string {
  return base32.encode(bytes, { padding: false }).replace(/=+$/, '');
}
