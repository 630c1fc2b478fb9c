/// <reference lib="dom" />
/**
 * The global `hrdFrame` HRD's loader script defines, as the institutes' pages use it. Pages read
 * it through `hrdFrameOf(window)` rather than a global declaration, so the extension's code never
 * sees these names as part of `Window`.
 */

export interface HrdFrame {
  /** Draws HRD's own frame (status, web OTP) into `#hrdOtpFrame`. */
  loadHrdFrame(): void;
  /** Loads HRD's OTP module; resolves once the page may show its code input. */
  loadOTP(callback?: () => void): Promise<void>;
  /** Shows HRD's virtual keypad under `input`; its keys write into the input. */
  loadKeyPad(input: HTMLInputElement): void;
  hideKeyPad(): void;
  /** HRD's time (KST) as `yyyyMMddHHmmss`, the request's `UT`. */
  getUT(): string;
}

/** The page's `hrdFrame`; throws when HRD's loader did not load (the page then says so). */
export function hrdFrameOf(win: Window): HrdFrame {
  const frame = (win as Window & { hrdFrame?: HrdFrame }).hrdFrame;
  if (!frame) throw new Error('HRD mOTP 모듈을 불러오지 못했습니다.');
  return frame;
}
