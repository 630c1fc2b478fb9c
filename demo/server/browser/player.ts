/// <reference lib="dom" />
/**
 * The lesson player: intercepts session links, pushes `?session=n`, asks the sessions API what to
 * show and swaps `#player` without a page load; handles back/forward; runs the simulated video
 * and its mid-video check.
 */
import { readPageData } from '../../shared/browser/page-data';
import type { PlayerPageData } from '../page-data';
import { CONTINUE_AFTER_SUCCESS_MS, VIDEO_LENGTH_MS, VIDEO_PLAYER_TEXTS } from '../player-texts';
import { sessionApiPath } from '../routes';
import { attemptsText, type BoxAnswer, bindOtpBox, ensureRecovery } from './otp-box';

const LOAD_ERROR = '차시 정보를 불러오지 못했습니다. 잠시 후 다시 시도하세요.';
const TICK_MS = 100;

/** What `GET /api/courses/:id/sessions/:n` answers, as far as the player reads it. */
interface SessionInfo {
  readonly title: string;
  readonly requiresCheck?: unknown;
  readonly attemptsLeft?: unknown;
  readonly locked?: unknown;
}

const data = readPageData<PlayerPageData>();
const player = document.getElementById('player');
const nav = document.querySelector('nav.session-list');
if (player && nav) startPlayer(player, nav);

/** What the player's functions share: the session shown, the verifier's counts, the pending timers. */
interface PlayerState {
  current: number;
  attemptsLeft: number;
  locked: boolean;
  loadSeq: number;
  continueTimer: ReturnType<typeof setTimeout> | undefined;
  stopVideo: () => void;
}

/** The player's two regions and its state. */
interface Player {
  readonly player: HTMLElement;
  readonly nav: Element;
  readonly state: PlayerState;
}

function startPlayer(player: HTMLElement, nav: Element): void {
  const state: PlayerState = {
    current: data.session,
    attemptsLeft: data.attemptsLeft,
    locked: data.locked,
    loadSeq: 0,
    continueTimer: undefined,
    stopVideo: (): void => {},
  };
  const self: Player = { player, nav, state };

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[data-session]') : null;
    if (!link || !(nav.contains(link) || player.contains(link))) return;
    const n = Number(link.getAttribute('data-session'));
    if (!Number.isInteger(n) || n < 1 || n > data.sessionCount) return;
    event.preventDefault();
    void load(self, n, {
      push: n !== state.current || location.search !== `?session=${String(n)}`,
      focus: true,
    });
  });

  window.addEventListener('popstate', () => {
    void load(self, sessionFromLocation(), { push: false, focus: false });
  });

  // Adopt what the server rendered.
  history.replaceState({ session: state.current }, '', location.href);
  const box = player.querySelector('#session-check');
  const article = player.querySelector('.lesson');
  const serverModal = player.querySelector('.video-check');
  if (box) bindSessionCheck(self, box, state.current);
  else if (article)
    setupVideo(state, article, state.current, serverModal instanceof HTMLElement ? serverModal : null);
}

function learnUrl(n: number): string {
  return `${data.learnPath}?session=${String(n)}`;
}

function cloneTemplate(id: string): HTMLElement | null {
  const template = document.getElementById(id);
  if (!(template instanceof HTMLTemplateElement)) return null;
  const first = template.content.firstElementChild;
  return first ? (first.cloneNode(true) as HTMLElement) : null;
}

// The server renders the templates for session 0; this puts in the real session.
function prepareBox(state: PlayerState, root: HTMLElement, n: number): void {
  for (const element of root.querySelectorAll('.session-number')) element.textContent = String(n);
  const session = root.querySelector('input[name="session"]');
  if (session instanceof HTMLInputElement) session.value = String(n);
  const form = root.querySelector('#otp-form');
  if (form) form.setAttribute('action', learnUrl(n));
  const attempts = root.querySelector('#otp-attempts');
  if (attempts) attempts.textContent = attemptsText(state.locked ? 0 : state.attemptsLeft);
  if (state.locked) ensureRecovery(root);
}

function noteAnswer(state: PlayerState, answer: BoxAnswer): void {
  if (answer.outcome === 'locked') state.locked = true;
  if (typeof answer.attemptsLeft === 'number') state.attemptsLeft = answer.attemptsLeft;
}

function pager(n: number): HTMLElement {
  const element = document.createElement('nav');
  element.className = 'pager';
  element.setAttribute('aria-label', '차시 이동');
  const add = (target: number, className: string, text: string): void => {
    const link = document.createElement('a');
    link.className = `button ${className}`;
    link.href = learnUrl(target);
    link.setAttribute('data-session', String(target));
    link.textContent = text;
    element.append(link);
  };
  if (n > 1) add(n - 1, 'pager-prev', '이전 차시');
  if (n < data.sessionCount) add(n + 1, 'pager-next', '다음 차시');
  return element;
}

