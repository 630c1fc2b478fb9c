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

function startPlayer(player: HTMLElement, nav: Element): void {
  let current = data.session;
  let attemptsLeft = data.attemptsLeft;
  let locked = data.locked;
  let loadSeq = 0;
  let continueTimer: ReturnType<typeof setTimeout> | undefined;
  let stopVideo = (): void => {};

  const learnUrl = (n: number): string => `${data.learnPath}?session=${String(n)}`;
  const cloneTemplate = (id: string): HTMLElement | null => {
    const template = document.getElementById(id);
    if (!(template instanceof HTMLTemplateElement)) return null;
    const first = template.content.firstElementChild;
    return first ? (first.cloneNode(true) as HTMLElement) : null;
  };

  // The server renders the templates for session 0; this puts in the real session.
  const prepareBox = (root: HTMLElement, n: number): void => {
    for (const element of root.querySelectorAll('.session-number')) element.textContent = String(n);
    const session = root.querySelector('input[name="session"]');
    if (session instanceof HTMLInputElement) session.value = String(n);
    const form = root.querySelector('#otp-form');
    if (form) form.setAttribute('action', learnUrl(n));
    const attempts = root.querySelector('#otp-attempts');
    if (attempts) attempts.textContent = attemptsText(locked ? 0 : attemptsLeft);
    if (locked) ensureRecovery(root);
  };

  const noteAnswer = (answer: BoxAnswer): void => {
    if (answer.outcome === 'locked') locked = true;
    if (typeof answer.attemptsLeft === 'number') attemptsLeft = answer.attemptsLeft;
  };

  const pager = (n: number): HTMLElement => {
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
  };

  const markNav = (n: number): void => {
    for (const link of nav.querySelectorAll('a[data-session]')) {
      if (link.getAttribute('data-session') === String(n)) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  };

  const bindSessionCheck = (box: Element, n: number): void => {
    const proceed = (): void => {
      continueTimer = setTimeout(() => {
        if (current === n) void load(n, { push: false, focus: true });
      }, CONTINUE_AFTER_SUCCESS_MS);
    };
    bindOtpBox(box, data, {
      successLink: false,
      onAnswer: (answer) => {
        noteAnswer(answer);
        if (answer.outcome === 'success') proceed();
      },
    });
    const result = box.querySelector('#otp-result');
    if (result && result.getAttribute('data-outcome') === 'success') proceed();
  };

  const showCheck = (n: number): void => {
    const box = cloneTemplate('tpl-session-check');
    if (!box) return;
    prepareBox(box, n);
    player.replaceChildren(box, pager(n));
    bindSessionCheck(box, n);
  };

  const pad = (value: number): string => (value < 10 ? '0' : '') + String(value);
  const clock = (percent: number): string => {
    const parts = VIDEO_PLAYER_TEXTS.duration.split(':');
    const total = Number(parts[0]) * 60 + Number(parts[1]);
    const seconds = Math.floor((total * percent) / 100);
    return `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
  };

  // The simulated video: 재생 runs a progress bar; sessions with a video check stop after
  // popupAfterMs of playing and open the check's modal, and resume once it is passed.
  const setupVideo = (article: Element, n: number, serverModal: HTMLElement | null): void => {
    const wrap = article.querySelector('.video-player');
    const button = article.querySelector('.video-play');
    const progressBar = article.querySelector('.video-progress');
    const time = article.querySelector('.video-time');
    const screen = article.querySelector('.video-screen-text');
    if (!wrap || !button || !(progressBar instanceof HTMLProgressElement) || !time || !screen) return;
    let playing = false;
    let progress = 0;
    let elapsed = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    let closeTimer: ReturnType<typeof setTimeout> | undefined;
    let modal: HTMLElement | null = null;
    let checkPassed = !data.videoCheckSessions.includes(n);

    const render = (state: string, text: string): void => {
      wrap.setAttribute('data-state', state);
      progressBar.value = progress;
      progressBar.textContent = `${String(Math.round(progress))}%`;
      time.textContent = `${clock(progress)} / ${VIDEO_PLAYER_TEXTS.duration}`;
      button.textContent = playing ? VIDEO_PLAYER_TEXTS.pause : VIDEO_PLAYER_TEXTS.play;
      button.setAttribute('aria-pressed', playing ? 'true' : 'false');
      screen.textContent = text;
    };
    const stop = (state: string, text: string): void => {
      playing = false;
      clearInterval(timer);
      render(state, text);
    };
    const start = (): void => {
      if (progress >= 100) progress = 0;
      playing = true;
      clearInterval(timer);
      timer = setInterval(tick, TICK_MS);
      render('playing', VIDEO_PLAYER_TEXTS.playing);
    };
    const outside = (): HTMLElement[] =>
      Array.from(document.body.children).filter(
        (element): element is HTMLElement => element instanceof HTMLElement && element !== modal,
      );
    const closeCheck = (): void => {
      if (!modal) return;
      modal.remove();
      modal = null;
      for (const element of outside()) element.inert = false;
    };
    const openCheck = (existing: HTMLElement | null): void => {
      modal = existing ?? cloneTemplate('tpl-video-check');
      if (!modal) return;
      if (!existing) prepareBox(modal, n);
      document.body.append(modal);
      for (const element of outside()) element.inert = true;
      const passed = (): void => {
        closeTimer = setTimeout(() => {
          closeCheck();
          checkPassed = true;
          start();
        }, CONTINUE_AFTER_SUCCESS_MS);
      };
      bindOtpBox(modal, data, {
        successLink: false,
        onAnswer: (answer) => {
          noteAnswer(answer);
          if (answer.outcome === 'success') passed();
        },
      });
      const result = modal.querySelector('#otp-result');
      if (result && result.getAttribute('data-outcome') === 'success') passed();
      const input = modal.querySelector('#otp-code');
      if (input instanceof HTMLInputElement && !input.disabled) input.focus();
    };
    const tick = (): void => {
      elapsed += TICK_MS;
      progress = Math.min(100, progress + (100 * TICK_MS) / VIDEO_LENGTH_MS);
      if (!checkPassed && !modal && elapsed >= data.popupAfterMs) {
        stop('check', VIDEO_PLAYER_TEXTS.check);
        openCheck(null);
        return;
      }
      if (progress >= 100) {
        stop('ended', VIDEO_PLAYER_TEXTS.ended);
        return;
      }
      render('playing', VIDEO_PLAYER_TEXTS.playing);
    };

    button.addEventListener('click', () => {
      if (modal) return;
      if (playing) stop('paused', VIDEO_PLAYER_TEXTS.paused);
      else start();
    });
    stopVideo = () => {
      clearInterval(timer);
      clearTimeout(closeTimer);
      playing = false;
      closeCheck();
    };
    if (serverModal) {
      stop('check', VIDEO_PLAYER_TEXTS.check);
      openCheck(serverModal);
    }
  };

  const showLesson = (n: number, title: string): void => {
    const article = cloneTemplate('tpl-lesson');
    if (!article) return;
    article.setAttribute('data-session', String(n));
    for (const element of article.querySelectorAll('.session-number')) element.textContent = String(n);
    const name = article.querySelector('.lesson-name');
    if (name) name.textContent = title;
    const note = article.querySelector('.video-check-note');
    if (note instanceof HTMLElement) note.hidden = !data.videoCheckSessions.includes(n);
    player.replaceChildren(article, pager(n));
    setupVideo(article, n, null);
  };

  const showError = (n: number): void => {
    const alert = document.createElement('p');
    alert.className = 'alert alert-error player-error';
    alert.setAttribute('role', 'alert');
    alert.textContent = LOAD_ERROR;
    player.replaceChildren(alert, pager(n));
  };

  const focusContent = (): void => {
    const target = player.querySelector('.lesson-title') ?? player.querySelector('#otp-code');
    if (target instanceof HTMLElement) target.focus();
  };

  const load = async (
    n: number,
    options: { readonly push: boolean; readonly focus: boolean },
  ): Promise<void> => {
    loadSeq += 1;
    const seq = loadSeq;
    stopVideo();
    stopVideo = () => {};
    clearTimeout(continueTimer);
    current = n;
    markNav(n);
    if (options.push) history.pushState({ session: n }, '', learnUrl(n));
    player.setAttribute('aria-busy', 'true');
    let info: SessionInfo;
    try {
      const response = await fetch(sessionApiPath(data.courseId, n), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      const body: unknown = await response.json().catch(() => null);
      if (seq !== loadSeq) return;
      if (response.status === 401 || response.status === 403) {
        // Signed out, or the entry check is needed first: let the server send us there.
        const next = isRecord(body) && typeof body.next === 'string' ? body.next : learnUrl(n);
        location.assign(next);
        return;
      }
      if (!response.ok || !isRecord(body) || typeof body.title !== 'string') throw new Error('bad answer');
      info = body as unknown as SessionInfo;
    } catch {
      if (seq === loadSeq) {
        player.removeAttribute('aria-busy');
        showError(n);
      }
      return;
    }
    player.removeAttribute('aria-busy');
    if (typeof info.attemptsLeft === 'number') attemptsLeft = info.attemptsLeft;
    if (typeof info.locked === 'boolean') locked = info.locked;
    document.title = `${String(n)}차시 ${info.title}${data.titleSuffix}`;
    if (info.requiresCheck) showCheck(n);
    else showLesson(n, info.title);
    if (options.focus) focusContent();
  };

  const sessionFromLocation = (): number => {
    const value = Number(new URLSearchParams(location.search).get('session') || '1');
    return Number.isInteger(value) && value >= 1 && value <= data.sessionCount ? value : 1;
  };

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[data-session]') : null;
    if (!link || !(nav.contains(link) || player.contains(link))) return;
    const n = Number(link.getAttribute('data-session'));
    if (!Number.isInteger(n) || n < 1 || n > data.sessionCount) return;
    event.preventDefault();
    void load(n, { push: n !== current || location.search !== `?session=${String(n)}`, focus: true });
  });

  window.addEventListener('popstate', () => {
    void load(sessionFromLocation(), { push: false, focus: false });
  });

  // Adopt what the server rendered.
  history.replaceState({ session: current }, '', location.href);
  const box = player.querySelector('#session-check');
  const article = player.querySelector('.lesson');
  const serverModal = player.querySelector('.video-check');
  if (box) bindSessionCheck(box, current);
  else if (article) setupVideo(article, current, serverModal instanceof HTMLElement ? serverModal : null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
