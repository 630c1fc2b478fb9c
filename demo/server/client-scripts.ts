/**
 * The demo LMS's page scripts, sent inline under the page's CSP nonce. They only use
 * textContent, attributes and cloned server-rendered templates, so nothing the server answers
 * can become markup. Written as plain ES2020 without template literals so they can live in
 * TypeScript template strings; constants come in through `jsonForScript`.
 */
import type { AssessmentKind } from './catalog';
import { jsonForScript } from './html';
import { CHECKPOINT_MESSAGES } from './messages';
import { assessmentApiPath, DEMO_PATHS } from './routes';

/** Texts of the simulated video player, shared by the server-rendered lesson and the script. */
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

/** Constants every checkpoint box script needs. */
function boxConstants(): Record<string, unknown> {
  return {
    api: DEMO_PATHS.verifyApi,
    unavailable: CHECKPOINT_MESSAGES.unavailable,
    successLink: CHECKPOINT_MESSAGES.successLink,
    attemptsPrefix: '남은 횟수: ',
    attemptsSuffix: '회',
    recovery: {
      text: '휴대폰 또는 아이핀 본인인증 후 다시 이용할 수 있습니다. ',
      links: [
        [DEMO_PATHS.identityPhone, '휴대폰 본인인증'],
        [DEMO_PATHS.identityIpin, '아이핀 본인인증'],
      ],
    },
  };
}

/**
 * Defines `bindOtpBox(box, hooks)`: submits the box's form as JSON to the verify API and shows the
 * answer in `#otp-result`, keeps `#otp-attempts` in step and adds the identity links on a lock.
 * `hooks.successLink` adds the answer's `next` link on success; `hooks.onAnswer` sees every answer.
 * Expects `C` (see `boxConstants`) in scope.
 */
const OTP_BOX_LIBRARY = `
  const attemptsText = (n) => C.attemptsPrefix + String(n) + C.attemptsSuffix;

  const ensureRecovery = (box) => {
    if (box.querySelector('#otp-recovery')) return;
    const result = box.querySelector('#otp-result');
    if (!result) return;
    const line = document.createElement('p');
    line.className = 'otp-recovery';
    line.id = 'otp-recovery';
    line.append(C.recovery.text);
    const next = '?next=' + encodeURIComponent(location.pathname + location.search);
    C.recovery.links.forEach((pair, index) => {
      const link = document.createElement('a');
      link.href = pair[0] + next;
      link.textContent = pair[1];
      if (index > 0) line.append(' ');
      line.append(link);
    });
    result.after(line);
  };

  const bindOtpBox = (box, hooks) => {
    const form = box.querySelector('#otp-form');
    const input = box.querySelector('#otp-code');
    const button = box.querySelector('#otp-submit');
    const result = box.querySelector('#otp-result');
    const attempts = box.querySelector('#otp-attempts');
    if (!form || !input || !button || !result) return;
    const field = (name) => {
      const element = form.elements.namedItem(name);
      return element ? element.value : null;
    };

    const show = (answer) => {
      const message = document.createElement('p');
      message.className = 'otp-result-message';
      message.textContent = answer.message;
      result.replaceChildren(message);
      result.setAttribute('data-outcome', answer.outcome);
      if ((answer.outcome === 'failure' || answer.outcome === 'locked') && typeof answer.attemptsLeft === 'number') {
        result.setAttribute('data-attempts-left', String(answer.attemptsLeft));
      } else {
        result.removeAttribute('data-attempts-left');
      }
      if (hooks.successLink && answer.outcome === 'success' && typeof answer.next === 'string') {
        const link = document.createElement('a');
        link.className = 'button';
        link.href = answer.next;
        link.textContent = C.successLink;
        result.append(link);
      }
      if (attempts) {
        if (answer.outcome === 'locked') attempts.textContent = attemptsText(0);
        else if (typeof answer.attemptsLeft === 'number') attempts.textContent = attemptsText(answer.attemptsLeft);
      }
      if (answer.outcome === 'locked') ensureRecovery(box);
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      form.setAttribute('aria-busy', 'true');
      let outcome = 'error';
      let answer = null;
      try {
        const body = { courseId: field('courseId'), kind: field('kind'), code: input.value };
        if (field('session') !== null) body.session = Number(field('session'));
        if (field('visit') !== null) body.visit = field('visit');
        const response = await fetch(C.api, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
        });
        answer = await response.json().catch(() => null);
        if (!answer || typeof answer.message !== 'string' || typeof answer.outcome !== 'string') throw new Error('bad answer');
        outcome = answer.outcome;
        show(answer);
      } catch {
        answer = { outcome: 'error', message: C.unavailable };
        show(answer);
      } finally {
        form.removeAttribute('aria-busy');
        // A passed checkpoint needs no second code; anything else may be retried.
        button.disabled = outcome === 'success';
        input.disabled = outcome === 'success';
        if (outcome !== 'success') input.select();
      }
      if (hooks.onAnswer) hooks.onAnswer(answer);
    });
  };
`;

