/**
 * A happy-dom DOMParser for saved pages and page fixtures, in a window of its own: the pages' stylesheets,
 * scripts and frames are never fetched (the rules only read the markup), and happy-dom's notice
 * for each one it skips is kept out of the test output. Anything else it reports still shows.
 */
import { Window } from 'happy-dom';

const SKIPPED_LOAD = /(?:file|page) loading is disabled/i;

const quietConsole = new Proxy(console, {
  get(target, key, receiver) {
    if (key !== 'error' && key !== 'warn') return Reflect.get(target, key, receiver);
    return (...args: unknown[]) => {
      if (SKIPPED_LOAD.test(String(args[0]))) return;
      (target[key] as (...rest: unknown[]) => void)(...args);
    };
  },
});

const parserWindow = new Window({
  url: 'http://127.0.0.1:8610/',
  console: quietConsole,
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
    handleDisabledFileLoadingAsSuccess: true,
  },
});

export function parseHtml(html: string): Document {
  return new parserWindow.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

export function closeHtmlParser(): Promise<void> {
  return parserWindow.happyDOM.close();
}
