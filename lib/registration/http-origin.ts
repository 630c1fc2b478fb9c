/**
 * The origin of an http(s) address. On its own, without the registration's validation around
 * it: the content script checks senders with it, and must not carry the OTP code's Base32.
 */
export function toHttpOrigin(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}
