/**
 * The page observer: runs in the LMS page's own world (every frame, from document start) and
 * watches — never alters, never delays, never sends — the page's own requests to the verification
 * endpoints, their answers, and the texts of `alert()`/`confirm()`. It hands what it saw to the
 * isolated content script as JSON strings on DOM events (strings cross the worlds unchanged in
 * both browsers). The page could read those events too; they hold only what the page itself sent,
 * received and showed.
 *
 * Guardrails: every wrapper calls the original with the same `this` and arguments and returns
 * exactly what it returned; nothing here starts a request, retries, dismisses or suppresses a
 * dialog; a failure of our own bookkeeping is swallowed so the page never notices.
 *
 * Kept free of imports: it is bundled alone into every frame of every configured page (size test).
 */

/** Page → content script: one observation. */
export const OBSERVED_EVENT = 'checkpoint-companion:observed';
/** Content script → page: extra endpoint patterns, and "replay what you saw before I came". */
export const HELLO_EVENT = 'checkpoint-companion:hello';
/**
 * Both ways, synchronously: the content script asks (no detail), the observer answers at once
 * with the page's own HRD variables as a JSON object of strings (the detail).
 */
export const VARIABLES_EVENT = 'checkpoint-companion:variables';

/**
 * The page's own variables for HRD's request fields, as vendors declare them: `var EVAL_CD = '01'`
 * at the top of a page script (a property of the window), or a hidden field of the form.
 */
export const PAGE_VARIABLES: readonly string[] = [
  'EVAL_CD',
  'CLASS_TME',
  'evalCd',
  'classTme',
  'eval_cd',
  'class_tme',
];

export type Observation =
  | { readonly t: 'request'; readonly id: number; readonly url: string; readonly body: string | null }
  | {
      readonly t: 'answer';
      readonly id: number;
      readonly url: string;
      readonly status: number;
      readonly body: string;
    }
  | { readonly t: 'failed'; readonly id: number; readonly url: string }
  | { readonly t: 'dialog'; readonly kind: 'alert' | 'confirm'; readonly text: string };

/** HRD's verification, device-status and reset endpoints, by path (docs/hrd-integration.md). */
const BUILT_IN_ENDPOINTS =
  /\/(?:chkOtpResult|chkOtpDeviceStatus)\.jsp$|\/api\/v2\/(?:otp_accredit|user_reset)$/i;
const MAX_BODY = 8000;
const MAX_TEXT = 500;
/** Observations kept for a content script that starts after them (it runs at document idle). */
const MAX_BUFFERED = 30;

interface Tracked {
  readonly id: number;
  readonly url: string;
  reported: boolean;
}

/** What one window's observer keeps: the page's own objects and its bookkeeping. */
interface ObserverState {
  readonly win: Window & typeof globalThis;
  readonly doc: Document;
  readonly extraPatterns: RegExp[];
  /** Observations so far, replayed to a content script that says hello after them. */
  readonly buffer: string[];
  readonly tracked: WeakMap<XMLHttpRequest, Tracked>;
  /** Watched requests sent and not yet reported complete. */
  readonly inFlight: Set<XMLHttpRequest>;
  nextId: number;
}

/** Installs the observer on one window; returns false when it was already installed there. */
export function installPageObserver(win: Window & typeof globalThis): boolean {
  const marker = Symbol.for('checkpoint-companion.observer');
  const holder = win as unknown as Record<symbol, boolean>;
  if (holder[marker]) return false;
  holder[marker] = true;
  const state: ObserverState = {
    win,
    doc: win.document,
    extraPatterns: [],
    buffer: [],
    tracked: new WeakMap(),
    inFlight: new Set(),
    nextId: 1,
  };
  state.doc.addEventListener(HELLO_EVENT, (event) => answerHello(state, event));
  state.doc.addEventListener(VARIABLES_EVENT, (event) => answerVariables(state, event));
  wrapXhr(state);
  wrapFetch(state);
  wrapDialog(state, 'alert');
  wrapDialog(state, 'confirm');
  return true;
}

