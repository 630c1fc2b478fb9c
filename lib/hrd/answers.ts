/**
 * HRD Korea's mOTP answers, read as the authority on a checkpoint's outcome and count. Pure: the
 * page observer hands over what the page itself sent and received; nothing here calls HRD.
 *
 * v1 (XML, `fdsService/hrdOTP/JSP/…`): `chkOtpResult.jsp` answers `RetVal` (101 accepted, anything
 * else not) and `ErrCnt` (consecutive errors); `chkOtpDeviceStatus.jsp` answers `ConnStatus` (101
 * up, 102 down), `OtpStatus` (101 registered, 102 stopped, 103 not registered, 901 fault) and
 * `ErrCnt`. v2 (JSON, `api/v2/…`): `otp_accredit` answers `{ code, msg }` — 200 accepted, AP001
 * mismatch, AP009 the fifth error (locked), AP005 not registered, other AP/WE/IE/CE codes service
 * or input errors; `user_reset` answers 200 or AP010. See docs/hrd-integration.md.
 */
import { MAX_ATTEMPTS } from '../attempts/transitions';
import { patternInput } from '../profiles/pattern-input';
import type { CheckpointKind } from '../profiles/types';

/** Which question the page asked HRD (or the institute's own verifier, as a profile names it). */
export type EndpointRole = 'verify' | 'status' | 'reset';

export type AnswerFormat = 'hrdV1' | 'hrdV2' | 'json';

/** An endpoint the observer reports: HRD's own, or one a profile names. */
export interface AnswerEndpoint {
  /** Regular expression over the request URL's path. */
  readonly urlPattern: string;
  readonly role: EndpointRole;
  readonly format: AnswerFormat;
  /** For `json`: the dotted path of the answer code (default `code`). */
  readonly codeField?: string;
  /** For `json`: the dotted path of the consecutive-error count, when the answer has one. */
  readonly errorCountField?: string;
  /** For `json` (and to extend v2): answer code → meaning. */
  readonly codes?: Readonly<Record<string, AnswerMeaning>>;
}

/** What an answer code means for the trainee's attempts. */
export const ANSWER_MEANINGS = [
  'accepted',
  'mismatch',
  'locked',
  'notRegistered',
  'serviceDown',
  'inputError',
  'reset',
  'resetFailed',
] as const;
export type AnswerMeaning = (typeof ANSWER_MEANINGS)[number];

/** HRD's endpoints as real LMSes call them (directly, or through a same-named proxy of their own). */
export const HRD_ENDPOINTS: readonly AnswerEndpoint[] = [
  { urlPattern: '/chkOtpResult\\.jsp$', role: 'verify', format: 'hrdV1' },
  { urlPattern: '/chkOtpDeviceStatus\\.jsp$', role: 'status', format: 'hrdV1' },
  { urlPattern: '/api/v2/otp_accredit$', role: 'verify', format: 'hrdV2' },
  { urlPattern: '/api/v2/user_reset$', role: 'reset', format: 'hrdV2' },
];

/**
 * The authority's answer, reduced to what the attempts need. `errorCount` is the verifier's own
 * count of consecutive wrong codes when the answer states it (v1 `ErrCnt`); a v2 mismatch states
 * none, and then the local count moves by one.
 */
export type AuthorityAnswer =
  | { readonly type: 'accepted'; readonly message: string }
  | { readonly type: 'mismatch'; readonly errorCount: number | null; readonly message: string }
  | { readonly type: 'locked'; readonly message: string }
  /** Status before any try: the device is usable, with this many errors so far. */
  | { readonly type: 'ready'; readonly errorCount: number | null }
  | { readonly type: 'notRegistered'; readonly message: string }
  /** The service says it is down, or the input was refused before any check: not an attempt. */
  | {
      readonly type: 'serviceDown';
      readonly errorCount: number | null;
      readonly message: string;
    }
  | { readonly type: 'inputError'; readonly message: string }
  | { readonly type: 'reset' }
  | { readonly type: 'resetFailed' }
  /** The answer could not be read (truncated, another format): it settles nothing. */
  | { readonly type: 'unreadable' };

