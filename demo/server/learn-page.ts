/**
 * The demo LMS's lesson player (/courses/:id/learn): the session list, the lesson or the session
 * check, the video check modal, and the templates the page script clones.
 */
import { DEMO_INSTITUTE, type DemoCourse, VIDEO_CHECK_SESSIONS } from './catalog';
import { boxData, otpBox, type VerifierView } from './checkpoint-pages';
import { html, type SafeHtml } from './html';
import { ariaCurrent, layout, type PageContext, type PageScript } from './layout';
import type { CheckpointResultView } from './messages';
import type { PlayerPageData } from './page-data';
import { VIDEO_PLAYER_TEXTS } from './player-texts';
import { coursePath, DEMO_PATHS, learnPath } from './routes';

/** What the lesson player shows for one session. */
export type PlayerView =
  | { readonly view: 'check'; readonly result: CheckpointResultView | null }
  | {
      readonly view: 'lesson';
      /** The video check's modal to show on load (after a no-JavaScript submit), if any. */
      readonly videoCheck: { readonly result: CheckpointResultView | null } | null;
    };

/** The text of a session link: "9차시 제목". */
function sessionLinkText(session: number, title: string): SafeHtml {
  return html`<span class="session-no">${session}차시</span> <span class="session-title">${title}</span>`;
}

/** The session check inside the player (`#session-check`). */
function sessionCheckView(
  options: VerifierView & {
    readonly course: DemoCourse;
    readonly session: number;
    readonly result: CheckpointResultView | null;
  },
): SafeHtml {
  return otpBox({
    course: options.course,
    kind: 'session',
    element: 'div',
    boxId: 'session-check',
    session: options.session,
    action: learnPath(options.course.id, options.session),
    result: options.result,
    successLink: { href: learnPath(options.course.id, options.session), text: '학습하기' },
    attemptsLeft: options.attemptsLeft,
    locked: options.locked,
    returnTo: learnPath(options.course.id, options.session),
  });
}

/** The video check modal (`.video-check`) with the box for `kind=video`. */
function videoCheckView(
  options: VerifierView & {
    readonly course: DemoCourse;
    readonly session: number;
    readonly result: CheckpointResultView | null;
  },
): SafeHtml {
  return html`<div class="video-check" role="dialog" aria-modal="true" aria-labelledby="otp-box-title">
  <div class="video-check-dialog">
${otpBox({
  course: options.course,
  kind: 'video',
  element: 'div',
  boxId: 'video-check-box',
  session: options.session,
  action: learnPath(options.course.id, options.session),
  result: options.result,
  successLink: null,
  attemptsLeft: options.attemptsLeft,
  locked: options.locked,
  returnTo: learnPath(options.course.id, options.session),
})}
  </div>
</div>`;
}

/** The lesson with its (simulated) video player. */
function lessonView(options: { readonly session: number; readonly title: string }): SafeHtml {
  const hasVideoCheck = VIDEO_CHECK_SESSIONS.includes(options.session);
  return html`<article class="lesson" data-session="${options.session}" aria-labelledby="lesson-title">
  <h2 class="lesson-title" id="lesson-title" tabindex="-1"><span class="session-number">${options.session}</span>차시: <span class="lesson-name">${options.title}</span></h2>
  <div class="video-player" data-state="ready">
    <div class="video-screen" role="img" aria-label="동영상 강의 영역"><span class="video-screen-text">${VIDEO_PLAYER_TEXTS.ready}</span></div>
    <div class="video-controls">
      <button type="button" class="button button-primary video-play" aria-pressed="false">${VIDEO_PLAYER_TEXTS.play}</button>
      <progress class="video-progress" max="100" value="0" aria-label="재생 진행률">0%</progress>
      <span class="video-time">00:00 / ${VIDEO_PLAYER_TEXTS.duration}</span>
    </div>
  </div>
  <p class="video-check-note muted"${hasVideoCheck ? null : html` hidden`}>이 차시는 동영상 학습 도중 본인인증 창이 나타납니다.</p>
  <p class="muted">데모 LMS는 학습 진도를 기록하지 않습니다.</p>
</article>`;
}

