/** Markup every demo site's pages share. */
import { html, jsonForScript, type SafeHtml, trustedHtml } from '../server/html';

/** `<script type="application/json" id="page-data">`: data for the page's script, never code. */
export function pageData(data: object): SafeHtml {
  return html`<script type="application/json" id="page-data">${trustedHtml(jsonForScript(data))}</script>`;
}
