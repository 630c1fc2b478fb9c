import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  type CheckpointMatch,
  isIdentityVerifiedPage,
  isLmsPage,
  matchCheckpoint,
  type PageHints,
} from '@/lib/checkpoints/detect';
import { askBackground } from '@/lib/messaging/client';
import { parseContentRequest } from '@/lib/messaging/content-protocol';
import type { ContentRequest, ContentResponses, Reply } from '@/lib/messaging/protocol';
import { isBackgroundSender } from '@/lib/messaging/senders';
import { patternInput } from '@/lib/profiles/pattern-input';
import type { InstituteProfile } from '@/lib/profiles/types';
import { fillAndSubmit, type RequestWatch } from './fill';
import { startObservationRelay } from './observations';
import { mountOverlay, type OverlayHandle } from './overlay-frame';

/**
 * Small and React-free, in every frame of a configured LMS origin: recognises checkpoints (in the
 * page, a popup or a player's iframe), relays what the page observer saw to the background, hosts
 * the overlay in the tab's top frame, and fills the page's own OTP form in the frame that holds it
 * when the background asks — only while that frame shows a recognised checkpoint and only on the
 * exact origin the background names. Holds no secrets, owns no storage.
 */
export default defineContentScript({
  // Filled in by wxt.config.ts with the bundled LMS origins (the profiles stay out of the bundle).
  matches: [],
  runAt: 'document_idle',
  allFrames: true,
  async main(ctx) {
    // The background resolves the profiles (policy, imported, bundled, enabled sites) and names
    // the one for this frame's origin; it wakes for the question if it was stopped.
    const profile = await askBackground({ type: 'page/profile' }).catch(() => null);
    if (!profile) return;
    // The page's requests and alerts are relayed on every page of the origin: HRD's reset after
    // an identity verification can come from any page.
    const relay = startObservationRelay(ctx, profile);
    // A configured origin can also serve pages that are not the LMS (files, a help site): those
    // are not watched for checkpoints.
    if (!isLmsPage(profile, document) && window === window.top) return;
    startCheckpointWatch(ctx, profile, relay);
  },
});

type OverlayMode = 'checkpoint' | 'notice';

/** The overlay this frame hosts: at most one, of one mode. */
interface OverlayHost {
  readonly mode: OverlayMode | null;
  show(mode: OverlayMode): void;
  hide(): void;
  /** What the page shows of a checkpoint overlay; null when this frame hosts none. */
  exposure(points: readonly (readonly [number, number])[]): ContentResponses['overlay/exposure'];
}

function createOverlayHost(): OverlayHost {
  let overlay: { handle: OverlayHandle; mode: OverlayMode } | null = null;
  return {
    get mode() {
      return overlay?.mode ?? null;
    },
    show(mode) {
      if (overlay?.mode === mode) return;
      overlay?.handle.remove();
      const url = browser.runtime.getURL(mode === 'notice' ? '/overlay.html?notice=1' : '/overlay.html');
      overlay = { handle: mountOverlay(url), mode };
    },
    hide() {
      overlay?.handle.remove();
      overlay = null;
    },
    exposure: (points) => (overlay?.mode === 'checkpoint' ? overlay.handle.exposure(points) : null),
  };
}

/** What one frame's watch knows: the checkpoint it shows, and what it already told the background. */
interface CheckpointWatch {
  readonly ctx: ContentScriptContext;
  readonly profile: InstituteProfile;
  readonly relay: Relay;
  readonly isTop: boolean;
  readonly overlay: OverlayHost;
  /** The recognised checkpoint this frame shows, if any. */
  current(): CheckpointMatch | null;
  /** Reads the page again and tells the background what changed. */
  evaluate(): void;
  /** Closed by the trainee: stays closed for this checkpoint until the page shows another. */
  dismiss(): void;
}

type Relay = RequestWatch & { hints(): PageHints };

/** The frame's checkpoint as the page now shows it, with what the page observer adds. */
const matchHere = (profile: InstituteProfile, relay: Relay) =>
  matchCheckpoint(profile, location, document, undefined, relay.hints());

