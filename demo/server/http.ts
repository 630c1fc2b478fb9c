/** Small node:http helpers shared by the demo LMS's two sites. */
import type { IncomingMessage } from 'node:http';

/** Largest request body read; anything bigger is answered 413. */
export const MAX_BODY_BYTES = 16 * 1024;

/** A body over MAX_BODY_BYTES; answered with 413 rather than read to the end. */
export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}

/** Reads a request body up to MAX_BODY_BYTES as UTF-8. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads an `application/x-www-form-urlencoded` body; anything else reads as empty. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded')
    return new URLSearchParams();
  return new URLSearchParams(await readBody(req));
}

/** Reads a JSON body; undefined when it is not JSON. The caller validates the shape. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/** The path of a request URL without its query, for logs (queries may carry anything). */
export function safePath(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
