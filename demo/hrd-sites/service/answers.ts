/**
 * How HRD's stand-in words its answers: v1 as XML (`RetVal`, `ErrCnt`, …), v2 as JSON
 * (`{ code, msg }`, always HTTP 200). Pure functions from the registry's results.
 */
import { escapeHtml } from '../../server/html';
import { HRD_ANSWER_MESSAGES, mismatchMessage } from '../messages';
import type { AccreditResult, DeviceStatus } from './registry';

/** Errors that lock a phone. */
export const LOCK_AFTER_ERRORS = 5;

/** Checkpoint kinds HRD knows (`EVAL_CD`): 입과, 진도, 시험, 과제, 진행평가, 기타. */
export const EVAL_CODES = ['00', '01', '02', '03', '04', '99'] as const;

/** A v2 answer. */
export interface V2Answer {
  readonly code: string;
  readonly msg: string;
}

/** A checked request: what `chkOtpResult.jsp` and `otp_accredit` need. */
export interface AccreditRequest {
  readonly tel: string;
  readonly code: string;
}

/** Validates the fields of an accredit request (the trainee, the code and a known checkpoint kind). */
export function parseAccreditFields(
  fields: Readonly<Record<string, string>>,
): { readonly ok: true; readonly request: AccreditRequest } | { readonly ok: false } {
  const tel = fields.USER_TEL ?? '';
  const code = fields.OTPNO ?? '';
  const evalCd = fields.EVAL_CD ?? '';
  const classTme = fields.CLASS_TME ?? '';
  const valid =
    (fields.USER_NM ?? '') !== '' &&
    /^[\d-]{9,13}$/.test(tel) &&
    code !== '' &&
    (EVAL_CODES as readonly string[]).includes(evalCd) &&
    /^\d{1,3}$/.test(classTme);
  return valid ? { ok: true, request: { tel, code } } : { ok: false };
}

/** `otp_accredit`'s answer. */
export function v2AccreditAnswer(result: AccreditResult): V2Answer {
  switch (result.kind) {
    case 'accepted':
      return { code: '200', msg: HRD_ANSWER_MESSAGES.accepted };
    case 'mismatch':
      return result.locked
        ? { code: 'AP009', msg: HRD_ANSWER_MESSAGES.locked }
        : { code: 'AP001', msg: mismatchMessage(result.errors) };
    case 'locked':
      return { code: 'AP009', msg: HRD_ANSWER_MESSAGES.locked };
    case 'notRegistered':
      return { code: 'AP005', msg: HRD_ANSWER_MESSAGES.notRegistered };
    case 'malformed':
      return { code: 'IE001', msg: HRD_ANSWER_MESSAGES.badInput };
  }
}

export const V2_OUTAGE: V2Answer = { code: 'WE001', msg: HRD_ANSWER_MESSAGES.outage };
export const V2_MISSING_FIELD: V2Answer = { code: 'IE002', msg: HRD_ANSWER_MESSAGES.missingField };
export const V2_RESET_DONE: V2Answer = { code: '200', msg: HRD_ANSWER_MESSAGES.resetDone };
export const V2_RESET_FAILED: V2Answer = { code: 'AP010', msg: HRD_ANSWER_MESSAGES.resetFailed };

/** v1 `chkOtpResult.jsp` values. */
export interface V1Result {
  readonly RetVal: string;
  readonly ErrCnt: number;
  readonly RetMsg: string;
}

/**
 * `chkOtpResult.jsp`'s answer: 101 accepted, 102 wrong code (also the 5th, with ErrCnt 5),
 * 103 already locked, 104 not registered, 109 input refused.
 */
export function v1ResultAnswer(result: AccreditResult): V1Result {
  switch (result.kind) {
    case 'accepted':
      return { RetVal: '101', ErrCnt: 0, RetMsg: HRD_ANSWER_MESSAGES.accepted };
    case 'mismatch':
      return { RetVal: '102', ErrCnt: result.errors, RetMsg: HRD_ANSWER_MESSAGES.mismatch };
    case 'locked':
      return { RetVal: '103', ErrCnt: LOCK_AFTER_ERRORS, RetMsg: HRD_ANSWER_MESSAGES.locked };
    case 'notRegistered':
      return { RetVal: '104', ErrCnt: 0, RetMsg: HRD_ANSWER_MESSAGES.notRegistered };
    case 'malformed':
      return { RetVal: '109', ErrCnt: result.errors, RetMsg: HRD_ANSWER_MESSAGES.badInput };
  }
}

export function v1Outage(errors: number): V1Result {
  return { RetVal: '901', ErrCnt: errors, RetMsg: HRD_ANSWER_MESSAGES.maintenance };
}

export const V1_MISSING_FIELD: V1Result = {
  RetVal: '109',
  ErrCnt: 0,
  RetMsg: HRD_ANSWER_MESSAGES.missingField,
};

/** `chkOtpDeviceStatus.jsp` values. */
export interface V1DeviceStatus {
  /** 101 service up, 102 down. */
  readonly ConnStatus: '101' | '102';
  /** 101 registered, 102 stopped (locked), 103 not registered, 901 fault. */
  readonly OtpStatus: '101' | '102' | '103' | '901';
  readonly ErrCnt: number;
}

export function v1DeviceStatus(status: DeviceStatus, down: boolean): V1DeviceStatus {
  const errors = status.registered ? status.errors : 0;
  if (down) return { ConnStatus: '102', OtpStatus: '901', ErrCnt: errors };
  if (!status.registered) return { ConnStatus: '101', OtpStatus: '103', ErrCnt: 0 };
  return { ConnStatus: '101', OtpStatus: status.locked ? '102' : '101', ErrCnt: errors };
}

/** One `<result>` document with its fields in order, text escaped, `Remark` empty as HRD sends it. */
export function resultXml(fields: Readonly<Record<string, string | number>>): string {
  const body = Object.entries({ ...fields, Remark: '' })
    .map(([name, value]) => `<${name}>${escapeHtml(String(value))}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><result>${body}</result>`;
}
