/** Where a page may send the trainee back to: this site's own paths, or a named origin. No open redirects. */

export function safeReturnUrl(
  value: string | null,
  allowedOrigins: readonly string[],
  fallback: string,
): string {
  if (value === null || value === '') return fallback;
  if (value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')) return value;
  try {
    const url = new URL(value);
    return allowedOrigins.includes(url.origin) ? url.href : fallback;
  } catch {
    return fallback;
  }
}
