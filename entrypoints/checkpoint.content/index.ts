import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  type CheckpointMatch,
  findEnrollmentKeyUri,
  isIdentityVerifiedPage,
  isLmsPage,
  matchCheckpoint,
} from '@/lib/checkpoints/detect';
import { askBackground } from '@/lib/messaging/client';
import { parseContentRequest } from '@/lib/messaging/content-protocol';
import type { ContentRequest, ContentResponses, Reply } from '@/lib/messaging/protocol';
import { BUNDLED_LMS_MATCHES, BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';
import type { InstituteProfile } from '@/lib/profiles/types';
import { fillAndSubmit } from './fill';
import { mountOverlay, type OverlayHandle } from './overlay-frame';

/**
 * Small and React-free: recognises checkpoint pages of the configured LMS, hosts the overlay
 * iframe, and fills the page's own OTP form when the background asks — only while its overlay is
 * mounted and only on the exact origin the background names. Holds no secrets, owns no storage.
 */
export default defineContentScript({
  matches: [...BUNDLED_LMS_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    const profile = profileForOrigin(await activeProfiles(), location.origin);
    // A configured origin can also serve pages that are not the LMS (files, a help site): those
    // get nothing, not even an observer.
    if (!profile || !isLmsPage(profile, document)) return;
    startCheckpointWatch(ctx, profile);
  },
});

/**
 * The bundled profiles, with the institute's own (from policy or import) first. The background
 * validated it before storing it; the content script only reads it.
 */
async function activeProfiles(): Promise<readonly InstituteProfile[]> {
  try {
    const stored = (await browser.storage.local.get('activeProfile')).activeProfile as
      | { profile: InstituteProfile }
      | null
      | undefined;
    if (stored?.profile)
      return [stored.profile, ...BUNDLED_PROFILES.filter((p) => p.id !== stored.profile.id)];
  } catch {
    // Storage unavailable: the bundled profiles still work.
  }
  return BUNDLED_PROFILES;
}

function startCheckpointWatch(ctx: ContentScriptContext, profile: InstituteProfile) {
  let current: { match: CheckpointMatch; overlay: OverlayHandle } | null = null;
  let dismissed: string | null = null;
  let resetReported = false;

  const evaluate = () => {
    const match = matchCheckpoint(profile, location, document);
    const key =
      match && `${location.pathname}${location.search}|${match.rule.id}|${match.facts.session ?? ''}`;
    if (match && key !== dismissed && (!current || current.match.rule.id !== match.rule.id)) {
      current?.overlay.remove();
      current = { match, overlay: mountOverlay(browser.runtime.getURL('/overlay.html')) };
      askBackground({ type: 'checkpoint/seen', facts: match.facts }).catch(() => {
        // The history entry is best-effort; the checkpoint itself still works.
      });
    } else if (!match && current) {
      current.overlay.remove();
      current = null;
    } else if (match && current) {
      current = { ...current, match };
    }
    if (!resetReported && isIdentityVerifiedPage(profile, location, document)) {
      resetReported = true;
      askBackground({ type: 'verifier/reset' }).catch(() => {
        resetReported = false;
      });
    }
  };

  // Single-page apps swap content in and change the URL without loading: react to both, at most
  // once per frame, without polling. Each mutation record costs the page time (`npm run bench`:
  // +30–50% script time in a DOM-heavy page), so the observer stops at its first record until the
  // check has run (the check reads the whole page anyway), and pages whose URL no rule can match
  // are not observed at all: a URL change (history API, back/forward) re-checks and re-decides.
  // `currententrychange`, not `navigatesuccess`: history.replaceState() fires only the former.
  const target = document.body ?? document.documentElement;
  const observed: MutationObserverInit = { childList: true, subtree: true };
  const navigation = (window as { navigation?: EventTarget }).navigation;
  const patterns = [
    ...profile.checkpoints.map((rule) => rule.urlPattern),
    ...(profile.identityVerified ? [profile.identityVerified.urlPattern] : []),
  ].map((pattern) => new RegExp(pattern));
  // Without the Navigation API a history.pushState() goes unseen: then watch every page.
  const watched = () =>
    !navigation || patterns.some((pattern) => pattern.test(location.pathname + location.search));
  let scheduled = false;
  const check = () => {
    scheduled = false;
    if (!ctx.isValid) return;
    evaluate();
    observer.disconnect();
    if (watched()) observer.observe(target, observed);
  };
  const schedule = () => {
    observer.disconnect();
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(check);
  };
  const observer = new MutationObserver(schedule);
  window.addEventListener('popstate', schedule);
  navigation?.addEventListener('currententrychange', schedule);
  ctx.onInvalidated(() => {
    observer.disconnect();
    window.removeEventListener('popstate', schedule);
    navigation?.removeEventListener('currententrychange', schedule);
    current?.overlay.remove();
  });
  check();

  const answer = async (request: ContentRequest): Promise<ContentResponses[ContentRequest['type']]> => {
    switch (request.type) {
      case 'page/facts':
        return current ? (matchCheckpoint(profile, location, document)?.facts ?? null) : null;
      case 'page/enrollmentKey':
        return findEnrollmentKeyUri(profile, location, document);
      case 'page/fill': {
        // Only our own mounted overlay can lead here, and only for the origin the trainee registered.
        if (!current || request.origin !== location.origin) throw new Error('not filling here');
        return fillAndSubmit(current.match.rule, document, request.code);
      }
      case 'overlay/close': {
        // Closed by the trainee: stays closed for this checkpoint until the page shows another.
        const facts = current?.match.facts;
        dismissed = facts
          ? `${location.pathname}${location.search}|${facts.ruleId}|${facts.session ?? ''}`
          : null;
        current?.overlay.remove();
        current = null;
        return null;
      }
    }
  };

  // The browsers' own API (no polyfill on LMS pages): answer through sendResponse, and return
  // true to keep the channel open for the asynchronous answer.
  browser.runtime.onMessage.addListener(
    (message: unknown, sender, sendResponse: (reply: Reply<unknown>) => void) => {
      // Only the background (our extension, no tab) talks to the content script.
      if (sender.id !== browser.runtime.id || sender.tab) return false;
      const request = parseContentRequest(message);
      if (!request) return false;
      answer(request).then(
        (value) => sendResponse({ ok: true, value }),
        () => sendResponse({ ok: false, error: { code: 'pageDidNotAnswer' } }),
      );
      return true;
    },
  );
}
