// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  HELLO_EVENT,
  installPageObserver,
  OBSERVED_EVENT,
  type Observation,
} from '@/lib/observer/page-observer';

const ACCREDIT = 'https://emonotp.hrdkorea.or.kr/api/v2/otp_accredit';
const RESET = 'https://emonotp.hrdkorea.or.kr/api/v2/user_reset';
const RESULT = 'https://fds.hrdkorea.or.kr/fdsService/hrdOTP/JSP/validateOtp/chkOtpResult.jsp';
const STATUS = 'https://fds.hrdkorea.or.kr/fdsService/hrdOTP/JSP/clientService/chkOtpDeviceStatus.jsp';
const LOG = 'https://emon.hrdkorea.or.kr/EAIServer/pAuthLog.jsp';
const MARKER = Symbol.for('checkpoint-companion.observer');

type Win = Window & typeof globalThis;
const win = window as Win;

/** What the fakes saw: every call the page (or anyone) made on them. */
interface Calls {
  xhrCreated: number;
  open: Array<{ self: unknown; args: unknown[] }>;
  send: Array<{ self: unknown; args: unknown[] }>;
  fetch: Array<{ self: unknown; args: unknown[]; promise: Promise<Response> }>;
  alert: Array<{ self: unknown; args: unknown[] }>;
  confirm: Array<{ self: unknown; args: unknown[] }>;
}

interface FakeAnswer {
  status: number;
  body: string;
}