/** The endpoint a request URL is for, or null; profile endpoints come before HRD's own. */
export function endpointFor(url: string, extra: readonly AnswerEndpoint[] = []): AnswerEndpoint | null {
  let path: string;
  try {
    // Profile patterns see at most MAX_PATTERN_INPUT characters (README, "Patterns").
    path = patternInput(new URL(url, 'http://page.invalid/').pathname);
  } catch {
    return null;
  }
  for (const endpoint of [...extra, ...HRD_ENDPOINTS]) {
    if (safeTest(endpoint.urlPattern, path)) return endpoint;
  }
  return null;
}

/** Reads one answer body for an endpoint. Never throws: what it cannot read is `unreadable`. */
export function readAnswer(endpoint: AnswerEndpoint, httpStatus: number, body: string): AuthorityAnswer {
  if (httpStatus < 200 || httpStatus >= 300) {
    // A 5xx from HRD (or a proxy) is the service failing; other statuses tell nothing.
    return httpStatus >= 500
      ? { type: 'serviceDown', errorCount: null, message: '' }
      : { type: 'unreadable' };
  }
  if (endpoint.format === 'hrdV1') return readV1(endpoint.role, body);
  return readJsonAnswer(endpoint, body);
}

function readV1(role: EndpointRole, body: string): AuthorityAnswer {
  const errorCount = readCount(xmlField(body, 'ErrCnt'));
  if (role === 'status') {
    const conn = xmlField(body, 'ConnStatus');
    const otp = xmlField(body, 'OtpStatus');
    if (conn === null && otp === null) return { type: 'unreadable' };
    const remark = xmlField(body, 'Remark') ?? '';
    if (conn === '102' || otp === '901') return { type: 'serviceDown', errorCount, message: remark };
    if (otp === '102' || (errorCount !== null && errorCount >= MAX_ATTEMPTS))
      return { type: 'locked', message: remark };
    if (otp === '103') return { type: 'notRegistered', message: remark };
    if (otp === '101') return { type: 'ready', errorCount };
    return { type: 'unreadable' };
  }
  const retVal = xmlField(body, 'RetVal');
  if (retVal === null) return { type: 'unreadable' };
  const message = xmlField(body, 'RetMsg') ?? '';
  if (retVal === '101') return { type: 'accepted', message };
  if (errorCount !== null && errorCount >= MAX_ATTEMPTS) return { type: 'locked', message };
  // "Anything else = not accepted": the count HRD states is the truth. Without a count the
  // answer says only "not accepted", which still cost an attempt.
  if (errorCount === null && /^9\d\d$/.test(retVal)) return { type: 'serviceDown', errorCount, message };
  return { type: 'mismatch', errorCount, message };
}

function readJsonAnswer(endpoint: AnswerEndpoint, body: string): AuthorityAnswer {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { type: 'unreadable' };
  }
  const rawCode = dotted(data, endpoint.codeField ?? 'code');
  if (typeof rawCode !== 'string' && typeof rawCode !== 'number') return { type: 'unreadable' };
  const code = String(rawCode).trim();
  const message = String(dotted(data, 'msg') ?? dotted(data, 'message') ?? '').slice(0, 300);
  const errorCount = endpoint.errorCountField ? readCount(dotted(data, endpoint.errorCountField)) : null;
  const meaning =
    endpoint.codes?.[code] ?? (endpoint.format === 'hrdV2' ? v2Meaning(endpoint.role, code) : null);
  switch (meaning) {
    case 'accepted':
      return { type: 'accepted', message };
    case 'mismatch':
      if (errorCount !== null && errorCount >= MAX_ATTEMPTS) return { type: 'locked', message };
      return { type: 'mismatch', errorCount, message };
    case 'locked':
      return { type: 'locked', message };
    case 'notRegistered':
      return { type: 'notRegistered', message };
    case 'serviceDown':
      return { type: 'serviceDown', errorCount, message };
    case 'inputError':
      return { type: 'inputError', message };
    case 'reset':
      return { type: 'reset' };
    case 'resetFailed':
      return { type: 'resetFailed' };
    default:
      return { type: 'unreadable' };
  }
}

