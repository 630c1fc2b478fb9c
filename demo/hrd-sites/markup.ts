/** Markup shared by every site's pages: the page-data block and script tags. */
import { html, type SafeHtml } from '../server/html';
import type { BrowserEntry } from './bundle';
import { scriptPath } from './paths';

export { pageData } from '../shared/markup';

/** A bundled script of this site. */
export function siteScript(name: BrowserEntry): SafeHtml {
  return html`<script src="${scriptPath(name)}"></script>`;
}

/** HRD's loader, from HRD's own host, as institutes include it. */
export function loaderScript(serviceOrigin: string, loaderPath: string): SafeHtml {
  return html`<script src="${serviceOrigin}${loaderPath}"></script>`;
}