/** 이전/다음 차시 links under the player's content. */
function pagerView(course: DemoCourse, session: number): SafeHtml {
  return html`<nav class="pager" aria-label="차시 이동">${
    session > 1
      ? html`<a class="button pager-prev" href="${learnPath(course.id, session - 1)}" data-session="${session - 1}">이전 차시</a>`
      : null
  }${
    session < course.sessions.length
      ? html`<a class="button pager-next" href="${learnPath(course.id, session + 1)}" data-session="${session + 1}">다음 차시</a>`
      : null
  }</nav>`;
}

/** The player's content for one session: the check or the lesson, then the pager. */
function playerContent(
  options: VerifierView & {
    readonly course: DemoCourse;
    readonly session: number;
    readonly state: PlayerView;
  },
): SafeHtml {
  const { course, session, state } = options;
  const title = course.sessions[session - 1] ?? '';
  const main =
    state.view === 'check'
      ? sessionCheckView({ ...options, result: state.result })
      : html`${lessonView({ session, title })}${
          state.videoCheck ? videoCheckView({ ...options, result: state.videoCheck.result }) : null
        }`;
  return html`${main}${pagerView(course, session)}`;
}

/** GET (and no-JavaScript POST) /courses/:id/learn?session=n: the lesson player, a single-page app. */
export function learnPage(
  options: PageContext &
    VerifierView & {
      readonly course: DemoCourse;
      readonly session: number;
      readonly state: PlayerView;
      readonly popupAfterMs: number;
      readonly script: PageScript;
    },
): SafeHtml {
  const { course, session } = options;
  const title = course.sessions[session - 1] ?? '';
  const data: PlayerPageData = {
    ...boxData(),
    courseId: course.id,
    courseTitle: course.title,
    sessionCount: course.sessions.length,
    session,
    learnPath: learnPath(course.id),
    videoCheckSessions: VIDEO_CHECK_SESSIONS,
    popupAfterMs: options.popupAfterMs,
    attemptsLeft: options.attemptsLeft,
    locked: options.locked,
    titleSuffix: ` | ${DEMO_INSTITUTE.name}`,
  };
  // Placeholders the page script clones: the same markup the server renders, for session 0.
  // Never locked: the script adds the identity links with the right return address itself.
  const placeholder = { ...options, session: 0, result: null, locked: false };
  return layout({
    title: `${session}차시 ${title}`,
    signedIn: true,
    nav: 'courses',
    serverTimeMs: options.serverTimeMs,
    script: { ...options.script, data },
    body: html`<nav class="breadcrumb" aria-label="현재 위치"><a href="${DEMO_PATHS.courses}">나의 강의실</a> › <a href="${coursePath(course.id)}">${course.title}</a> › <span>강의 듣기</span></nav>
<h1 class="course-title">${course.title}</h1>
<div class="learn-layout">
  <nav class="session-list" aria-label="차시 목록">
    <ol>
${course.sessions.map(
  (sessionTitle, index) =>
    html`      <li><a href="${learnPath(course.id, index + 1)}" data-session="${index + 1}"${ariaCurrent(index + 1 === session ? 'page' : null)}>${sessionLinkText(index + 1, sessionTitle)}</a></li>
`,
)}    </ol>
  </nav>
  <section id="player" aria-live="polite" aria-label="학습 화면">
${playerContent(options)}
  </section>
</div>
<template id="tpl-session-check">${sessionCheckView(placeholder)}</template>
<template id="tpl-video-check">${videoCheckView(placeholder)}</template>
<template id="tpl-lesson">${lessonView({ session: 0, title: '' })}</template>`,
  });
}