/** HRD v2's answer codes. Unknown codes of the error families are service or input errors. */
function v2Meaning(role: EndpointRole, code: string): AnswerMeaning | null {
  if (role === 'reset') {
    if (code === '200') return 'reset';
    return /^(AP|WE|IE|CE)\d{3}$/.test(code) ? 'resetFailed' : null;
  }
  if (code === '200') return 'accepted';
  if (code === 'AP001') return 'mismatch';
  if (code === 'AP009') return 'locked';
  if (code === 'AP005') return 'notRegistered';
  if (/^(AP|WE|IE|CE)\d{3}$/.test(code)) return 'serviceDown';
  return null;
}

/** `EVAL_CD` as HRD defines it: the kind of checkpoint the page is asking for. */
const EVAL_KINDS: Readonly<Record<string, CheckpointKind>> = {
  '00': 'entry',
  '01': 'session',
  '02': 'exam',
  '03': 'assignment',
  '04': 'evaluation',
};

/** What the page's own request says about the checkpoint and the trainee. */
export interface RequestFacts {
  readonly kind: CheckpointKind | null;
  /** The 차시 for 진도 (`CLASS_TME`), null for 입과 and assessments. */
  readonly session: number | null;
  readonly traineeName: string | null;
  readonly traineePhone: string | null;
  /** Whether the request carried a code (`OTPNO`): only those are attempts. Never the code itself. */
  readonly carriesCode: boolean;
  /** How many characters the code had (6 for a well-formed one); never the code itself. */
  readonly codeLength: number;
  /**
   * HRD's time the page stamped the request with (`UT` or `USRDT`, what `hrdFrame.getUT()`
   * returned), as Unix ms; null when absent or unreadable. Read from the page's own request, so
   * the observer never calls the page's code to learn it.
   */
  readonly hrdTime: number | null;
}

/** Korea's time zone has no daylight saving: KST is UTC+9 all year. */
const KST_OFFSET_MS = 9 * 3_600_000;

/**
 * HRD's time stamp: `yyyyMMddHHmmss` in Korean time (HRD's own format), or Unix time in ms or s
 * as some vendors send it. Null for anything else, and for a calendar date that does not exist.
 */
export function parseHrdTime(stamp: string | null): number | null {
  if (stamp === null) return null;
  if (/^\d{13}$/.test(stamp)) return Number(stamp);
  if (/^\d{10}$/.test(stamp)) return Number(stamp) * 1000;
  const parts = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  // Date.UTC rolls 31 February over into March: such a stamp is not a time.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  return utc - KST_OFFSET_MS;
}

/**
 * A field of the page's request (or its variables) by its normalised name (`otpno` for `OTPNO`,
 * `otpNo`, `otp_no`): vendors spell HRD's names their own way. Null when absent or blank.
 */
export function requestField(fields: Readonly<Record<string, unknown>>, name: string): string | null {
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && key.replace(/[_-]/g, '').toLowerCase() === name && value.trim() !== '')
      return value.trim().slice(0, 100);
  }
  return null;
}

/** What HRD's fields (`EVAL_CD`, `CLASS_TME`, `OTPNO`, `USER_NM`, `USER_TEL`) say. */
export function requestFacts(fields: Readonly<Record<string, unknown>>): RequestFacts {
  const get = (name: string) => requestField(fields, name);
  const evalCode = get('evalcd');
  const kind = evalCode === null ? null : (EVAL_KINDS[evalCode.padStart(2, '0')] ?? null);
  const classTime = get('classtme');
  const sessionNumber = classTime !== null && /^\d{1,3}$/.test(classTime) ? Number(classTime) : null;
  const code = get('otpno');
  return {
    kind,
    session: kind === 'session' && sessionNumber !== null && sessionNumber > 0 ? sessionNumber : null,
    traineeName: get('usernm'),
    traineePhone: get('usertel'),
    carriesCode: code !== null,
    codeLength: code?.length ?? 0,
    hrdTime: parseHrdTime(get('ut') ?? get('usrdt')),
  };
}

