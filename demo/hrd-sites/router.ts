/**
 * The HRD-integrated sites' routes (the demo's shared route table over their request context) and
 * the responses they send. Their dispatcher answers 405 when only the method is wrong and 404
 * when nothing matches.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SafeHtml } from '../server/html';
import type { Route as TableRoute } from '../shared/route-table';

/** What a handler gets for one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The path match when the route's path is a RegExp. */
  readonly match: RegExpExecArray | null;
  /** The query's fields, with a form or JSON body's on top. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A route of these sites. */
export type Route = TableRoute<RequestContext>;

/** Headers every response of these sites carries. `Date` follows the injected clock. */
export function baseHeaders(res: ServerResponse, nowMs: number): void {
  res.setHeader('Date', new Date(nowMs).toUTCString());
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

export function sendHtml(res: ServerResponse, status: number, page: SafeHtml): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=UTF-8' });
  res.end(page.text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

export function sendXml(res: ServerResponse, xml: string): void {
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8' });
  res.end(xml);
}

export function sendScript(res: ServerResponse, source: string): void {
  res.writeHead(200, { 'Content-Type': 'text/javascript; charset=UTF-8' });
  res.end(source);
}

export function sendCss(res: ServerResponse, source: string): void {
  res.writeHead(200, { 'Content-Type': 'text/css; charset=UTF-8' });
  res.end(source);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', ...headers });
  res.end(text);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location });
  res.end();
}
