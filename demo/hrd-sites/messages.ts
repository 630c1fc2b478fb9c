/**
 * Korean wording of the demo sites. HRD's stand-in words its answers as HRD does; each LMS has
 * its own alerts (the real integrations differ, and some word a wrong code as an outage).
 */

/** HRD's v2 answer messages (`msg`), and v1's `RetMsg`. */
export const HRD_ANSWER_MESSAGES = {
  accepted: '인증되었습니다.',
  mismatch: '인증번호가 일치하지 않습니다.',
  locked: '5회 오류로 mOTP 인증이 잠겼습니다. 본인인증 후 이용하세요.',
  notRegistered: 'mOTP 미등록 사용자입니다.',
  outage: '서비스 장애가 발생했습니다.',
  maintenance: '서비스 점검 중입니다',
  badInput: '인증번호 형식이 올바르지 않습니다.',
  missingField: '필수 입력값이 누락되었습니다.',
  resetDone: 'mOTP 오류 횟수가 초기화되었습니다.',
  resetFailed: 'mOTP 초기화에 실패했습니다. 등록된 사용자가 아닙니다.',
} as const;

/** v2 `msg` of a wrong code: HRD counts the errors in the message. */
export function mismatchMessage(errors: number): string {
  return `${HRD_ANSWER_MESSAGES.mismatch}(${errors}회 오류)`;
}

/** 새솔 평생교육원's alerts. */
export const POPUP_LMS_ALERTS = {
  accepted: '인증되었습니다.',
  mismatch: '인증번호가 일치하지 않습니다. 다시 입력 하세요.',
  locked: '5회 오류가 발생하였습니다. mOTP인증이 잠겼습니다.',
  outage: 'mOTP 서비스 장애가 발생하였습니다. 휴대폰 인증 또는 아이핀 인증을 이용하세요.',
  empty: '인증번호 6자리를 입력하세요.',
  failed: 'mOTP 인증에 실패하였습니다.',
} as const;

/** 한길 원격평생교육원's alerts (HRD's `msg` is passed through for code answers). */
export const PLAYER_LMS_ALERTS = {
  accepted: '인증되었습니다.',
  outage: 'OTP 장애가 발생했습니다. 휴대폰 인증을 이용해 주세요.',
  empty: '인증번호를 입력해 주세요.',
} as const;

/** 다온 직업전문학교's alerts. */
export const LAYER_LMS_ALERTS = {
  firstEntryPass: '입과시 mOTP 인증처리가 완료되었습니다. 한번 더 mOTP인증처리가 필요합니다.',
  accepted: '인증되었습니다.',
  /** Its wording for a wrong code (AP001): an outage, on purpose. */
  mismatch: 'OTP 장애가 발생했습니다. 잠시 후 다시 시도해 주세요.',
  locked: 'mOTP 인증 5회 오류로 인증이 잠겼습니다. 휴대폰 본인인증을 진행해 주세요.',
  empty: 'otp 번호를 입력하세요.',
} as const;

/** 누리 원격교육원's alerts (HRD's `msg` is shown for answers it has no wording of its own for). */
export const GENERIC_LMS_ALERTS = {
  accepted: '본인인증이 완료되었습니다. 학습을 시작합니다.',
  mismatch: '인증번호가 일치하지 않습니다. 다시 입력 하세요.',
  locked:
    'mOTP 인증번호 5회 오류로 인증이 잠금 처리되었습니다. 한국산업인력공단 고객센터(1833-3075)로 문의하세요.',
  empty: 'OTP 번호 6자리를 입력하세요.',
  network: '인증 서버와 통신할 수 없습니다. 잠시 후 다시 시도하세요.',
} as const;

/** 미래 사내교육 포털's sign-in answer (it has no real accounts). */
export const PLAIN_SITE_TEXTS = {
  loginFailed: '아이디 또는 비밀번호가 올바르지 않습니다.',
} as const;

/** The identity pages' result lines. */
export const IDENTITY_TEXTS = {
  success: '본인인증이 완료되어 mOTP 잠금이 해제되었습니다.',
  resetFailed: '본인인증은 완료되었으나 mOTP 잠금 해제에 실패했습니다.',
  invalid: '인증번호 6자리를 입력하세요.',
  notSent: '먼저 인증번호 받기를 눌러 주세요.',
  sent: '인증번호가 발송되었습니다. [데모] 아무 숫자 6자리나 입력하세요.',
  unavailable: 'mOTP 서버에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
} as const;
