import { createOverlayHost, OVERLAY_HOST, type OverlayHostScope } from './host';

/**
 * The overlay's host in an LMS tab's top frame: mounts the overlay page's frame, places it away
 * from the page's own checkpoint (lib/overlay/placement.ts) and follows it as the page moves.
 * The background runs it there (`scripting.executeScript`) when a checkpoint or an earlier
 * outcome is to be shown, so the content script on every LMS page stays small. Running it again
 * only hands over a fresh factory: an overlay already shown stays as it is.
 */
export default defineUnlistedScript(() => {
  (globalThis as OverlayHostScope)[OVERLAY_HOST] = createOverlayHost;
});
