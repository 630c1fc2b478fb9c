/**
 * A tiny HTML templating helper: every interpolated value is escaped unless it is already
 * `SafeHtml`, so forgetting to escape is impossible rather than merely unlikely.
 */

/** Markup that is already safe to insert (built by `html` or explicitly trusted with `trustedHtml`). */
export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** Values `html` accepts; nullish and `false` render as nothing so conditionals read naturally. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template that escapes every interpolation. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Marks markup produced by trusted code (the QR SVG from uqr, the page's own script) as safe.
 * Never call it with anything derived from a request.
 */
export function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}

/**
 * Serialises a value for embedding in an inline `<script>`: JSON with `<`, U+2028 and U+2029
 * escaped so no string can close the script element or break the JavaScript parser.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}
