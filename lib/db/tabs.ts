import { readWrite } from './repository';
import type { CompanionDb, PendingFill, TabCheckpointRecord } from './schema';

/**
 * Each tab's checkpoint record (`tabs`): where its checkpoint is, its latest attempt and the fill
 * awaiting its result. Writes that decide on what they read run in a transaction of their own.
 */

export async function getTab(db: CompanionDb, tabId: number): Promise<TabCheckpointRecord | null> {
  return (await db.tabs.get(tabId)) ?? null;
}

export async function putTab(db: CompanionDb, tab: TabCheckpointRecord): Promise<void> {
  await db.tabs.put(tab);
}

/** The records of tabs (checkpoint popups) the given tab opened. */
export function tabsOpenedBy(db: CompanionDb, openerTabId: number): Promise<TabCheckpointRecord[]> {
  return db.tabs.where('openerTabId').equals(openerTabId).toArray();
}

/** The records written after `since`. */
export function tabsUpdatedAfter(db: CompanionDb, since: number): Promise<TabCheckpointRecord[]> {
  return db.tabs.where('updatedAt').above(since).toArray();
}

/** Clears every tab record: tab ids do not outlive the browser session. */
export async function clearTabs(db: CompanionDb): Promise<void> {
  await db.tabs.clear();
}

/** Notes when the tab's attempt was first shown on a page; re-reads of the same notice do not extend it. */
export async function markNoticeShown(db: CompanionDb, tabId: number, now: number): Promise<void> {
  await readWrite(db, ['tabs'], async () => {
    const tab = await db.tabs.get(tabId);
    if (tab && tab.noticeShownAt === null) await db.tabs.put({ ...tab, noticeShownAt: now });
  });
}

/** Holds a fill as pending on the tab, with when the overlay forwarded its code. */
export async function holdPendingFill(db: CompanionDb, tabId: number, fill: PendingFill): Promise<void> {
  await db.tabs.update(tabId, { overlaySubmitAt: fill.submittedAt, pendingFill: fill });
}

/**
 * Takes the tab's pending fill if it is still `fillId`: true once, for whichever of its two
 * reports comes first. Runs in the caller's transaction over `tabs`, or one of its own.
 */
export async function takePendingFill(db: CompanionDb, tabId: number, fillId: string): Promise<boolean> {
  return readWrite(db, ['tabs'], async () => {
    if ((await db.tabs.get(tabId))?.pendingFill?.id !== fillId) return false;
    await db.tabs.update(tabId, { pendingFill: null });
    return true;
  });
}
