/**
 * The table `npm run bench` prints and writes. Each row holds one figure against its target (if
 * the issue sets one). Verdicts:
 * - PASS: the upper end of the spread (p90 of runs, p95 of round trips, or the 90% interval of a
 *   ratio) meets the target;
 * - PASS*: the central figure (median or ratio) meets it, but the upper end does not (for a
 *   ratio: the run cannot tell a difference that small from noise);
 * - MISS: the central figure misses it (for ratios: the whole 90% interval is above the target);
 * - MISS?: a ratio above the target whose 90% interval reaches back within it;
 * - blank: no target, reported for information.
 */

export type Verdict = 'PASS' | 'PASS*' | 'MISS' | 'MISS?' | '';

export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly browser: 'chromium' | 'firefox' | 'both' | '';
  readonly target: string;
  readonly measured: string;
  readonly verdict: Verdict;
  readonly note?: string;
}

/** Verdict for "lower is better" figures with a limit; `strict` for "<" rather than "≤". */
export function verdictFor(central: number, upper: number, limit: number, strict = false): Verdict {
  const meets = (value: number) => (strict ? value < limit : value <= limit);
  if (!Number.isFinite(central)) return '';
  if (meets(upper)) return 'PASS';
  if (meets(central)) return 'PASS*';
  return 'MISS';
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${value.toFixed(1)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(2)} KB`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function pad(text: string, width: number): string {
  // Hangul and other wide characters take two columns in a terminal.
  const columns = [...text].reduce(
    (sum, ch) => sum + (/[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 2 : 1),
    0,
  );
  return text + ' '.repeat(Math.max(0, width - columns));
}

/** A plain-text table for the terminal. */
export function formatTable(rows: readonly Row[]): string {
  const headers = ['measure', 'browser', 'target', 'measured', 'result'];
  const cells = rows.map((row) => [row.measure, row.browser, row.target, row.measured, row.verdict]);
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((cell) => (cell[i] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => pad(value, widths[i] as number))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  let section = '';
  for (const [index, row] of rows.entries()) {
    if (row.section !== section) {
      section = row.section;
      out.push('', `${section}`, line(headers), widths.map((w) => '-'.repeat(w)).join('  '));
    }
    out.push(line(cells[index] as string[]));
  }
  const notes = rows.filter((row) => row.note);
  if (notes.length > 0) {
    out.push('', 'Notes');
    for (const row of notes) out.push(`- ${row.measure} (${row.browser}): ${row.note}`);
  }
  return out.join('\n');
}

/** The same rows as Markdown tables, one per section, with the notes after them: for the README. */
export function formatMarkdown(rows: readonly Row[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const out: string[] = [];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      out.push(
        '',
        `**${section}**`,
        '',
        '| measure | browser | target | measured | result |',
        '|---|---|---|---|---|',
      );
    }
    out.push(
      `| ${cell(row.measure)} | ${row.browser} | ${cell(row.target)} | ${cell(row.measured)} | ${row.verdict} |`,
    );
  }
  const notes = rows.filter((row) => row.note);
  if (notes.length > 0) {
    out.push('', 'Notes:', '');
    for (const row of notes) out.push(`- ${cell(row.measure)} (${row.browser}): ${row.note}`);
  }
  return out.join('\n').trimStart();
}
