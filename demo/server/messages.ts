/**
 * What the checkpoint page says for each verifier answer. Kept in one place so the inline page
 * script, the no-JavaScript form fallback and the tests show exactly the same texts.
 */
import { MAX_ATTEMPTS, type VerifyAnswer } from './verifier';

/** The values `#otp-result[data-outcome]` takes. */
export const CHECKPOINT_OUTCOMES = ['success', 'failure', 'locked', 'invalid', 'error'] as const;
export type CheckpointOutcome = (typeof CHECKPOINT_OUTCOMES)[number];

/** Texts of the result area. */
export const CHECKPOINT_MESSAGES = {
  success: '본인인증이 완료되었습니다.',
  mismatch: (attemptsLeft: number) => `인증번호가 일치하지 않습니다. (남은 횟수: ${attemptsLeft}회)`,
  replayed: (attemptsLeft: number) =>
    `이미 사용된 인증번호입니다. 새 번호를 입력하세요. (남은 횟수: ${attemptsLeft}회)`,
  locked: `인증 ${MAX_ATTEMPTS}회 실패로 잠겼습니다. 휴대폰 본인인증 후 다시 이용하세요.`,
  /** A wrong code from a verifier that does not say how many tries are left (test mode `silent`). */
  mismatchUncounted: '인증번호가 일치하지 않습니다.',
  malformed: '6자리 숫자를 입력하세요.',
  notEnrolled: '웹 OTP가 발급되지 않았습니다. 먼저 인증키를 발급받으세요.',
  unauthenticated: '로그인이 필요합니다. 다시 로그인하세요.',
  unavailable: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도하세요.',
  /** The verifier is down (test control `error`, or a held request that timed out). */
  verifierDown: '인증 서버에 일시적인 장애가 발생했습니다. 잠시 후 다시 시도하세요.',
  successLink: '강의실로 이동',
  /** Refusals before any code is looked at; none costs an attempt. */
  entryRequired: '최초 입과 본인인증을 먼저 진행하세요.',
  checkNotRequired: '이 차시는 본인인증이 필요하지 않습니다.',
  visitExpired: '인증 요청이 만료되었습니다. 페이지를 새로 고친 후 다시 시도하세요.',
  alreadyVerified: '이번 응시에 대한 본인인증이 이미 완료되었습니다.',
  /** The daily login check was already passed today. */
  dailyLoginNotRequired: '오늘의 최초 로그인 본인인증이 이미 완료되었습니다.',
} as const;

/** The lead sentence of the checkpoint box, per kind (trainee manual wording where it has one). */
export const CHECKPOINT_LEADS = {
  entry: '최초 과정 입과시 본인인증 절차입니다.',
  session: '매 8회차 초과시 본인인증 절차입니다.',
  video: '동영상 시청 중 본인인증 절차입니다.',
  evaluation: '진행단계 평가 응시 전 본인인증 절차입니다.',
  exam: '시험 응시 전 본인인증 절차입니다.',
  assignment: '과제 제출 전 본인인증 절차입니다.',
  dailyLogin: '오늘 최초 로그인 시 본인인증 절차입니다.',
} as const;

/** The attempts line every web-OTP box shows (`#otp-attempts`). */
export function attemptsLine(attemptsLeft: number): string {
  return `남은 횟수: ${attemptsLeft}회`;
}

/** What HRD's mOTP service answers, written into `#motpMsg`. */
export const HRD_MESSAGES = {
  success: 'mOTP 인증이 완료되었습니다.',
  mismatch: (failures: number) => `mOTP 번호가 일치하지 않습니다. (실패 ${failures}회 / ${MAX_ATTEMPTS}회)`,
  locked: `mOTP 인증 ${MAX_ATTEMPTS}회 실패로 휴대폰 본인인증이 필요합니다.`,
  malformed: 'mOTP 번호 6자리를 입력하세요.',
  successLink: '강의실로 이동',
} as const;

/** Maps the HRD verifier's answer to its outcome and text; `failures` is the count after it. */
export function describeHrdAnswer(answer: VerifyAnswer, failures: number): CheckpointResultView {
  switch (answer.reason) {
    case 'accepted':
      return { outcome: 'success', message: HRD_MESSAGES.success };
    case 'mismatch':
    case 'replayed':
      if (answer.locked) return { outcome: 'locked', message: HRD_MESSAGES.locked, attemptsLeft: 0 };
      return {
        outcome: 'failure',
        message: HRD_MESSAGES.mismatch(failures),
        attemptsLeft: answer.attemptsLeft,
      };
    case 'locked':
      return { outcome: 'locked', message: HRD_MESSAGES.locked, attemptsLeft: 0 };
    case 'malformed':
      return { outcome: 'invalid', message: HRD_MESSAGES.malformed };
    case 'notEnrolled':
      return { outcome: 'error', message: CHECKPOINT_MESSAGES.unavailable };
  }
}

/** Texts of the identity re-verification pages (휴대폰/아이핀 본인인증). */
export const IDENTITY_MESSAGES = {
  phoneSuccess: '휴대폰 본인인증이 완료되었습니다. OTP 잠금이 해제되었습니다.',
  ipinSuccess: '아이핀 본인인증이 완료되었습니다. OTP 잠금이 해제되었습니다.',
  wrongSmsCode: '인증번호가 올바르지 않습니다.',
  smsNotRequested: '인증번호 받기를 먼저 진행하세요.',
  smsSent: '인증번호가 발송되었습니다. 3분 이내에 입력하세요.',
  ipinMissing: '아이핀 아이디와 비밀번호를 입력하세요.',
} as const;

/** The demo's SMS code: shown on the page, as a real carrier would text it. */
export const DEMO_SMS_CODE = '123456';

/** What the result area shows. `attemptsLeft` is present for failure and locked outcomes. */
export interface CheckpointResultView {
  readonly outcome: CheckpointOutcome;
  readonly message: string;
  readonly attemptsLeft?: number;
}

/** Maps a verifier answer to the page's outcome and text. */
export function describeVerifyAnswer(answer: VerifyAnswer): CheckpointResultView {
  switch (answer.reason) {
    case 'accepted':
      return { outcome: 'success', message: CHECKPOINT_MESSAGES.success };
    case 'mismatch':
    case 'replayed':
      // The attempt that used up the budget says "locked" at once, as the next one would.
      if (answer.locked) return { outcome: 'locked', message: CHECKPOINT_MESSAGES.locked, attemptsLeft: 0 };
      return {
        outcome: 'failure',
        message: CHECKPOINT_MESSAGES[answer.reason](answer.attemptsLeft),
        attemptsLeft: answer.attemptsLeft,
      };
    case 'locked':
      return { outcome: 'locked', message: CHECKPOINT_MESSAGES.locked, attemptsLeft: 0 };
    case 'malformed':
      return { outcome: 'invalid', message: CHECKPOINT_MESSAGES.malformed };
    case 'notEnrolled':
      return { outcome: 'error', message: CHECKPOINT_MESSAGES.notEnrolled };
  }
}
