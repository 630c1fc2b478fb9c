import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageHints } from '@/lib/checkpoints/detect';
import { endpointFor, parseRequestFields, requestFacts, requestField } from '@/lib/hrd/answers';
import { inputCarrying } from '@/lib/hrd/generic';
import { askBackground } from '@/lib/messaging/client';
import type { ForwardedObservation } from '@/lib/messaging/protocol';
import { HELLO_EVENT, OBSERVED_EVENT, type Observation, VARIABLES_EVENT } from '@/lib/observer/page-observer';
import type { InstituteProfile } from '@/lib/profiles/types';
import type { RequestWatch } from './fill';

/**
 * Relays what the page observer (page world) saw to the background, reduced on the way: a request
 * goes as the facts its fields state — never the code it carried, never its query string — and
 * six-digit runs in alert texts are masked. Returns a watch the fill uses to tell that the page
 * sent its verification request, and what the recogniser may know beyond the document.
 */
export function startObservationRelay(
  ctx: ContentScriptContext,
  profile: InstituteProfile,
): RequestWatch & { hints(): PageHints } {
  const pageId = crypto.randomUUID();
  const extra = profile.answers?.endpoints ?? [];
  let calledHrd = false;
  let confirmedInput: Element | null = null;
  const readVariables = pageVariablesReader(ctx);
  const verifyRequests = verifyRequestWatch(ctx);

  const forward = (observation: ForwardedObservation) => {
    // Best-effort: a page that unloads mid-answer may cut this off; the background then settles
    // the attempt from what did arrive, or calls it unknown.
    askBackground({ type: 'page/observed', pageId, observation }).catch(() => undefined);
  };

  const onObserved = (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string' || detail.length > 20_000) return;
    let observation: Observation;
    try {
      observation = JSON.parse(detail) as Observation;
    } catch {
      return;
    }
    if (observation.t === 'dialog') {
      if (typeof observation.text === 'string')
        forward({ kind: 'dialog', text: observation.text.replace(/\d{6}/g, '******').slice(0, 500) });
      return;
    }
    if (typeof observation.url !== 'string' || typeof observation.id !== 'number') return;
    const endpoint = endpointFor(observation.url, extra);
    if (!endpoint) return;
    const url = withoutQuery(observation.url);
    // Clearing the errors (user_reset, after the LMS's identity verification) is not the box.
    if (endpoint.role !== 'reset') calledHrd = true;
    if (observation.t === 'request') {
      const fields = parseRequestFields(
        observation.url,
        typeof observation.body === 'string' ? observation.body : null,
      );
      const facts = requestFacts(fields);
      if (endpoint.role === 'verify' && facts.carriesCode) {
        // The page reads its input as it sends: the input holding the sent code is the code
        // input. The code is compared here and goes no further.
        confirmedInput = inputCarrying(document, requestField(fields, 'otpno') ?? '') ?? confirmedInput;
        verifyRequests.sent();
      }
      forward({ kind: 'request', id: observation.id, url, facts });
    } else if (observation.t === 'answer') {
      forward({
        kind: 'answer',
        id: observation.id,
        url,
        status: Number(observation.status) || 0,
        body: String(observation.body).slice(0, 8000),
      });
    } else if (observation.t === 'failed') {
      forward({ kind: 'failed', id: observation.id, url });
    }
  };

  ctx.addEventListener(document, OBSERVED_EVENT as keyof DocumentEventMap, onObserved);
  // The observer started at document start and kept what it saw; this asks it to replay that,
  // and tells it the profile's own endpoints.
  document.dispatchEvent(
    new CustomEvent(HELLO_EVENT, { detail: JSON.stringify(extra.map((endpoint) => endpoint.urlPattern)) }),
  );

  return {
    hints: () => pageHints(calledHrd, confirmedInput, readVariables),
    waitForRequest: verifyRequests.waitForRequest,
  };
}

/**
 * What the recogniser may know beyond the document. The page's variables are asked of the page
 * observer only when read — by a rule that matched — not on every check of a changing page.
 */
function pageHints(
  calledHrd: boolean,
  confirmedInput: Element | null,
  readVariables: () => Record<string, unknown> | null,
): PageHints {
  return {
    calledHrd,
    confirmedInput,
    get pageVariables() {
      return readVariables();
    },
  };
}

/** Tells waiting fills as soon as the page sends its verification request. */
function verifyRequestWatch(ctx: ContentScriptContext): RequestWatch & { sent(): void } {
  let lastAt = 0;
  const waiters = new Set<() => void>();
  return {
    sent() {
      lastAt = performance.now();
      for (const wake of waiters) wake();
    },
    waitForRequest(ms) {
      const since = performance.now();
      return new Promise<boolean>((resolve) => {
        const wake = () => {
          if (lastAt < since) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(true);
        };
        const timer = ctx.setTimeout(() => {
          waiters.delete(wake);
          resolve(false);
        }, ms);
        waiters.add(wake);
      });
    },
  };
}

/** Asks the page observer for the page's HRD variables; it answers while the question is dispatched. */
function pageVariablesReader(ctx: ContentScriptContext): () => Record<string, unknown> | null {
  let pageVariables: Record<string, unknown> | null = null;
  ctx.addEventListener(document, VARIABLES_EVENT as keyof DocumentEventMap, (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    try {
      // Any script of the page could answer too: only string values are read (requestField).
      const found: unknown = typeof detail === 'string' && detail.length < 500 ? JSON.parse(detail) : null;
      if (found && typeof found === 'object') pageVariables = found as Record<string, unknown>;
    } catch {
      // A malformed answer tells nothing.
    }
  });
  return () => {
    pageVariables = null;
    document.dispatchEvent(new CustomEvent(VARIABLES_EVENT));
    return pageVariables;
  };
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`.slice(0, 2000);
  } catch {
    return '';
  }
}
