import { browser } from '@/lib/browser';
import { type HrdProbe, probeHrdPage } from '@/lib/hrd/generic';
import { siteOrigin } from '@/lib/profiles/sites';

/** The tab the popup is about, and its site (null for a page that is not a website). */
export interface TargetTab {
  readonly id: number;
  readonly origin: string | null;
}

/**
 * The tab under the toolbar button; or, for the popup opened as a page of its own (from the
 * options page, or by tests), the one `?tab=` names. A site given by `?origin=` is only a claim:
 * nothing is enabled unless the page itself, looked at, is on that origin (`onTopOf`).
 */
export async function findTargetTab(): Promise<TargetTab | null> {
  const params = new URLSearchParams(location.search);
  const named = Number(params.get('tab'));
  if (params.has('tab') && Number.isInteger(named) && named >= 0) {
    const tab = await browser.tabs.get(named).catch(() => null);
    return tab ? { id: named, origin: siteOrigin(tab.url ?? params.get('origin') ?? '') } : null;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  return tab?.id === undefined ? null : { id: tab.id, origin: siteOrigin(tab.url ?? '') };
}

/** Reads the tab's frames (those the browser lets us); null when the page cannot be read at all. */
export async function probe(tabId: number): Promise<HrdProbe[] | null> {
  try {
    const results = await browser.scripting.executeScript({
      target: { tabId, allFrames: true },
      func: probeHrdPage,
    });
    return results.flatMap((result) => (result.result ? [result.result as HrdProbe] : []));
  } catch {
    return null;
  }
}
