/**
 * A tiny HTTP client for the demo LMS that keeps its session cookie like a browser tab does, for
 * tests and scripts that drive the demo without a browser. Loopback only, no redirects followed.
 */
import { type ParsedKeyUri, parseKeyUri } from '../../lib/otp/key-uri';
import { totpCodeAt, totpCodeForStep } from '../../lib/otp/totp';
import { DEMO_PATHS } from '../server/routes';

export class DemoClient {
  cookie: string | null = null;

  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('Cookie', this.cookie);
    const response = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? null;
    return response;
  }

  /** GET a page; throws unless it answers 200. */
  async page(path: string): Promise<string> {
    const response = await this.fetch(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return response.text();
  }

  /** GET JSON with its status. */
  async getJson<T>(path: string): Promise<{ readonly status: number; readonly body: T }> {
    const response = await this.fetch(path, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** POST JSON with its status. */
  async postJson<T>(
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ readonly status: number; readonly body: T }> {
    const response = await this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** POST a form (as the no-JavaScript fallbacks do). */
  postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Signs in as the demo trainee (the same on both sites). */
  login(): Promise<Response> {
    return this.postForm(DEMO_PATHS.login, { name: '홍길동', phone: '010-1234-5678' });
  }

  /** Issues a new web-OTP key on the demo LMS and reads it from the enrollment page. */
  async enroll(): Promise<ParsedKeyUri> {
    const response = await this.fetch(DEMO_PATHS.otpEnroll, { method: 'POST' });
    const page = await this.page(response.headers.get('location') ?? DEMO_PATHS.otpEnroll);
    const uri = /data-otpauth-uri="([^"]*)"/.exec(page)?.[1];
    if (!uri) throw new Error('no key URI on the enrollment page');
    const parsed = parseKeyUri(decodeEntities(uri));
    if (!parsed.ok) throw new Error(`key URI refused: ${parsed.error}`);
    return parsed.value;
  }
}

/** Undoes the demo's HTML escaping. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The page without its `<template>` elements: what is actually in the document tree. */
export function withoutTemplates(page: string): string {
  return page.replace(/<template\b[\s\S]*?<\/template>/g, '');
}

/** The first six digits (counting up from `start`) that are none of `taken`. */
export function sixDigitsNotIn(taken: Iterable<string>, start = 0): string {
  const refused = new Set(taken);
  for (let n = 0; n < 1_000_000; n += 1) {
    const candidate = String((start + n) % 1_000_000).padStart(6, '0');
    if (!refused.has(candidate)) return candidate;
  }
  throw new Error('every six-digit code is taken');
}

/**
 * A code the demo verifier must refuse at `atMs`: it accepts the current step's code and the
 * previous one (a code typed late in its minute), so the wrong code is neither.
 */
export function wrongCodeAt(key: ParsedKeyUri, atMs: number): string {
  const step = totpCodeAt(key, atMs).step;
  return sixDigitsNotIn([totpCodeForStep(key, step), totpCodeForStep(key, step - 1)]);
}
