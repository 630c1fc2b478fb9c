/**
 * Constants of the simulated video player, shared by the server-rendered lesson and the player's
 * page script. No DOM and no Node APIs: both sides import it.
 */

/** Texts of the simulated video player. */
export const VIDEO_PLAYER_TEXTS = {
  play: '재생',
  pause: '일시정지',
  ready: '재생 버튼을 눌러 학습을 시작하세요.',
  playing: '재생 중',
  paused: '일시정지되었습니다.',
  check: '본인인증 후 이어서 재생됩니다.',
  ended: '학습을 완료했습니다.',
  /** The length the player pretends the video has. */
  duration: '20:00',
} as const;

/** Real time a whole (simulated) video takes to play in the demo. */
export const VIDEO_LENGTH_MS = 30_000;

/** How long a success stays on screen before the player moves on (lesson, resumed video). */
export const CONTINUE_AFTER_SUCCESS_MS = 1200;