function emit(state: ObserverState, observation: Observation): void {
  try {
    const detail = JSON.stringify(observation);
    state.buffer.push(detail);
    if (state.buffer.length > MAX_BUFFERED) state.buffer.shift();
    state.doc.dispatchEvent(new CustomEvent(OBSERVED_EVENT, { detail }));
  } catch {
    // Our own bookkeeping must never reach the page.
  }
}

function absolute(state: ObserverState, url: string): string | null {
  try {
    return new URL(url, state.doc.baseURI).href;
  } catch {
    return null;
  }
}

function watched(state: ObserverState, url: string | null): url is string {
  if (!url) return false;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  return BUILT_IN_ENDPOINTS.test(path) || state.extraPatterns.some((pattern) => pattern.test(path));
}

/** The content script's hello: its profile's extra endpoint patterns; what was seen is replayed. */
function answerHello(state: ObserverState, event: Event): void {
  try {
    const detail = (event as CustomEvent<unknown>).detail;
    const patterns = typeof detail === 'string' ? (JSON.parse(detail) as unknown) : null;
    if (Array.isArray(patterns)) {
      for (const pattern of patterns.slice(0, 20)) {
        if (typeof pattern === 'string' && pattern.length <= 300)
          state.extraPatterns.push(new RegExp(pattern, 'i'));
      }
    }
    for (const detailText of state.buffer)
      state.doc.dispatchEvent(new CustomEvent(OBSERVED_EVENT, { detail: detailText }));
  } catch {
    // A malformed hello changes nothing.
  }
}

/**
 * The page's HRD variables, read without running page code: only a window's own data properties
 * (a getter is never called) and form fields' values, only strings and numbers.
 */
function answerVariables(state: ObserverState, event: Event): void {
  try {
    if ((event as CustomEvent<unknown>).detail != null) return;
    const found: Record<string, string> = {};
    for (const name of PAGE_VARIABLES) {
      const value =
        Object.getOwnPropertyDescriptor(state.win, name)?.value ??
        state.doc.getElementsByName(name)[0]?.getAttribute('value');
      if (typeof value === 'string' || typeof value === 'number') found[name] = String(value).slice(0, 20);
    }
    state.doc.dispatchEvent(new CustomEvent(VARIABLES_EVENT, { detail: JSON.stringify(found) }));
  } catch {
    // Nothing to tell.
  }
}

function reportXhr(state: ObserverState, xhr: XMLHttpRequest): void {
  const info = state.tracked.get(xhr);
  if (!info || info.reported || xhr.readyState !== 4) return;
  info.reported = true;
  state.inFlight.delete(xhr);
  if (xhr.status === 0) {
    emit(state, { t: 'failed', id: info.id, url: info.url });
    return;
  }
  emit(state, { t: 'answer', id: info.id, url: info.url, status: xhr.status, body: xhrBody(xhr) });
}

/**
 * XMLHttpRequest: remember the URL at open(), report the body at send() and the answer once it
 * is complete. The page's own handlers may run before ours (and alert from there): a dialog
 * reports any complete answer first, so the answer always comes before the text about it.
 */
function wrapXhr(state: ObserverState): void {
  const xhrProto = state.win.XMLHttpRequest.prototype;
  const originalOpen = xhrProto.open;
  const originalSend = xhrProto.send;
  xhrProto.open = function open(this: XMLHttpRequest, ...args: unknown[]) {
    try {
      const raw = args[1];
      const url = absolute(state, typeof raw === 'string' ? raw : raw instanceof URL ? raw.href : '');
      if (watched(state, url)) state.tracked.set(this, { id: state.nextId++, url, reported: false });
      else state.tracked.delete(this);
    } catch {
      // Never in the page's way.
    }
    return (originalOpen as (...a: unknown[]) => void).apply(this, args);
  } as typeof xhrProto.open;

  xhrProto.send = function send(this: XMLHttpRequest, ...args: unknown[]) {
    try {
      const info = state.tracked.get(this);
      if (info) {
        info.reported = false;
        state.inFlight.add(this);
        emit(state, { t: 'request', id: info.id, url: info.url, body: bodyText(args[0]) });
        const onChange = () => {
          if (this.readyState === 4) reportXhr(state, this);
        };
        this.addEventListener('readystatechange', onChange);
        this.addEventListener('loadend', onChange);
      }
    } catch {
      // Never in the page's way.
    }
    return (originalSend as (...a: unknown[]) => void).apply(this, args);
  } as typeof xhrProto.send;
}

