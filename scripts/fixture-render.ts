/** Renders the demo-derived rule fixtures of tests/fixtures/profiles/demo-pages.ts. */
import type { DemoFixture, FixtureEdit } from '../tests/fixtures/profiles/demo-pages';

const HEAD_ANCHOR = '<meta charset="utf-8">\n';
const PAGE_DATA = /<script type="application\/json" id="page-data">[^<]*<\/script>\n/g;

function applyEdit(page: string, edit: FixtureEdit, path: string): string {
  const count = page.split(edit.from).length - 1;
  if (count !== 1) throw new Error(`${path}: edit target occurs ${count} times, not once: ${edit.from}`);
  if (edit.until === undefined) return page.replace(edit.from, () => edit.to);
  const start = page.indexOf(edit.from);
  const end = page.indexOf(edit.until, start + edit.from.length);
  if (end < 0) throw new Error(`${path}: edit end not found after its start: ${edit.until}`);
  return page.slice(0, start) + edit.to + page.slice(end + edit.until.length);
}

/** The fixture's header: what the page is, its address and the facts the rule must read. */
function header(fixture: DemoFixture): string {
  const lines = [`<!-- ${fixture.comment} -->`, `<meta name="fixture-url" content="${fixture.url}">`];
  if (fixture.expect) lines.push(`<meta name="fixture-expect" content='${JSON.stringify(fixture.expect)}'>`);
  return `${lines.join('\n')}\n`;
}

/** The committed text of one fixture. */
export function renderFixture(fixture: DemoFixture): string {
  let page = fixture.render();
  // The page data only feeds the left-out script; the rules never read it.
  page = page.replace(PAGE_DATA, '');
  page = applyEdit(page, { from: HEAD_ANCHOR, to: `${HEAD_ANCHOR}${header(fixture)}` }, fixture.path);
  for (const edit of fixture.edits ?? []) page = applyEdit(page, edit, fixture.path);
  return page;
}