/** The first-entry checkpoint page's script. */
export function checkpointScript(): string {
  return `
(() => {
  const C = ${jsonForScript(boxConstants())};
${OTP_BOX_LIBRARY}
  const box = document.querySelector('.otp-box');
  if (box) bindOtpBox(box, { successLink: true });
})();
`;
}

/** What the lesson player's script is told about the page. */
export interface PlayerConfig {
  readonly courseId: string;
  readonly courseTitle: string;
  readonly sessionCount: number;
  /** The session rendered by the server. */
  readonly session: number;
  /** `/courses/:id/learn`, to which `?session=n` is appended. */
  readonly learnPath: string;
  readonly videoCheckSessions: readonly number[];
  readonly popupAfterMs: number;
  readonly attemptsLeft: number;
  readonly locked: boolean;
  /** Appended to `n차시 제목` for document.title. */
  readonly titleSuffix: string;
}

/**
 * The lesson player: intercepts session links, pushes `?session=n`, asks the sessions API what to
 * show and swaps `#player` without a page load; handles back/forward; runs the simulated video
 * and its mid-video check.
 */
export function playerScript(config: PlayerConfig): string {
  const constants = {
    ...boxConstants(),
    ...config,
    sessionApi: `/api/courses/${encodeURIComponent(config.courseId)}/sessions/`,
    texts: VIDEO_PLAYER_TEXTS,
    videoLengthMs: VIDEO_LENGTH_MS,
    continueAfterMs: CONTINUE_AFTER_SUCCESS_MS,
    loadError: '차시 정보를 불러오지 못했습니다. 잠시 후 다시 시도하세요.',
  };
  return `
(() => {
  const C = ${jsonForScript(constants)};
${OTP_BOX_LIBRARY}
  const player = document.getElementById('player');
  const nav = document.querySelector('nav.session-list');
  if (!player || !nav) return;
  const TICK_MS = 100;
  let current = C.session;
  let attemptsLeft = C.attemptsLeft;
  let locked = C.locked;
  let loadSeq = 0;
  let continueTimer = 0;
  let stopVideo = () => {};

  const learnUrl = (n) => C.learnPath + '?session=' + String(n);
  const cloneTemplate = (id) => {
    const template = document.getElementById(id);
    return template ? template.content.firstElementChild.cloneNode(true) : null;
  };

  // The server renders the templates for session 0; this puts in the real session.
  const prepareBox = (root, n) => {
    root.querySelectorAll('.session-number').forEach((element) => {
      element.textContent = String(n);
    });
    const session = root.querySelector('input[name="session"]');
    if (session) session.value = String(n);
    const form = root.querySelector('#otp-form');
    if (form) form.setAttribute('action', learnUrl(n));
    const attempts = root.querySelector('#otp-attempts');
    if (attempts) attempts.textContent = attemptsText(locked ? 0 : attemptsLeft);
    if (locked) ensureRecovery(root);
  };

  const noteAnswer = (answer) => {
    if (!answer) return;
    if (answer.outcome === 'locked') locked = true;
    if (typeof answer.attemptsLeft === 'number') attemptsLeft = answer.attemptsLeft;
  };

  const pager = (n) => {
    const element = document.createElement('nav');
    element.className = 'pager';
    element.setAttribute('aria-label', '차시 이동');
    const add = (target, className, text) => {
      const link = document.createElement('a');
      link.className = 'button ' + className;
      link.href = learnUrl(target);
      link.setAttribute('data-session', String(target));
      link.textContent = text;
      element.append(link);
    };
    if (n > 1) add(n - 1, 'pager-prev', '이전 차시');
    if (n < C.sessionCount) add(n + 1, 'pager-next', '다음 차시');
    return element;
  };

  const markNav = (n) => {
    nav.querySelectorAll('a[data-session]').forEach((link) => {
      if (link.getAttribute('data-session') === String(n)) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
  };

  const bindSessionCheck = (box, n) => {
    const proceed = () => {
      continueTimer = setTimeout(() => {
        if (current === n) load(n, { push: false, focus: true });
      }, C.continueAfterMs);
    };
    bindOtpBox(box, {
      successLink: false,
      onAnswer: (answer) => {
        noteAnswer(answer);
        if (answer && answer.outcome === 'success') proceed();
      },
    });
    const result = box.querySelector('#otp-result');
    if (result && result.getAttribute('data-outcome') === 'success') proceed();
  };

  const showCheck = (n) => {
    const box = cloneTemplate('tpl-session-check');
    if (!box) return;
    prepareBox(box, n);
    player.replaceChildren(box, pager(n));
    bindSessionCheck(box, n);
  };

  const pad = (value) => (value < 10 ? '0' : '') + String(value);
  const clock = (percent) => {
    const parts = C.texts.duration.split(':');
    const total = Number(parts[0]) * 60 + Number(parts[1]);
    const seconds = Math.floor((total * percent) / 100);
    return pad(Math.floor(seconds / 60)) + ':' + pad(seconds % 60);
  };

  // The simulated video: 재생 runs a progress bar; sessions with a video check stop after
  // C.popupAfterMs of playing and open the check's modal, and resume once it is passed.
  const setupVideo = (article, n, serverModal) => {
    const wrap = article.querySelector('.video-player');
    const button = article.querySelector('.video-play');
    const progressBar = article.querySelector('.video-progress');
    const time = article.querySelector('.video-time');
    const screen = article.querySelector('.video-screen-text');
    if (!wrap || !button || !progressBar || !time || !screen) return;
    let playing = false;
    let progress = 0;
    let elapsed = 0;
    let timer = 0;
    let closeTimer = 0;
    let modal = null;
    let checkPassed = !C.videoCheckSessions.includes(n);

    const render = (state, text) => {
      wrap.setAttribute('data-state', state);
      progressBar.value = progress;
      progressBar.textContent = String(Math.round(progress)) + '%';
      time.textContent = clock(progress) + ' / ' + C.texts.duration;
      button.textContent = playing ? C.texts.pause : C.texts.play;
      button.setAttribute('aria-pressed', playing ? 'true' : 'false');
      screen.textContent = text;
    };
    const stop = (state, text) => {
      playing = false;
      clearInterval(timer);
      render(state, text);
    };
    const start = () => {
      if (progress >= 100) {
        progress = 0;
      }
      playing = true;
      clearInterval(timer);
      timer = setInterval(tick, TICK_MS);
      render('playing', C.texts.playing);
    };
    const outside = () => Array.from(document.body.children).filter((element) => element !== modal);
    const closeCheck = () => {
      if (!modal) return;
      modal.remove();
      modal = null;
      outside().forEach((element) => {
        element.inert = false;
      });
    };
    const openCheck = (existing) => {
      modal = existing || cloneTemplate('tpl-video-check');
      if (!modal) return;
      if (!existing) prepareBox(modal, n);
      document.body.append(modal);
      outside().forEach((element) => {
        element.inert = true;
      });
      const passed = () => {
        closeTimer = setTimeout(() => {
          closeCheck();
          checkPassed = true;
          start();
        }, C.continueAfterMs);
      };
      bindOtpBox(modal, {
        successLink: false,
        onAnswer: (answer) => {
          noteAnswer(answer);
          if (answer && answer.outcome === 'success') passed();
        },
      });
      const result = modal.querySelector('#otp-result');
      if (result && result.getAttribute('data-outcome') === 'success') passed();
      const input = modal.querySelector('#otp-code');
      if (input && !input.disabled) input.focus();
    };
    const tick = () => {
      elapsed += TICK_MS;
      progress = Math.min(100, progress + (100 * TICK_MS) / C.videoLengthMs);
      if (!checkPassed && !modal && elapsed >= C.popupAfterMs) {
        stop('check', C.texts.check);
        openCheck(null);
        return;
      }
      if (progress >= 100) {
        stop('ended', C.texts.ended);
        return;
      }
      render('playing', C.texts.playing);
    };

    button.addEventListener('click', () => {
      if (modal) return;
      if (playing) stop('paused', C.texts.paused);
      else start();
    });
    stopVideo = () => {
      clearInterval(timer);
      clearTimeout(closeTimer);
      playing = false;
      closeCheck();
    };
    if (serverModal) {
      stop('check', C.texts.check);
      openCheck(serverModal);
    }
  };

  const showLesson = (n, title) => {
    const article = cloneTemplate('tpl-lesson');
    if (!article) return;
    article.setAttribute('data-session', String(n));
    article.querySelectorAll('.session-number').forEach((element) => {
      element.textContent = String(n);
    });
    const name = article.querySelector('.lesson-name');
    if (name) name.textContent = title;
    const note = article.querySelector('.video-check-note');
    if (note) note.hidden = !C.videoCheckSessions.includes(n);
    player.replaceChildren(article, pager(n));
    setupVideo(article, n, null);
  };

  const showError = (n) => {
    const alert = document.createElement('p');
    alert.className = 'alert alert-error player-error';
    alert.setAttribute('role', 'alert');
    alert.textContent = C.loadError;
    player.replaceChildren(alert, pager(n));
  };

  const focusContent = () => {
    const target = player.querySelector('.lesson-title') || player.querySelector('#otp-code');
    if (target) target.focus();
  };

  const load = async (n, options) => {
    const seq = ++loadSeq;
    stopVideo();
    stopVideo = () => {};
    clearTimeout(continueTimer);
    current = n;
    markNav(n);
    if (options.push) history.pushState({ session: n }, '', learnUrl(n));
    player.setAttribute('aria-busy', 'true');
    let info = null;
    try {
      const response = await fetch(C.sessionApi + String(n), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      const body = await response.json().catch(() => null);
      if (seq !== loadSeq) return;
      if (response.status === 401 || response.status === 403) {
        // Signed out, or the entry check is needed first: let the server send us there.
        location.assign(body && typeof body.next === 'string' ? body.next : learnUrl(n));
        return;
      }
      if (!response.ok || !body || typeof body.title !== 'string') throw new Error('bad answer');
      info = body;
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
    document.title = String(n) + '차시 ' + info.title + C.titleSuffix;
    if (info.requiresCheck) showCheck(n);
    else showLesson(n, info.title);
    if (options.focus) focusContent();
  };

  const sessionFromLocation = () => {
    const value = Number(new URLSearchParams(location.search).get('session') || '1');
    return Number.isInteger(value) && value >= 1 && value <= C.sessionCount ? value : 1;
  };

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[data-session]') : null;
    if (!link || !(nav.contains(link) || player.contains(link))) return;
    const n = Number(link.getAttribute('data-session'));
    if (!Number.isInteger(n) || n < 1 || n > C.sessionCount) return;
    event.preventDefault();
    load(n, { push: n !== current || location.search !== '?session=' + String(n), focus: true });
  });

  window.addEventListener('popstate', () => {
    load(sessionFromLocation(), { push: false, focus: false });
  });

  // Adopt what the server rendered.
  history.replaceState({ session: current }, '', location.href);
  const box = player.querySelector('#session-check');
  const article = player.querySelector('.lesson');
  if (box) bindSessionCheck(box, current);
  else if (article) setupVideo(article, current, player.querySelector('.video-check'));
})();
`;
}