/**
 * Parses a request body the way the page sent it: form-encoded, JSON, or a query string. Only
 * flat string-ish fields are kept; anything else yields no fields.
 */
export function parseRequestFields(url: string, body: string | null): Record<string, string> {
  const fields: Record<string, string> = {};
  try {
    for (const [key, value] of new URL(url, 'http://page.invalid/').searchParams) fields[key] = value;
  } catch {
    // An unparsable URL has no query fields.
  }
  if (!body) return fields;
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const data = JSON.parse(trimmed) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        for (const [key, value] of Object.entries(data)) {
          if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
        }
      }
    } catch {
      // Not JSON after all: nothing more to read.
    }
    return fields;
  }
  for (const [key, value] of new URLSearchParams(trimmed)) fields[key] = value;
  return fields;
}

/** Alert texts and what they say, the second authority after the answer itself. */
export interface DialogTexts {
  readonly accepted: readonly string[];
  readonly mismatch: readonly string[];
  readonly locked: readonly string[];
  readonly serviceDown: readonly string[];
  /** "Once more": the entry asks for a second code right after the first passed. */
  readonly again: readonly string[];
}

/** Wordings found in real integrations; a profile may add its own. */
export const HRD_DIALOG_TEXTS: DialogTexts = {
  accepted: ['인증되었습니다', '인증이 완료', '인증처리가 완료', '인증 완료'],
  mismatch: ['일치하지 않습니다', '다시 입력', '잘못 입력'],
  locked: ['5회 오류', '5회 실패', '잠겼습니다', '잠금'],
  serviceDown: ['장애', '점검', '일시적인 오류'],
  again: ['한번 더', '한 번 더'],
};

export type DialogMeaning = 'accepted' | 'acceptedAgain' | 'mismatch' | 'locked' | 'serviceDown';

/** What an alert's text says; null when it says none of these. Locked is checked first. */
export function readDialogText(text: string, extra?: Partial<DialogTexts>): DialogMeaning | null {
  const has = (key: keyof DialogTexts) =>
    [...HRD_DIALOG_TEXTS[key], ...(extra?.[key] ?? [])].some((needle) => text.includes(needle));
  if (has('locked')) return 'locked';
  if (has('accepted')) return has('again') ? 'acceptedAgain' : 'accepted';
  if (has('mismatch')) return 'mismatch';
  if (has('serviceDown')) return 'serviceDown';
  return null;
}

/** A count the page or answer states, as an integer 0–5; anything else is no count. */
export function readCount(raw: unknown): number | null {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,3}$/.test(text)) return null;
  return Math.min(MAX_ATTEMPTS, Number(text));
}

/** The text of the first `<name>` element of an XML answer; no DOM (the background has none). */
function xmlField(body: string, name: string): string | null {
  // The text may be wrapped in CDATA (`<RetMsg><![CDATA[…]]></RetMsg>`): that section is text too.
  const match = new RegExp(
    `<${name}(?:\\s[^>]*)?>((?:<!\\[CDATA\\[[\\s\\S]{0,300}?\\]\\]>|[^<]){0,300})</${name}>|<${name}(?:\\s[^>]*)?/>`,
    'i',
  ).exec(body);
  if (!match) return null;
  return decodeXmlText(match[1] ?? '').trim();
}

function decodeXmlText(text: string): string {
  return text
    .replace(/<!\[CDATA\[|\]\]>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function dotted(data: unknown, path: string): unknown {
  let current = data;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'i').test(text);
  } catch {
    return false;
  }
}
