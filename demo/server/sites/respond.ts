/**
 * The responses of the demo LMS's two sites. Every one carries the same base headers, with `Date`
 * from the injectable clock so tests can skew it; pages carry a CSP that lets only their own
 * nonce's script run.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SafeHtml } from '../html';

export interface Responder {
  baseHeaders(res: ServerResponse): void;
  /** A page; `nonce` allows its inline script, `framing: 'self'` lets its own origin frame it. */
  page(res: ServerResponse, status: number, page: SafeHtml, nonce?: string, framing?: 'none' | 'self'): void;
  json(res: ServerResponse, status: number, body: unknown): void;
  /** A stylesheet or script file. */
  asset(res: ServerResponse, contentType: string, text: string): void;
  redirect(res: ServerResponse, status: 302 | 303, location: string, cookie?: string): void;
  methodNotAllowed(res: ServerResponse, allow: string): void;
  /** A Host header naming neither site (DNS rebinding, wrong port). */
  misdirected(res: ServerResponse): void;
  noContent(res: ServerResponse): void;
}

export function createResponder(now: () => number): Responder {
  const baseHeaders = (res: ServerResponse): void => {
    res.setHeader('Date', new Date(now()).toUTCString());
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
  };
  return {
    baseHeaders,
    page(res, status, page, nonce, framing = 'none') {
      baseHeaders(res);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader(
        'Content-Security-Policy',
        [
          nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          `frame-ancestors '${framing}'`,
        ].join('; '),
      );
      res.writeHead(status);
      res.end(page.text);
    },
    json(res, status, body) {
      baseHeaders(res);
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    },
    asset(res, contentType, text) {
      baseHeaders(res);
      res.writeHead(200, { 'Content-Type': contentType });
      res.end(text);
    },
    redirect(res, status, location, cookie) {
      baseHeaders(res);
      if (cookie) res.setHeader('Set-Cookie', cookie);
      res.writeHead(status, { Location: location });
      res.end();
    },
    methodNotAllowed(res, allow) {
      baseHeaders(res);
      res.writeHead(405, { Allow: allow, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed');
    },
    misdirected(res) {
      baseHeaders(res);
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected Request');
    },
    noContent(res) {
      baseHeaders(res);
      res.writeHead(204);
      res.end();
    },
  };
}

/** A fresh CSP nonce for one page. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}