/**
 * The assessment pages' script: binds the box and, after a success, fetches this visit's
 * content and builds `<section class="assessment">` below the box (the same markup the server
 * renders after a no-JavaScript submit).
 */
export function assessmentScript(options: {
  readonly courseId: string;
  readonly kind: AssessmentKind;
}): string {
  const constants = {
    ...boxConstants(),
    contentApi: assessmentApiPath(options.courseId, options.kind),
    loadError: '응시 화면을 불러오지 못했습니다. 페이지를 새로 고친 후 다시 시도하세요.',
    submitted: '[데모] 제출되었습니다. 데모에서는 답안과 파일이 저장되지 않습니다.',
  };
  return `
(() => {
  const C = ${jsonForScript(constants)};
${OTP_BOX_LIBRARY}
  const box = document.getElementById('assessment-check');
  if (!box) return;

  const bindAssessment = (section) => {
    const form = section.querySelector('#assessment-form');
    const status = section.querySelector('#assessment-status');
    const submit = section.querySelector('.assessment-submit');
    if (!form || !status || !submit) return;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      status.textContent = C.submitted;
    });
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const build = (content) => {
    const section = element('section', 'assessment card');
    section.setAttribute('data-kind', content.kind);
    section.setAttribute('aria-labelledby', 'assessment-title');
    const title = element('h2', 'assessment-title', content.title);
    title.id = 'assessment-title';
    title.tabIndex = -1;
    const form = element('form', 'assessment-form');
    form.id = 'assessment-form';
    form.noValidate = true;
    if (content.questions.length > 0) {
      const list = element('ol', 'questions');
      content.questions.forEach((question) => {
        const item = element('li', 'question');
        const fieldset = element('fieldset');
        fieldset.append(element('legend', '', question.text));
        question.choices.forEach((choice, index) => {
          const label = element('label', 'choice');
          const radio = element('input');
          radio.type = 'radio';
          radio.name = question.id;
          radio.value = String(index + 1);
          label.append(radio, ' ' + choice);
          fieldset.append(label);
        });
        item.append(fieldset);
        list.append(item);
      });
      form.append(list);
    }
    if (content.upload) {
      const fileField = element('div', 'field');
      const fileLabel = element('label', '', '과제 파일');
      fileLabel.htmlFor = 'assignment-file';
      const file = element('input');
      file.id = 'assignment-file';
      file.name = 'file';
      file.type = 'file';
      file.accept = '.hwp,.docx,.pdf';
      fileField.append(fileLabel, file);
      const noteField = element('div', 'field');
      const noteLabel = element('label', '', '메모');
      noteLabel.htmlFor = 'assignment-note';
      const note = element('textarea');
      note.id = 'assignment-note';
      note.name = 'note';
      note.rows = 3;
      noteField.append(noteLabel, note);
      form.append(fileField, noteField);
    }
    const submit = element('button', 'button button-primary assessment-submit', content.submitLabel);
    submit.type = 'submit';
    const status = element('p', 'assessment-status');
    status.id = 'assessment-status';
    status.setAttribute('role', 'status');
    form.append(submit, status);
    section.append(title, element('p', 'assessment-intro', content.intro), form);
    return section;
  };

  const reveal = async () => {
    if (document.querySelector('section.assessment')) return;
    const visit = box.querySelector('input[name="visit"]');
    let section;
    try {
      const response = await fetch(C.contentApi + '?visit=' + encodeURIComponent(visit ? visit.value : ''), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      const content = await response.json().catch(() => null);
      if (!response.ok || !content || !Array.isArray(content.questions)) throw new Error('bad answer');
      section = build(content);
    } catch {
      section = element('p', 'alert alert-error', C.loadError);
      section.setAttribute('role', 'alert');
    }
    box.after(section);
    const title = section.querySelector('.assessment-title');
    if (title) title.focus();
    bindAssessment(section);
  };

  bindOtpBox(box, {
    successLink: false,
    onAnswer: (answer) => {
      if (answer && answer.outcome === 'success') reveal();
    },
  });
  const existing = document.querySelector('section.assessment');
  if (existing) bindAssessment(existing);
})();
`;
}
