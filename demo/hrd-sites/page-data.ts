/**
 * What the server hands each page's script, as JSON in `<script type="application/json"
 * id="page-data">`. Declared once here so the server that writes it and the browser script that
 * reads it agree at compile time. No DOM and no Node APIs: both sides import it.
 */

/** The trainee fields every HRD request carries. */
export interface TraineeFields {
  readonly USER_NM: string;
  /** Digits only, as HRD stores the number. */
  readonly USER_TEL: string;
}

/** The checkpoint a page asks for: `EVAL_CD` (00 입과, 01 진도, 02 시험, …) and `CLASS_TME`. */
export interface CheckpointFields {
  readonly EVAL_CD: string;
  readonly CLASS_TME: string;
}

/** Configuration baked into HRD's loader script when it is served. */
export interface LoaderConfig {
  /** HRD's own origin, where it draws its frame from. */
  readonly serviceOrigin: string;
  /** HRD's clock when the loader was served (Unix ms); `getUT()` keeps the offset to it. */
  readonly serverTimeMs: number;
  /** How long `loadOTP()` takes to resolve, as HRD's module loads. */
  readonly loadOtpDelayMs: number;
}

/** The stand-in phone app page. */
export interface AppPageData {
  /** Unix ms when the shown code's step ends, by the server clock. */
  readonly expiresAtMs: number;
  readonly serverTimeMs: number;
}

/** 새솔's course page. */
export interface PopupCourseData {
  readonly courseId: string;
}

/** 새솔's popup checkpoint. */
export interface PopupCheckpointData extends TraineeFields, CheckpointFields {
  readonly serviceOrigin: string;
  readonly agentId: string;
  readonly courseId: string;
  /** Where the page records a pass on its own LMS. */
  readonly completeUrl: string;
}

/** 한길's mOTP box (framed by the player, on another host). */
export interface PlayerBoxData extends TraineeFields, CheckpointFields {
  readonly serviceOrigin: string;
  readonly agentId: string;
  readonly courseId: string;
  readonly completeUrl: string;
  /** The player page to send the top window to after a pass. */
  readonly returnUrl: string;
}

/** 다온's layer (classroom) and exam pages. */
export interface LayerPageData extends TraineeFields, CheckpointFields {
  readonly serviceOrigin: string;
  readonly agentId: string;
  readonly courseId: string;
  readonly completeUrl: string;
  /** Where 휴대폰 본인인증 goes. */
  readonly identityUrl: string;
  /** The number as the page shows it (`010-1234-5678`). */
  readonly telDisplay: string;
}

/** What 다온's `POST /lms/otp/complete` answers. */
export interface LayerCompleteBody {
  /** False while the two-step entry still needs its second pass. */
  readonly complete: boolean;
}

/** 누리 원격교육원's checkpoint (the classroom of a checked lecture). */
export interface GenericClassroomData extends TraineeFields, CheckpointFields {
  readonly serviceOrigin: string;
  readonly agentId: string;
  readonly lecture: number;
  /** Where the page records a pass (`POST`, form fields `lec`, `eval_cd`, `class_tme`). */
  readonly doneUrl: string;
  /** Where the page goes after a pass. */
  readonly lessonUrl: string;
  /** The box is the vendor's security keypad (its digit buttons fill a readonly field). */
  readonly keypad: boolean;
  /** The box takes the code one digit a box (six inputs; the page joins them). */
  readonly digitBoxes: boolean;
}

/** Each institute's simulated 휴대폰 본인인증 page. */
export interface IdentityPageData extends TraineeFields {
  readonly serviceOrigin: string;
}
