import { useCallback, useEffect, useRef, useState } from 'react';
import { askBackground } from '@/lib/messaging/client';
import { type OverlayChoice, type OverlaySide, viewFor } from '@/lib/overlay/placement';

const frameView = () => viewFor({ width: innerWidth, height: innerHeight });

/**
 * The overlay's own view (panel, bar or handle), read from the size of the frame the content script
 * gave it, and the trainee's ways to change it: the background remembers the choice for the site
 * and has the top frame place the frame again.
 */
export function useOverlayLayout(initial: OverlayChoice | null) {
  const [view, setView] = useState(frameView);
  const chosen = useRef<OverlayChoice | null>(null);
  chosen.current ??= initial;
  useEffect(() => {
    const follow = () => setView(frameView());
    addEventListener('resize', follow);
    return () => removeEventListener('resize', follow);
  }, []);
  const choose = useCallback((layout: OverlayChoice['layout'], side?: OverlaySide, remember = true) => {
    const next = { layout, side: side ?? chosen.current?.side ?? 'right' };
    chosen.current = next;
    void askBackground({
      type: 'checkpoint/layout',
      ...next,
      ...(remember ? {} : { remember: false }),
    }).catch(() => undefined);
  }, []);
  return {
    view,
    collapse: () => choose('bar'),
    expand: () => choose('expanded'),
    close: () => choose('handle'),
    reopen: () => choose('panel'),
    /** To the other side, as it is now. */
    move: () => {
      const current = chosen.current ?? { layout: 'panel', side: 'right' };
      choose(
        current.layout === 'handle' ? 'panel' : current.layout,
        current.side === 'right' ? 'left' : 'right',
      );
    },
    /** After a pass: the short confirmation, for this checkpoint only. */
    confirmPass: () => choose('bar', undefined, false),
  };
}

export type OverlayLayoutState = ReturnType<typeof useOverlayLayout>;
