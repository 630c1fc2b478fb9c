/** Paths of the HRD-integrated demo sites, declared once for the server, the pages and the tests. */

/** HRD's stand-in service (127.0.0.3). */
export const SERVICE_PATHS = {
  loader: '/fdsService/hrdAPI/hrdFrameLoader.js',
  frame: '/fdsService/hrdFrame.jsp',
  deviceStatus: '/fdsService/hrdOTP/JSP/clientService/chkOtpDeviceStatus.jsp',
  otpResult: '/fdsService/hrdOTP/JSP/validateOtp/chkOtpResult.jsp',
  accredit: '/api/v2/otp_accredit',
  userReset: '/api/v2/user_reset',
  app: '/app',
  testOutage: '/test/outage',
  testLog: '/test/log',
  testLogClear: '/test/log/clear',
  testReset: '/test/reset',
} as const;

/** Paths every institute LMS serves. */
export const INSTITUTE_PATHS = {
  identityPhone: '/identity/phone',
  identityIpin: '/identity/ipin',
  stylesheet: '/static/sites.css',
} as const;

/** 새솔 평생교육원 (127.0.0.4). */
export const POPUP_LMS_PATHS = {
  course: '/course/view',
  popup: '/motp/popup.jsp',
  complete: '/motp/complete.jsp',
} as const;

/** 한길 원격평생교육원 (127.0.0.5 player, 127.0.0.6 box). */
export const PLAYER_LMS_PATHS = {
  player: '/player/learn',
  box: '/otp/box',
  complete: '/otp/complete',
} as const;

/** 다온 직업전문학교 (127.0.0.7). */
export const LAYER_LMS_PATHS = {
  classroom: '/lms/classroom',
  exam: '/lms/exam',
  complete: '/lms/otp/complete',
} as const;

/** 누리 원격교육원 (127.0.0.8): another vendor, no profile names it. */
export const GENERIC_LMS_PATHS = {
  /** 과정 안내: lists the lectures; no HRD wiring. */
  home: '/',
  /** `?lec=n`: the lecture's 학습실; at a checked lecture the page is the mOTP checkpoint. */
  classroom: '/edu/classroom',
  /** `?lec=n`: the lecture itself, once its check (if any) is passed. */
  lesson: '/edu/lesson',
  /** `POST`: the page records a pass after HRD's 200. */
  certDone: '/edu/cert/done',
} as const;

/** 미래 사내교육 포털 (127.0.0.9): no HRD integration. */
export const PLAIN_SITE_PATHS = {
  home: '/',
  login: '/login',
} as const;

/** The URL path of a bundled browser script. */
export function scriptPath(name: string): string {
  return `/static/${name}.js`;
}

/** `/course/view?courseId=…` on 새솔. */
export function popupCoursePath(courseId: string): string {
  return `${POPUP_LMS_PATHS.course}?courseId=${encodeURIComponent(courseId)}`;
}

/** The popup's own URL, as the course page opens it. */
export function popupPath(courseId: string, evalCd: string, classTme: string): string {
  return `${POPUP_LMS_PATHS.popup}?${new URLSearchParams({ courseId, evalCd, classTme })}`;
}

/** `/player/learn?courseId=…&session=n` on 한길. */
export function playerPath(courseId: string, session: number): string {
  return `${PLAYER_LMS_PATHS.player}?courseId=${encodeURIComponent(courseId)}&session=${session}`;
}

/** `/lms/classroom?courseId=…` on 다온. */
export function classroomPath(courseId: string): string {
  return `${LAYER_LMS_PATHS.classroom}?courseId=${encodeURIComponent(courseId)}`;
}

/** `/lms/exam?courseId=…` on 다온. */
export function examPath(courseId: string): string {
  return `${LAYER_LMS_PATHS.exam}?courseId=${encodeURIComponent(courseId)}`;
}

/** `/edu/classroom?lec=n` on 누리. */
export function genericClassroomPath(lecture: number): string {
  return `${GENERIC_LMS_PATHS.classroom}?lec=${lecture}`;
}

/** `/edu/lesson?lec=n` on 누리. */
export function genericLessonPath(lecture: number): string {
  return `${GENERIC_LMS_PATHS.lesson}?lec=${lecture}`;
}

/** 누리's checkpoint page: 3차시's 학습실 (EVAL_CD 01, CLASS_TME 3). */
export const GENERIC_LMS_CHECKPOINT_PATH = genericClassroomPath(3);
