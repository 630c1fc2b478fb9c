/**
 * What the checkpoint page says for each verifier answer. Kept in one place so the inline page
 * script, the no-JavaScript form fallback and the tests show exactly the same texts.
 */
import { MAX_CODE_FAILURES, type VerifyAnswer } from './verifier';

/** The values `#otp-result[data-outcome]` takes. */
export const CHECKPOINT_OUTCOMES = ['success', 'failure', 'locked', 'invalid', 'error'] as const;
export type CheckpointOutcome = (typeof CHECKPOINT_OUTCOMES)[number];

/** Texts of the result area. */
export const CHECKPOINT_MESSAGES = {
  success: '본인인증이 완료되었습니다.',
  mismatch: (attemptsLeft: number) => `인증번호가 일치하지 않습니다. (남은 횟수: ${attemptsLeft}회)`,
  replayed: (attemptsLeft: number) =>
    `이미 사용된 인증번호입니다. 새 번호를 입력하세요. (남은 횟수: ${attemptsLeft}회)`,
  locked: `인증 ${MAX_CODE_FAILURES}회 실패로 잠겼습니다. 휴대폰 본인인증 후 다시 이용하세요.`,
  malformed: '6자리 숫자를 입력하세요.',
  notEnrolled: '웹 OTP가 발급되지 않았습니다. 먼저 인증키를 발급받으세요.',
  unauthenticated: '로그인이 필요합니다. 다시 로그인하세요.',
  unavailable: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도하세요.',
  successLink: '강의실로 이동',
} as const;

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