function markNav(nav: Element, n: number): void {
  for (const link of nav.querySelectorAll('a[data-session]')) {
    if (link.getAttribute('data-session') === String(n)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function bindSessionCheck(self: Player, box: Element, n: number): void {
  const { state } = self;
  const proceed = (): void => {
    state.continueTimer = setTimeout(() => {
      if (state.current === n) void load(self, n, { push: false, focus: true });
    }, CONTINUE_AFTER_SUCCESS_MS);
  };
  bindOtpBox(box, data, {
    successLink: false,
    onAnswer: (answer) => {
      noteAnswer(state, answer);
      if (answer.outcome === 'success') proceed();
    },
  });
  const result = box.querySelector('#otp-result');
  if (result && result.getAttribute('data-outcome') === 'success') proceed();
}

function showCheck(self: Player, n: number): void {
  const box = cloneTemplate('tpl-session-check');
  if (!box) return;
  prepareBox(self.state, box, n);
  self.player.replaceChildren(box, pager(n));
  bindSessionCheck(self, box, n);
}

function pad(value: number): string {
  return (value < 10 ? '0' : '') + String(value);
}

function clock(percent: number): string {
  const parts = VIDEO_PLAYER_TEXTS.duration.split(':');
  const total = Number(parts[0]) * 60 + Number(parts[1]);
  const seconds = Math.floor((total * percent) / 100);
  return `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
}

/** One lesson's simulated video as it plays. */
interface Video {
  playing: boolean;
  progress: number;
  elapsed: number;
  timer: ReturnType<typeof setInterval> | undefined;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
  modal: HTMLElement | null;
  checkPassed: boolean;
}

// The simulated video: 재생 runs a progress bar; sessions with a video check stop after
// popupAfterMs of playing and open the check's modal, and resume once it is passed.
function setupVideo(state: PlayerState, article: Element, n: number, serverModal: HTMLElement | null): void {
  const wrap = article.querySelector('.video-player');
  const button = article.querySelector('.video-play');
  const progressBar = article.querySelector('.video-progress');
  const time = article.querySelector('.video-time');
  const screen = article.querySelector('.video-screen-text');
  if (!wrap || !button || !(progressBar instanceof HTMLProgressElement) || !time || !screen) return;
  const video: Video = {
    playing: false,
    progress: 0,
    elapsed: 0,
    timer: undefined,
    closeTimer: undefined,
    modal: null,
    checkPassed: !data.videoCheckSessions.includes(n),
  };

  const render = (shown: string, text: string): void => {
    wrap.setAttribute('data-state', shown);
    progressBar.value = video.progress;
    progressBar.textContent = `${String(Math.round(video.progress))}%`;
    time.textContent = `${clock(video.progress)} / ${VIDEO_PLAYER_TEXTS.duration}`;
    button.textContent = video.playing ? VIDEO_PLAYER_TEXTS.pause : VIDEO_PLAYER_TEXTS.play;
    button.setAttribute('aria-pressed', video.playing ? 'true' : 'false');
    screen.textContent = text;
  };
  const stop = (shown: string, text: string): void => {
    video.playing = false;
    clearInterval(video.timer);
    render(shown, text);
  };
  const start = (): void => {
    if (video.progress >= 100) video.progress = 0;
    video.playing = true;
    clearInterval(video.timer);
    video.timer = setInterval(tick, TICK_MS);
    render('playing', VIDEO_PLAYER_TEXTS.playing);
  };
  const { closeCheck, openCheck } = videoCheck(state, video, n, start);
  const tick = (): void => {
    video.elapsed += TICK_MS;
    video.progress = Math.min(100, video.progress + (100 * TICK_MS) / VIDEO_LENGTH_MS);
    if (!video.checkPassed && !video.modal && video.elapsed >= data.popupAfterMs) {
      stop('check', VIDEO_PLAYER_TEXTS.check);
      openCheck(null);
      return;
    }
    if (video.progress >= 100) {
      stop('ended', VIDEO_PLAYER_TEXTS.ended);
      return;
    }
    render('playing', VIDEO_PLAYER_TEXTS.playing);
  };

  button.addEventListener('click', () => {
    if (video.modal) return;
    if (video.playing) stop('paused', VIDEO_PLAYER_TEXTS.paused);
    else start();
  });
  state.stopVideo = () => {
    clearInterval(video.timer);
    clearTimeout(video.closeTimer);
    video.playing = false;
    closeCheck();
  };
  if (serverModal) {
    stop('check', VIDEO_PLAYER_TEXTS.check);
    openCheck(serverModal);
  }
}

/** The video check's modal: the page behind it inert while it is open, the video resumed once passed. */
function videoCheck(
  state: PlayerState,
  video: Video,
  n: number,
  start: () => void,
): { readonly closeCheck: () => void; readonly openCheck: (existing: HTMLElement | null) => void } {
  const outside = (): HTMLElement[] =>
    Array.from(document.body.children).filter(
      (element): element is HTMLElement => element instanceof HTMLElement && element !== video.modal,
    );
  const closeCheck = (): void => {
    if (!video.modal) return;
    video.modal.remove();
    video.modal = null;
    for (const element of outside()) element.inert = false;
  };
  const openCheck = (existing: HTMLElement | null): void => {
    video.modal = existing ?? cloneTemplate('tpl-video-check');
    const modal = video.modal;
    if (!modal) return;
    if (!existing) prepareBox(state, modal, n);
    document.body.append(modal);
    for (const element of outside()) element.inert = true;
    const passed = (): void => {
      video.closeTimer = setTimeout(() => {
        closeCheck();
        video.checkPassed = true;
        start();
      }, CONTINUE_AFTER_SUCCESS_MS);
    };
    bindOtpBox(modal, data, {
      successLink: false,
      onAnswer: (answer) => {
        noteAnswer(state, answer);
        if (answer.outcome === 'success') passed();
      },
    });
    const result = modal.querySelector('#otp-result');
    if (result && result.getAttribute('data-outcome') === 'success') passed();
    const input = modal.querySelector('#otp-code');
    if (input instanceof HTMLInputElement && !input.disabled) input.focus();
  };
  return { closeCheck, openCheck };
}

function showLesson(self: Player, n: number, title: string): void {
  const article = cloneTemplate('tpl-lesson');
  if (!article) return;
  article.setAttribute('data-session', String(n));
  for (const element of article.querySelectorAll('.session-number')) element.textContent = String(n);
  const name = article.querySelector('.lesson-name');
  if (name) name.textContent = title;
  const note = article.querySelector('.video-check-note');
  if (note instanceof HTMLElement) note.hidden = !data.videoCheckSessions.includes(n);
  self.player.replaceChildren(article, pager(n));
  setupVideo(self.state, article, n, null);
}

function showError(player: HTMLElement, n: number): void {
  const alert = document.createElement('p');
  alert.className = 'alert alert-error player-error';
  alert.setAttribute('role', 'alert');
  alert.textContent = LOAD_ERROR;
  player.replaceChildren(alert, pager(n));
}

function focusContent(player: HTMLElement): void {
  const target = player.querySelector('.lesson-title') ?? player.querySelector('#otp-code');
  if (target instanceof HTMLElement) target.focus();
}

async function load(
  self: Player,
  n: number,
  options: { readonly push: boolean; readonly focus: boolean },
): Promise<void> {
  const { player, nav, state } = self;
  state.loadSeq += 1;
  const seq = state.loadSeq;
  state.stopVideo();
  state.stopVideo = () => {};
  clearTimeout(state.continueTimer);
  state.current = n;
  markNav(nav, n);
  if (options.push) history.pushState({ session: n }, '', learnUrl(n));
  player.setAttribute('aria-busy', 'true');
  let info: SessionInfo;
  try {
    const response = await fetch(sessionApiPath(data.courseId, n), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    const body: unknown = await response.json().catch(() => null);
    if (seq !== state.loadSeq) return;
    if (response.status === 401 || response.status === 403) {
      // Signed out, or the entry check is needed first: let the server send us there.
      const next = isRecord(body) && typeof body.next === 'string' ? body.next : learnUrl(n);
      location.assign(next);
      return;
    }
    if (!response.ok || !isRecord(body) || typeof body.title !== 'string') throw new Error('bad answer');
    info = body as unknown as SessionInfo;
  } catch {
    if (seq === state.loadSeq) {
      player.removeAttribute('aria-busy');
      showError(player, n);
    }
    return;
  }
  player.removeAttribute('aria-busy');
  if (typeof info.attemptsLeft === 'number') state.attemptsLeft = info.attemptsLeft;
  if (typeof info.locked === 'boolean') state.locked = info.locked;
  document.title = `${String(n)}차시 ${info.title}${data.titleSuffix}`;
  if (info.requiresCheck) showCheck(self, n);
  else showLesson(self, n, info.title);
  if (options.focus) focusContent(player);
}

function sessionFromLocation(): number {
  const value = Number(new URLSearchParams(location.search).get('session') || '1');
  return Number.isInteger(value) && value >= 1 && value <= data.sessionCount ? value : 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
