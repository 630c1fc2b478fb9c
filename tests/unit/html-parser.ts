// The fixture pages are parsed the way `npm run profile:check` parses an institute's saved pages.
export { closeHtmlParser, parseHtml } from '../../scripts/page-parser';
