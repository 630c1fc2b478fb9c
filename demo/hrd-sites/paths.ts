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