/** An XMLHttpRequest that answers from a table, synchronously or when the test says. */
function fakeXhrClass(calls: Calls, answers: (url: string) => FakeAnswer, sendError?: () => Error) {
  return class FakeXMLHttpRequest extends EventTarget {
    readyState = 0;
    status = 0;
    responseText = '';
    responseType: XMLHttpRequestResponseType = '';
    response: unknown = '';
    responseXML: Document | null = null;
    url = '';
    async = true;
    #handler: ((this: unknown, ev: Event) => unknown) | null = null;
    #handlerInstalled = false;

    constructor() {
      super();
      calls.xhrCreated += 1;
    }

    /** An event handler attribute sits in the listener list where it was first set (the DOM's rule). */
    set onreadystatechange(handler: ((this: unknown, ev: Event) => unknown) | null) {
      this.#handler = handler;
      if (!this.#handlerInstalled) {
        this.#handlerInstalled = true;
        this.addEventListener('readystatechange', (event) => this.#handler?.call(this, event));
      }
    }
    get onreadystatechange() {
      return this.#handler;
    }

    open(...args: unknown[]) {
      calls.open.push({ self: this, args });
      this.url = String(args[1]);
      this.async = args[2] !== false;
      this.readyState = 1;
    }

    send(...args: unknown[]) {
      calls.send.push({ self: this, args });
      if (sendError) throw sendError();
      if (!this.async) this.respond();
    }

    /** The server's answer arrives: readystatechange at 4, then load and loadend (the DOM's order). */
    respond(answer = answers(this.url)) {
      this.status = answer.status;
      this.responseText = answer.body;
      this.response = answer.body;
      this.readyState = 4;
      this.dispatchEvent(new Event('readystatechange'));
      this.dispatchEvent(new Event(answer.status === 0 ? 'error' : 'load'));
      this.dispatchEvent(new Event('loadend'));
    }
  };
}

let calls: Calls;
let events: Observation[];
let rawDetails: string[];
let FakeXhr: ReturnType<typeof fakeXhrClass>;
let fetchImpl: (input: unknown, init?: RequestInit) => Promise<Response>;
let alertImpl: (message?: unknown) => void;
let confirmImpl: (message?: unknown) => boolean;
const docListeners: Array<[string, EventListenerOrEventListenerObject]> = [];
const answerTable: Record<string, FakeAnswer> = {
  [ACCREDIT]: { status: 200, body: '{"code":"AP001","msg":"불일치"}' },
  [RESULT]: { status: 200, body: '<result><RetVal>102</RetVal><ErrCnt>2</ErrCnt></result>' },
  [STATUS]: {
    status: 200,
    body: '<result><ConnStatus>101</ConnStatus><OtpStatus>101</OtpStatus><ErrCnt>3</ErrCnt></result>',
  },
};
const answerFor = (url: string): FakeAnswer =>
  answerTable[url.split('?')[0] as string] ?? { status: 200, body: 'ok' };

const onObserved = (event: Event) => {
  const detail = (event as CustomEvent<string>).detail;
  rawDetails.push(detail);
  events.push(JSON.parse(detail) as Observation);
};

/** Fakes on the window, then the observer over them: no network, every call counted. */
function install(options: { sendError?: () => Error } = {}): boolean {
  FakeXhr = fakeXhrClass(calls, answerFor, options.sendError);
  win.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
  win.fetch = function fetch(this: unknown, ...args: unknown[]) {
    const promise = fetchImpl(args[0], args[1] as RequestInit | undefined);
    calls.fetch.push({ self: this, args, promise });
    return promise;
  } as typeof win.fetch;
  win.alert = function alert(this: unknown, ...args: unknown[]) {
    calls.alert.push({ self: this, args });
    alertImpl(args[0]);
  };
  win.confirm = function confirm(this: unknown, ...args: unknown[]) {
    calls.confirm.push({ self: this, args });
    return confirmImpl(args[0]);
  };
  return installPageObserver(win);
}

/** Lets the promise jobs the observer queued (its clone's text) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  calls = { xhrCreated: 0, open: [], send: [], fetch: [], alert: [], confirm: [] };
  events = [];
  rawDetails = [];
  fetchImpl = async (input) => {
    const url =
      typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
    const answer = answerFor(url);
    return new Response(answer.body, { status: answer.status });
  };
  alertImpl = () => undefined;
  confirmImpl = () => true;
  delete (win as unknown as Record<symbol, unknown>)[MARKER];
  // Each test's observer is a fresh install on the same window: keep track of its document
  // listeners so the next test does not hear an earlier install's replay.
  const original = document.addEventListener.bind(document);
  vi.spyOn(document, 'addEventListener').mockImplementation((type, listener, opts) => {
    if (listener) docListeners.push([type, listener]);
    original(type, listener, opts);
  });
  document.addEventListener(OBSERVED_EVENT, onObserved);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const [type, listener] of docListeners.splice(0)) document.removeEventListener(type, listener);
});

describe('install', () => {
  it('wraps once: installing twice is a no-op', () => {
    expect(install()).toBe(true);
    const wrappedAlert = win.alert;
    const wrappedFetch = win.fetch;
    const wrappedOpen = win.XMLHttpRequest.prototype.open;
    expect(installPageObserver(win)).toBe(false);
    expect(win.alert).toBe(wrappedAlert);
    expect(win.fetch).toBe(wrappedFetch);
    expect(win.XMLHttpRequest.prototype.open).toBe(wrappedOpen);
    win.alert('인증되었습니다');
    expect(calls.alert).toHaveLength(1);
    expect(events.filter((e) => e.t === 'dialog')).toHaveLength(1);
  });

  it('makes no request of its own', async () => {
    install();
    win.alert('x');
    win.confirm('y');
    document.dispatchEvent(new CustomEvent(HELLO_EVENT, { detail: '[]' }));
    await settle();
    expect(calls.xhrCreated).toBe(0);
    expect(calls.fetch).toHaveLength(0);
    expect(calls.open).toHaveLength(0);

    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', ACCREDIT);
    xhr.send('OTPNO=123456');
    (xhr as unknown as InstanceType<typeof FakeXhr>).respond();
    await win.fetch(RESULT, { method: 'POST', body: 'OTPNO=123456' });
    await settle();
    expect(calls.xhrCreated).toBe(1);
    expect(calls.open).toHaveLength(1);
    expect(calls.send).toHaveLength(1);
    expect(calls.fetch).toHaveLength(1);
    // The two dialogs, their replay on hello, then the page's own two requests and answers.
    expect(events.map((e) => e.t)).toEqual([
      'dialog',
      'dialog',
      'dialog',
      'dialog',
      'request',
      'answer',
      'request',
      'answer',
    ]);
  });
});

describe('fetch', () => {
  it('returns the very promise and Response the original returned, and reports request and answer', async () => {
    install();
    const promise = win.fetch(ACCREDIT, { method: 'POST', body: 'OTPNO=123456&EVAL_CD=01' });
    expect(calls.fetch).toHaveLength(1);
    expect(promise).toBe(calls.fetch[0]?.promise);
    const response = await promise;
    expect(response).toBe(await calls.fetch[0]?.promise);
    // The page's own read still works after the observer's clone.
    expect(await response.json()).toEqual({ code: 'AP001', msg: '불일치' });
    await settle();
    expect(events).toEqual([
      { t: 'request', id: 1, url: ACCREDIT, body: 'OTPNO=123456&EVAL_CD=01' },
      { t: 'answer', id: 1, url: ACCREDIT, status: 200, body: '{"code":"AP001","msg":"불일치"}' },
    ]);
  });

  it('passes `this` and the arguments on unchanged', async () => {
    install();
    const init = { method: 'POST', body: new URLSearchParams({ OTPNO: '123456' }) };
    const url = new URL(RESULT);
    await win.fetch.call(win, url, init);
    expect(calls.fetch[0]?.self).toBe(win);
    expect(calls.fetch[0]?.args).toHaveLength(2);
    expect(calls.fetch[0]?.args[0]).toBe(url);
    expect(calls.fetch[0]?.args[1]).toBe(init);
    await settle();
    expect(events[0]).toEqual({ t: 'request', id: 1, url: RESULT, body: 'OTPNO=123456' });
  });

  it('reads a Request input’s URL and a FormData body', async () => {
    install();
    const form = new FormData();
    form.append('OTPNO', '654321');
    const request = new Request(STATUS);
    await win.fetch(request, { method: 'POST', body: form });
    expect(calls.fetch[0]?.args[0]).toBe(request);
    await settle();
    expect(events[0]).toEqual({ t: 'request', id: 1, url: STATUS, body: 'OTPNO=654321' });
    expect(events[1]).toMatchObject({ t: 'answer', url: STATUS, status: 200 });
  });

  it('the page’s text() read also works, and a relative URL is reported absolute', async () => {
    install();
    const response = await win.fetch('/lms/api/v2/otp_accredit');
    expect(await response.text()).toBe('ok');
    await settle();
    expect(events[0]).toMatchObject({
      t: 'request',
      url: new URL('/lms/api/v2/otp_accredit', document.baseURI).href,
    });
    expect(events[1]).toMatchObject({ t: 'answer', body: 'ok' });
  });

  it('a rejected fetch rejects the page with the same error and is reported as failed', async () => {
    const error = new TypeError('Failed to fetch');
    fetchImpl = () => Promise.reject(error);
    install();
    await expect(win.fetch(ACCREDIT)).rejects.toBe(error);
    await settle();
    expect(events.map((e) => e.t)).toEqual(['request', 'failed']);
  });

  it('a fetch that throws synchronously throws the same error to the page', () => {
    const error = new TypeError('bad init');
    fetchImpl = () => {
      throw error;
    };
    install();
    expect(() => win.fetch(ACCREDIT)).toThrow(error);
  });

  it('reports only watched endpoints', async () => {
    install();
    for (const url of [ACCREDIT, RESET, RESULT, STATUS]) await win.fetch(url);
    for (const url of [
      LOG,
      'https://emonotp.hrdkorea.or.kr/api/v2/otp_accredit/x',
      'https://lms.example.kr/chkOtpResult.jsp.bak',
      'https://lms.example.kr/course/1',
    ])
      await win.fetch(url);
    await settle();
    expect(calls.fetch).toHaveLength(8);
    const requests = events.filter((e) => e.t === 'request').map((e) => e.t === 'request' && e.url);
    expect(requests).toEqual([ACCREDIT, RESET, RESULT, STATUS]);
  });
});

describe('XMLHttpRequest', () => {
  it('passes `this` and the arguments on, and the page’s own listeners still fire', () => {
    install();
    const xhr = new win.XMLHttpRequest() as unknown as InstanceType<typeof FakeXhr>;
    const seen: string[] = [];
    xhr.onreadystatechange = function (this: unknown) {
      expect(this).toBe(xhr);
      seen.push(`onreadystatechange:${xhr.readyState}`);
    };
    xhr.addEventListener('load', () => seen.push('load'));
    xhr.addEventListener('loadend', () => seen.push('loadend'));
    const body = new URLSearchParams({ OTPNO: '123456', EVAL_CD: '00' });
    const opened = xhr.open('POST', RESULT, true);
    const sent = xhr.send(body);
    expect(opened).toBeUndefined();
    expect(sent).toBeUndefined();
    expect(calls.open[0]).toEqual({ self: xhr, args: ['POST', RESULT, true] });
    expect(calls.send[0]?.self).toBe(xhr);
    expect(calls.send[0]?.args[0]).toBe(body);
    expect(events).toEqual([{ t: 'request', id: 1, url: RESULT, body: 'OTPNO=123456&EVAL_CD=00' }]);

    xhr.respond();
    expect(seen).toEqual(['onreadystatechange:4', 'load', 'loadend']);
    expect(xhr.responseText).toContain('<RetVal>102</RetVal>');
    expect(events[1]).toEqual({
      t: 'answer',
      id: 1,
      url: RESULT,
      status: 200,
      body: '<result><RetVal>102</RetVal><ErrCnt>2</ErrCnt></result>',
    });
    expect(events).toHaveLength(2);
  });

  it('a synchronous request is reported and returns normally', () => {
    install();
    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', ACCREDIT, false);
    expect(xhr.send('OTPNO=111111')).toBeUndefined();
    // The page reads the answer right after send(), as synchronous callers do.
    expect(xhr.readyState).toBe(4);
    expect(xhr.responseText).toBe('{"code":"AP001","msg":"불일치"}');
    expect(events).toEqual([
      { t: 'request', id: 1, url: ACCREDIT, body: 'OTPNO=111111' },
      { t: 'answer', id: 1, url: ACCREDIT, status: 200, body: '{"code":"AP001","msg":"불일치"}' },
    ]);
  });

  it('an alert from the page’s readystatechange handler comes after the answer of that request', () => {
    install();
    const xhr = new win.XMLHttpRequest() as unknown as InstanceType<typeof FakeXhr>;
    xhr.onreadystatechange = () => {
      if (xhr.readyState === 4) win.alert('인증번호가 일치하지 않습니다. 다시 입력 하세요.');
    };
    xhr.open('POST', ACCREDIT);
    xhr.send('OTPNO=222222');
    xhr.respond();
    expect(calls.alert).toHaveLength(1);
    expect(events.map((e) => e.t)).toEqual(['request', 'answer', 'dialog']);
    expect(events[2]).toEqual({
      t: 'dialog',
      kind: 'alert',
      text: '인증번호가 일치하지 않습니다. 다시 입력 하세요.',
    });
  });

  it('an alert from a synchronous request’s handler also comes after its answer', () => {
    install();
    const xhr = new win.XMLHttpRequest();
    xhr.addEventListener('readystatechange', () => {
      if (xhr.readyState === 4) win.alert('5회 오류가 발생하였습니다.');
    });
    xhr.open('POST', RESULT, false);
    xhr.send('OTPNO=333333');
    expect(events.map((e) => e.t)).toEqual(['request', 'answer', 'dialog']);
  });

  it('a network error (status 0) is reported as failed', () => {
    install();
    const xhr = new win.XMLHttpRequest() as unknown as InstanceType<typeof FakeXhr>;
    xhr.open('POST', ACCREDIT);
    xhr.send('OTPNO=1');
    xhr.respond({ status: 0, body: '' });
    expect(events.map((e) => e.t)).toEqual(['request', 'failed']);
  });

  it('a throwing send still throws the same error to the page', () => {
    const error = new DOMException('not opened', 'InvalidStateError');
    install({ sendError: () => error });
    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', LOG);
    expect(() => xhr.send('x')).toThrow(error);
    xhr.open('POST', ACCREDIT);
    expect(() => xhr.send('OTPNO=1')).toThrow(error);
    expect(calls.send).toHaveLength(2);
  });

  it('reports only watched endpoints, and forgets a request reopened elsewhere', () => {
    install();
    const xhr = new win.XMLHttpRequest() as unknown as InstanceType<typeof FakeXhr>;
    xhr.open('POST', LOG);
    xhr.send('a=1');
    xhr.respond();
    expect(events).toEqual([]);
    xhr.open('POST', STATUS);
    xhr.open('GET', 'https://lms.example.kr/course/1');
    xhr.send(null);
    xhr.respond();
    expect(events).toEqual([]);
    xhr.open('GET', `${STATUS}?USER_TEL=01012345678`);
    xhr.send(null);
    xhr.respond();
    expect(events.map((e) => e.t)).toEqual(['request', 'answer']);
    expect(events[0]).toMatchObject({ url: `${STATUS}?USER_TEL=01012345678`, body: null });
  });
});

describe('dialogs', () => {
  it('alert is called once with the same `this` and argument, after the text is reported', () => {
    install();
    const order: string[] = [];
    alertImpl = () => order.push(`alert saw ${events.length} event(s)`);
    const result = win.alert.call(win, '인증되었습니다');
    expect(result).toBeUndefined();
    expect(calls.alert).toEqual([{ self: win, args: ['인증되었습니다'] }]);
    expect(order).toEqual(['alert saw 1 event(s)']);
    expect(events).toEqual([{ t: 'dialog', kind: 'alert', text: '인증되었습니다' }]);
  });

  it('confirm’s answer is the page’s', () => {
    install();
    confirmImpl = () => false;
    expect(win.confirm('다시 인증하시겠습니까?')).toBe(false);
    confirmImpl = () => true;
    expect(win.confirm('한번 더')).toBe(true);
    expect(calls.confirm.map((c) => c.args)).toEqual([['다시 인증하시겠습니까?'], ['한번 더']]);
    expect(events).toEqual([
      { t: 'dialog', kind: 'confirm', text: '다시 인증하시겠습니까?' },
      { t: 'dialog', kind: 'confirm', text: '한번 더' },
    ]);
  });

  it('a throwing original throws the same error to the page', () => {
    const error = new Error('dialogs blocked');
    alertImpl = () => {
      throw error;
    };
    install();
    expect(() => win.alert('x')).toThrow(error);
    expect(calls.alert).toHaveLength(1);
  });

  it('never converts a non-string message (that would run page code)', () => {
    install();
    const convert = vi.fn(() => 'secret');
    const message = { toString: convert };
    win.alert(message);
    expect(convert).not.toHaveBeenCalled();
    expect(calls.alert[0]?.args[0]).toBe(message);
    expect(events).toEqual([{ t: 'dialog', kind: 'alert', text: '' }]);
    win.alert(5);
    expect(events[1]).toEqual({ t: 'dialog', kind: 'alert', text: '5' });
  });
});

describe('hello', () => {
  it('replays what was seen before the content script came, in order', async () => {
    install();
    await win.fetch(ACCREDIT, { method: 'POST', body: 'OTPNO=1' });
    await settle();
    win.alert('인증되었습니다');
    const before = [...rawDetails];
    expect(before).toHaveLength(3);
    document.dispatchEvent(new CustomEvent(HELLO_EVENT, { detail: '[]' }));
    expect(rawDetails).toEqual([...before, ...before]);
  });

  it('adds a profile’s endpoint patterns', async () => {
    install();
    const custom = 'https://lms.example.kr/otp/verify.do';
    await win.fetch(custom);
    await settle();
    expect(events).toEqual([]);
    document.dispatchEvent(new CustomEvent(HELLO_EVENT, { detail: JSON.stringify(['/otp/verify\\.do$']) }));
    await win.fetch(custom, { method: 'POST', body: 'otpNo=123456' });
    await settle();
    expect(events).toEqual([
      { t: 'request', id: 1, url: custom, body: 'otpNo=123456' },
      { t: 'answer', id: 1, url: custom, status: 200, body: 'ok' },
    ]);
    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', custom);
    xhr.send('otpNo=1');
    expect(events[2]).toMatchObject({ t: 'request', id: 2, url: custom });
  });

  it('a malformed hello changes nothing', async () => {
    install();
    document.dispatchEvent(new CustomEvent(HELLO_EVENT, { detail: '{not json' }));
    document.dispatchEvent(new CustomEvent(HELLO_EVENT, { detail: { patterns: ['.*'] } }));
    await win.fetch('https://lms.example.kr/anything');
    await settle();
    expect(events).toEqual([]);
    await win.fetch(ACCREDIT);
    await settle();
    expect(events.map((e) => e.t)).toEqual(['request', 'answer']);
  });
});