/**
 * fetch: the same promise the browser returned goes back to the page; the answer is read from
 * a clone, taken before the page's own handlers (registered after ours) can read the body.
 */
function wrapFetch(state: ObserverState): void {
  const { win } = state;
  const originalFetch = win.fetch;
  if (typeof originalFetch !== 'function') return;
  win.fetch = function fetch(this: unknown, ...args: Parameters<typeof win.fetch>) {
    const promise = originalFetch.apply(this, args);
    try {
      const [input, init] = args;
      const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input?.url;
      const url = absolute(state, raw ?? '');
      if (watched(state, url)) {
        const id = state.nextId++;
        emit(state, { t: 'request', id, url, body: bodyText(init?.body) });
        reportFetchAnswer(state, id, url, promise);
      }
    } catch {
      // Never in the page's way.
    }
    return promise;
  } as typeof win.fetch;
}

function reportFetchAnswer(state: ObserverState, id: number, url: string, promise: Promise<Response>): void {
  const failed = () => emit(state, { t: 'failed', id, url });
  promise.then((response) => {
    try {
      response
        .clone()
        .text()
        .then(
          (text) =>
            emit(state, { t: 'answer', id, url, status: response.status, body: text.slice(0, MAX_BODY) }),
          failed,
        );
    } catch {
      failed();
    }
  }, failed);
}

/** Dialogs: the text is reported, then the page's own dialog is shown exactly as it asked. */
function wrapDialog(state: ObserverState, kind: 'alert' | 'confirm'): void {
  const { win } = state;
  const original = win[kind] as (...a: unknown[]) => unknown;
  if (typeof original !== 'function') return;
  const wrapped = {
    [kind](this: unknown, ...args: unknown[]) {
      try {
        for (const xhr of [...state.inFlight]) reportXhr(state, xhr);
        const message = args[0];
        // Only strings and numbers are read: converting anything else would run page code.
        const text = typeof message === 'string' || typeof message === 'number' ? String(message) : '';
        emit(state, { t: 'dialog', kind, text: text.slice(0, MAX_TEXT) });
      } catch {
        // Never in the page's way.
      }
      return original.apply(this, args);
    },
  }[kind];
  (win as unknown as Record<string, unknown>)[kind] = wrapped;
}

/** The request body as text, for the kinds a form sends; other bodies (blobs, streams) are not read. */
function bodyText(body: unknown): string | null {
  try {
    if (typeof body === 'string') return body.slice(0, MAX_BODY);
    if (body instanceof URLSearchParams) return body.toString().slice(0, MAX_BODY);
    if (typeof FormData !== 'undefined' && body instanceof FormData) {
      const params = new URLSearchParams();
      body.forEach((value, key) => {
        if (typeof value === 'string') params.append(key, value);
      });
      return params.toString().slice(0, MAX_BODY);
    }
  } catch {
    // Unreadable bodies are reported as absent.
  }
  return null;
}

function xhrBody(xhr: XMLHttpRequest): string {
  try {
    if (xhr.responseType === '' || xhr.responseType === 'text') return xhr.responseText.slice(0, MAX_BODY);
    if (xhr.responseType === 'json') return JSON.stringify(xhr.response).slice(0, MAX_BODY);
    if (xhr.responseType === 'document' && xhr.responseXML?.documentElement)
      return xhr.responseXML.documentElement.outerHTML.slice(0, MAX_BODY);
  } catch {
    // An answer we cannot read settles nothing.
  }
  return '';
}