function startCheckpointWatch(ctx: ContentScriptContext, profile: InstituteProfile, relay: Relay) {
  const isTop = window === window.top;
  const overlay = createOverlayHost();
  const watch: CheckpointWatch = {
    ctx,
    profile,
    relay,
    isTop,
    overlay,
    ...trackCheckpoints(profile, relay, overlay, isTop),
  };
  ctx.onInvalidated(overlay.hide);
  observePage(ctx, profile, watch.evaluate);
  // The browsers' own API (no polyfill on LMS pages): answer through sendResponse, and return
  // true to keep the channel open for the asynchronous answer.
  browser.runtime.onMessage.addListener(
    (message: unknown, sender, sendResponse: (reply: Reply<unknown>) => void) => {
      // Only the background talks to the content script: by its URL, not merely our extension's
      // id (the popup or the options page could otherwise fill the form past the background).
      if (!isBackgroundSender(sender, browser.runtime.id)) return false;
      const request = parseContentRequest(message);
      if (!request) return false;
      answer(watch, request).then(
        (value) => sendResponse({ ok: true, value }),
        () => sendResponse({ ok: false, error: { code: 'pageDidNotAnswer' } }),
      );
      return true;
    },
  );
}

const checkpointKey = (match: CheckpointMatch) =>
  `${location.pathname}${location.search}|${match.rule.id}|${match.facts.session ?? ''}`;

/** The checkpoint this frame shows, followed through the page's changes, and what was said of it. */
function trackCheckpoints(
  profile: InstituteProfile,
  relay: Relay,
  overlay: OverlayHost,
  isTop: boolean,
): Pick<CheckpointWatch, 'current' | 'evaluate' | 'dismiss'> {
  let current: CheckpointMatch | null = null;
  let dismissed: string | null = null;
  let resetReported = false;
  let arrivalAsked = false;
  // The page may re-render (and be re-read) before the background answers: what must still
  // hold is that this checkpoint is the one shown, not that the match object is the same.
  const stillShown = (match: CheckpointMatch) =>
    current !== null && checkpointKey(current) === checkpointKey(match);
  const evaluate = () => {
    const match = matchHere(profile, relay);
    // Typed on the page or filled from the overlay: the overlay reads that from the facts each
    // time it reads the checkpoint (when it opens, and after every answer).
    if (match && checkpointKey(match) !== dismissed && current?.rule.id !== match.rule.id) {
      current = match;
      askBackground({ type: 'checkpoint/seen', facts: match.facts }).then(
        ({ overlayHere }) => {
          if (overlayHere && stillShown(match)) overlay.show('checkpoint');
        },
        // Without an answer the overlay still belongs here: a checkpoint must never go unseen.
        () => {
          if (isTop && stillShown(match)) overlay.show('checkpoint');
        },
      );
    } else if (!match && current) {
      current = null;
      if (overlay.mode === 'checkpoint' && isTop) overlay.hide();
      // The box went away (a layer closed after a pass): say what its last attempt came to.
      arrivalAsked = false;
    } else if (match && current) {
      current = match;
    }
    if (!match && isTop && !arrivalAsked) {
      // The page an attempt led to (a reload, the opener after its popup closed, the top page a
      // player's iframe sent us to) shows what happened there.
      arrivalAsked = true;
      askBackground({ type: 'page/arrived' }).then(
        ({ notice }) => {
          if (notice && !current && !overlay.mode) overlay.show('notice');
        },
        () => undefined,
      );
    }
    if (!resetReported && isIdentityVerifiedPage(profile, location, document)) {
      resetReported = true;
      askBackground({ type: 'verifier/reset' }).catch(() => {
        resetReported = false;
      });
    }
  };
  const dismiss = () => {
    dismissed = current ? checkpointKey(current) : null;
    overlay.hide();
    current = null;
  };
  return { current: () => current, evaluate, dismiss };
}

/** A page that keeps changing (a lesson player's cues, a progress bar) is checked at most this often. */
const CHECK_INTERVAL_MS = 100;

