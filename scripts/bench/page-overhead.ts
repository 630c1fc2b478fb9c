import type { Browser, Page } from 'puppeteer-core';
import { defineNameHelper, delay } from './lms';

/**
 * What the content scripts cost a page that is not a checkpoint (the demo LMS's course page; the
 * HRD-integrated lesson player, where the page observer also runs from document_start): the
 * browser with the extension against the same build without it (and against the control, whose
 * content scripts are empty), in rounds that alternate the order: first page loads alone, then
 * loads followed by a lesson-player-like DOM churn timed in the page once content scripts ran.
 */

export interface ChurnOptions {
  /** Animation frames with mutations; one more frame follows to collect late observers. */
  readonly frames: number;
  /** Mutations per frame: 40% appends, 40% removals, 20% attribute changes. */
  readonly perFrame: number;
}

export interface ChurnRun {
  /** Script time of the churn's frames: ours, the observers', and callbacks deferred to the next frame. */
  readonly script: number;
  /** Main-thread time of the churn's frames, rendering included. */
  readonly frame: number;
  /** Wall time of the whole churn (paced by frames, so mostly frame intervals). */
  readonly elapsed: number;
}

/**
 * The three browsers compared, same build and flags: with the extension; with the control (the
 * extension with an empty content script: what any content script costs, see control.ts); with
 * no extension at all.
 */
export const SIDES = ['extension', 'control', 'none'] as const;
export type Side = (typeof SIDES)[number];
export type BySide<T> = Record<Side, T>;

export interface OverheadResult {
  /** navigationStart → loadEventEnd; the i-th sample of each side ran in the same round. */
  readonly load: BySide<number[]>;
  readonly churn: BySide<ChurnRun[]>;
  readonly mutationsPerRun: number;
}

/**
 * A lesson player's churn: a list of 200 cues where each frame appends and removes cues and
 * updates a progress bar and cue attributes. Two figures per frame, summed over the frames:
 * - script: from the start of our animation-frame callback to a marker callback that runs last
 *   among the frame's callbacks. Our next-frame callback is registered before any mutation, and
 *   the marker in a microtask after the mutation observers ran, so a content script that defers
 *   its work to the next frame (as ours does) runs between the two, inside the measured span.
 * - frame: from the same start to a message-channel task posted at the end of our callback,
 *   which runs only after the frame's style, layout and paint.
 * One extra frame without mutations collects the work deferred from the last one.
 */
function churn(page: Page, options: ChurnOptions): Promise<ChurnRun & { mutations: number }> {
  return page.evaluate(
    ({ frames, perFrame }: ChurnOptions) =>
      new Promise<ChurnRun & { mutations: number }>((resolve) => {
        const player = document.createElement('section');
        player.id = 'bench-player';
        const progress = document.createElement('div');
        progress.setAttribute('role', 'progressbar');
        const cues = document.createElement('ol');
        player.append(progress, cues);
        for (let i = 0; i < 200; i++) {
          const cue = document.createElement('li');
          cue.textContent = `자막 ${i}`;
          cues.append(cue);
        }
        (document.querySelector('main') ?? document.body).append(player);

        const appends = Math.round(perFrame * 0.4);
        const removals = appends;
        const attributes = perFrame - appends - removals;
        let frame = 0;
        let script = 0;
        let busy = 0;
        let frameStart = 0;
        let next = 200;
        let mutations = 0;
        let pendingMessages = 0;
        let markersLeft = frames + 1;
        const channel = new MessageChannel();
        const started = performance.now();
        const finish = () => {
          if (pendingMessages > 0 || markersLeft > 0 || frame <= frames) return;
          channel.port1.close();
          player.remove();
          resolve({ script, frame: busy, elapsed: performance.now() - started, mutations });
        };
        channel.port1.onmessage = () => {
          busy += performance.now() - frameStart;
          pendingMessages -= 1;
          finish();
        };
        const marker = () => {
          script += performance.now() - frameStart;
          markersLeft -= 1;
          finish();
        };
        const tick = () => {
          frameStart = performance.now();
          frame += 1;
          if (frame <= frames) requestAnimationFrame(tick);
          if (frame <= frames) {
            for (let i = 0; i < appends; i++) {
              const cue = document.createElement('li');
              cue.textContent = `자막 ${next++}`;
              cues.append(cue);
            }
            for (let i = 0; i < removals; i++) cues.firstElementChild?.remove();
            for (let i = 0; i < attributes; i++) {
              if (i % 2 === 0) progress.setAttribute('aria-valuenow', String(frame * attributes + i));
              else cues.children[i % cues.children.length]?.setAttribute('data-active', String(frame));
            }
            mutations += appends + removals + attributes;
            // Queued after the observers' microtask: the marker is the next frame's last callback.
            queueMicrotask(() => requestAnimationFrame(marker));
          }
          pendingMessages += 1;
          channel.port2.postMessage(0);
        };
        requestAnimationFrame(tick);
        requestAnimationFrame(marker);
      }),
    options,
  );
}

async function loadTime(page: Page): Promise<number> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const value = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return nav && nav.loadEventEnd > 0 ? nav.loadEventEnd - nav.startTime : null;
    });
    if (value !== null) return value;
    await delay(10);
  }
  throw new Error('loadEventEnd never came');
}

export async function loadOnce(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  return loadTime(page);
}

export async function churnOnce(page: Page, url: string, settleMs: number, options: ChurnOptions) {
  await page.goto(url, { waitUntil: 'load' });
  await defineNameHelper(page);
  // document_idle content scripts have run by now: the churn meets the extension fully started.
  await delay(settleMs);
  return churn(page, options);
}

/** All orders of the three sides, cycled: each side runs first, second and last equally often. */
const ORDERS: readonly (readonly Side[])[] = [
  ['extension', 'control', 'none'],
  ['none', 'control', 'extension'],
  ['control', 'none', 'extension'],
  ['extension', 'none', 'control'],
  ['none', 'extension', 'control'],
  ['control', 'extension', 'none'],
];

export function roundOrder(round: number): readonly Side[] {
  return ORDERS[round % ORDERS.length] as readonly Side[];
}

export async function measurePageOverhead(
  browsers: BySide<Browser>,
  url: string,
  config: {
    warmup: number;
    loadRounds: number;
    churnRounds: number;
    settleMs: number;
    churn: ChurnOptions;
  },
): Promise<OverheadResult> {
  const pages = {} as BySide<Page>;
  for (const side of SIDES) {
    pages[side] = await browsers[side].newPage();
    await pages[side].setViewport({ width: 1280, height: 900 });
  }
  const load: BySide<number[]> = { extension: [], control: [], none: [] };
  const churned: BySide<ChurnRun[]> = { extension: [], control: [], none: [] };
  let mutationsPerRun = 0;
  try {
    for (let i = 0; i < config.warmup + config.loadRounds; i++) {
      for (const side of roundOrder(i)) {
        await pages[side].bringToFront();
        const value = await loadOnce(pages[side], url);
        if (i >= config.warmup) load[side].push(value);
        await delay(50);
      }
    }
    for (let i = 0; i < config.warmup + config.churnRounds; i++) {
      for (const side of roundOrder(i)) {
        await pages[side].bringToFront();
        const { mutations, ...run } = await churnOnce(pages[side], url, config.settleMs, config.churn);
        mutationsPerRun = mutations;
        if (i >= config.warmup) churned[side].push(run);
      }
    }
  } finally {
    for (const side of SIDES) await pages[side].close();
  }
  return { load, churn: churned, mutationsPerRun };
}
