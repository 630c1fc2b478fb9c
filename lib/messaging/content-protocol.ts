/**
 * Requests the content script answers, sent by the background only, to one frame of one tab.
 * Checked by hand rather than with the background's schema library: the content script runs on
 * every LMS page and its size is budgeted, and six shapes do not need a library.
 */

export type ContentRequest =
  | { readonly type: 'page/facts' }
  /**
   * `fillId` names this fill: the content script reports its result under it (`page/filled`), so
   * a worker stopped while the page answers loses nothing.
   */
  | { readonly type: 'page/fill'; readonly code: string; readonly origin: string; readonly fillId: string }
  | { readonly type: 'overlay/close' }
  /** Show the overlay in this (top) frame: for a checkpoint in a sub-frame, or an earlier outcome. */
  | { readonly type: 'overlay/show'; readonly mode: 'checkpoint' | 'notice' }
  /**
   * Before a fill: is the overlay this frame hosts shown as it is? `points` are where its submit
   * button is, in the overlay's own viewport (at most five; none: the overlay's centre).
   */
  | { readonly type: 'overlay/exposure'; readonly points: readonly (readonly [number, number])[] };

/** A fill's name: as the background makes them (`crypto.randomUUID()`), or any such token. */
export const FILL_ID = /^[\w-]{8,64}$/;

const WITHOUT_FIELDS = new Set(['page/facts', 'overlay/close']);

export function parseContentRequest(message: unknown): ContentRequest | null {
  if (typeof message !== 'object' || message === null) return null;
  const candidate = message as Record<string, unknown>;
  const keys = Object.keys(candidate);
  const type = candidate.type;
  if (typeof type !== 'string') return null;
  if (WITHOUT_FIELDS.has(type)) return keys.length === 1 ? ({ type } as ContentRequest) : null;
  if (type === 'overlay/show') {
    const { mode } = candidate;
    return keys.length === 2 && (mode === 'checkpoint' || mode === 'notice') ? { type, mode } : null;
  }
  if (type === 'overlay/exposure') {
    const { points } = candidate;
    // `Array.from` reads a sparse array's holes as undefined: `every` alone would skip them, and a
    // hole would reach the hit test as a point.
    return keys.length === 2 &&
      Array.isArray(points) &&
      points.length <= 5 &&
      Array.from(points).every(isPoint)
      ? { type, points: points.map(([x, y]: [number, number]) => [x, y] as const) }
      : null;
  }
  if (type !== 'page/fill' || keys.length !== 4) return null;
  const { code, origin, fillId } = candidate;
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return null;
  if (typeof origin !== 'string' || origin.length > 200) return null;
  if (typeof fillId !== 'string' || !FILL_ID.test(fillId)) return null;
  return { type, code, origin, fillId };
}

/** Two finite numbers (a hole reads as undefined, which is none). */
function isPoint(point: unknown): point is [number, number] {
  return Array.isArray(point) && point.length === 2 && Number.isFinite(point[0]) && Number.isFinite(point[1]);
}