/**
 * Single-page apps swap content in and change the URL without loading: react to both without
 * polling. Each mutation record and each check costs the page time, so the observer stops at its
 * first record until the check has run (the check reads the whole page anyway), pages whose URL
 * no rule can match are not observed at all (a URL change — history API, back/forward — re-checks
 * and re-decides), and a page that changes in every frame is checked at most every
 * CHECK_INTERVAL_MS instead of in every frame (`npm run bench`, the HRD lesson player's churn).
 * A change after a quiet spell is checked in the next frame.
 * `currententrychange`, not `navigatesuccess`: history.replaceState() fires only the former.
 */
function observePage(ctx: ContentScriptContext, profile: InstituteProfile, evaluatePage: () => void): void {
  const target = document.body ?? document.documentElement;
  const observed: MutationObserverInit = { childList: true, subtree: true };
  const navigation = (window as { navigation?: EventTarget }).navigation;
  const patterns = watchedPatterns(profile);
  // Without the Navigation API a history.pushState() goes unseen: then watch every page.
  const watched = () =>
    !navigation ||
    patterns.some((pattern) => pattern.test(patternInput(location.pathname + location.search)));
  let scheduled = false;
  let lastCheck = Number.NEGATIVE_INFINITY;
  const check = () => {
    scheduled = false;
    lastCheck = performance.now();
    evaluatePage();
    observer.disconnect();
    if (watched()) observer.observe(target, observed);
  };
  const schedule = () => {
    observer.disconnect();
    if (scheduled) return;
    scheduled = true;
    // Not WXT's ctx timers: each call adds an invalidation listener that is never removed, and a
    // page that changes every frame would pile them up. The check is skipped instead once the
    // context is gone.
    const run = () => {
      if (ctx.isValid) check();
    };
    const wait = lastCheck + CHECK_INTERVAL_MS - performance.now();
    if (wait > 0) setTimeout(run, wait);
    else requestAnimationFrame(run);
  };
  const observer = new MutationObserver(schedule);
  ctx.addEventListener(window, 'popstate', schedule);
  navigation?.addEventListener('currententrychange', schedule, { signal: ctx.signal });
  ctx.onInvalidated(() => observer.disconnect());
  check();
}

/** The URL patterns of every rule the page could match; one the browser refuses cannot match. */
function watchedPatterns(profile: InstituteProfile): RegExp[] {
  return [
    ...profile.checkpoints.map((rule) => rule.urlPattern),
    ...(profile.identityVerified ? [profile.identityVerified.urlPattern] : []),
  ].flatMap((pattern) => {
    // Its rule is skipped in detect.ts too.
    try {
      return [new RegExp(pattern)];
    } catch {
      return [];
    }
  });
}

async function answer(
  watch: CheckpointWatch,
  request: ContentRequest,
): Promise<ContentResponses[ContentRequest['type']]> {
  const { profile } = watch;
  const current = watch.current();
  switch (request.type) {
    case 'page/facts':
      return current ? (matchHere(profile, watch.relay)?.facts ?? null) : null;
    case 'page/fill': {
      // Only a frame showing a recognised checkpoint fills, and only on the origin the background
      // names (the frame's own, which the trainee's profile configures).
      if (!current || request.origin !== location.origin) throw new Error('not filling here');
      const result = await fillAndSubmit(
        current.rule,
        document,
        request.code,
        watch.relay,
        profile.mode === 'hrdMotp' ? 'unknown' : 'unavailable',
        watch.ctx,
        watch.relay.hints().confirmedInput,
      );
      // Also reported on its own: if the worker that asked was stopped while the page answered,
      // this wakes a new one, which settles the fill it wrote down (once, by its id).
      askBackground({ type: 'page/filled', fillId: request.fillId, result }).catch(() => undefined);
      return result;
    }
    case 'overlay/show':
      // Only the top frame hosts the overlay for a checkpoint one of its frames holds.
      if (!watch.isTop) throw new Error('not the top frame');
      watch.overlay.show(request.mode);
      return null;
    case 'overlay/exposure':
      // Asked before every fill; a frame without a checkpoint overlay has nothing to submit from.
      return watch.overlay.exposure(request.points);
    case 'overlay/close':
      watch.dismiss();
      return null;
  }
}
