import { installPageObserver } from '@/lib/observer/page-observer';

/**
 * The page observer in the page's own world, from document start, in every frame of a configured
 * LMS origin: it must wrap `XMLHttpRequest`, `fetch` and `alert` before the page's scripts keep
 * references to them. It has no extension API there; what it sees goes to the checkpoint content
 * script (see lib/observer/page-observer.ts).
 */
export default defineContentScript({
  // Filled in by wxt.config.ts with the bundled LMS origins: importing the profiles here would
  // put them into every page's own world.
  matches: [],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    installPageObserver(window);
  },
});
