/**
 * CSS selectors checked by their syntax alone, with no DOM, so that a profile gets the same answer
 * in every context: Chromium's service worker has no `document`, and Firefox's event page does
 * (`.x:::bogus` once passed the one and not the other, then threw on every LMS page).
 *
 * The grammar is the part of Selectors Level 4 that both browsers' `querySelector` take, without
 * namespaces and pseudo-elements (these never match an element) and with only the pseudo-classes
 * both know: stricter than a browser where they differ, never looser. It follows the CSS syntax's
 * tokens (identifiers with escapes, strings, An+B), so `.1a`, `#-1`, `[maxlength=6]`, `div >`,
 * `a[`, `:nth-child(` and `:bogus` are refused here as the browsers refuse them.
 */

/** Pseudo-classes without arguments that Chromium 128+ and Firefox 140+ both accept. */
const PSEUDO_CLASSES: ReadonlySet<string> = new Set([
  'active',
  'any-link',
  'autofill',
  'checked',
  'default',
  'defined',
  'disabled',
  'empty',
  'enabled',
  'first-child',
  'first-of-type',
  'focus',
  'focus-visible',
  'focus-within',
  'fullscreen',
  'hover',
  'in-range',
  'indeterminate',
  'invalid',
  'last-child',
  'last-of-type',
  'link',
  'modal',
  'only-child',
  'only-of-type',
  'optional',
  'out-of-range',
  'placeholder-shown',
  'popover-open',
  'read-only',
  'read-write',
  'required',
  'root',
  'scope',
  'target',
  'user-invalid',
  'user-valid',
  'valid',
  'visited',
]);
/** The single-colon spellings of pseudo-elements the browsers still parse (and never match). */
const LEGACY_PSEUDO_ELEMENTS: ReadonlySet<string> = new Set([
  'before',
  'after',
  'first-line',
  'first-letter',
]);
const NTH = new Set(['nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type']);
const MAX_NESTING = 8;
/** `odd`, `even`, `3`, `-n+3`, `2n + 1`: the An+B microsyntax, with its optional whitespace. */
const AN_PLUS_B = /\s*(?:odd|even|[+-]?\d*n(?:\s*[+-]\s*\d+)?|[+-]?\d+)/iy;

class SelectorSyntaxError extends Error {}

/**
 * Why a selector would be refused by the browsers (or is outside what profiles may use), or null
 * when it is fine. Pure: the same answer in a worker, a page and a test.
 */
export function selectorProblem(selector: string): string | null {
  try {
    const parser = new SelectorParser(selector);
    parser.selectorList(false, 0, false);
    parser.expectEnd();
    return null;
  } catch (error) {
    if (error instanceof SelectorSyntaxError) return error.message;
    throw error;
  }
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f';
const isNameStart = (ch: string) => /^[A-Za-z_]$/.test(ch) || (ch !== '' && ch.charCodeAt(0) >= 0x80);
const isNameChar = (ch: string) => isNameStart(ch) || /^[0-9-]$/.test(ch);
const isHex = (ch: string) => /^[0-9A-Fa-f]$/.test(ch);

class SelectorParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  selectorList(relative: boolean, depth: number, inHas: boolean): void {
    for (;;) {
      this.skipWhitespace();
      this.complex(relative, depth, inHas);
      this.skipWhitespace();
      if (this.peek() !== ',') return;
      this.pos += 1;
    }
  }

  expectEnd(): void {
    if (this.pos < this.src.length) this.fail(`unexpected "${this.peek()}"`);
  }

  private complex(relative: boolean, depth: number, inHas: boolean): void {
    if (relative && this.isCombinator(this.peek())) {
      this.pos += 1;
      this.skipWhitespace();
    }
    this.compound(depth, inHas);
    for (;;) {
      const spaced = this.skipWhitespace();
      const ch = this.peek();
      if (ch === '' || ch === ',' || ch === ')') return;
      if (this.isCombinator(ch)) {
        this.pos += 1;
        this.skipWhitespace();
      } else if (!spaced) {
        this.fail(`unexpected "${ch}"`);
      }
      this.compound(depth, inHas);
    }
  }

  private compound(depth: number, inHas: boolean): void {
    const start = this.pos;
    if (this.peek() === '*') this.pos += 1;
    else if (this.startsIdent() && !/^[A-Za-z][A-Za-z0-9-]*$/.test(this.ident()))
      this.fail('an element name is letters, digits and hyphens, starting with a letter');
    if (this.peek() === '|') this.fail('namespaces (ns|name) are not supported');
    for (;;) {
      const ch = this.peek();
      if (ch === '#') {
        this.pos += 1;
        if (!this.startsIdent()) this.fail('an id must be a name (#otp-code, not #1)');
        this.ident();
      } else if (ch === '.') {
        this.pos += 1;
        if (!this.startsIdent()) this.fail('a class must be a name (.otp-box, not .1)');
        this.ident();
      } else if (ch === '[') {
        this.attribute();
      } else if (ch === ':') {
        this.pseudo(depth, inHas);
      } else {
        break;
      }
    }
    if (this.pos === start) {
      const ch = this.peek();
      if (ch === '/' && this.src[this.pos + 1] === '*') this.fail('comments are not supported');
      this.fail(ch === '' || ch === ',' || ch === ')' ? 'a selector is missing' : `unexpected "${ch}"`);
    }
  }

  private attribute(): void {
    this.pos += 1;
    this.skipWhitespace();
    if (this.peek() === '*' || this.peek() === '|') this.fail('namespaces (ns|name) are not supported');
    if (!this.startsIdent()) this.fail('an attribute name is missing');
    this.ident();
    if (this.peek() === '|' && this.src[this.pos + 1] !== '=')
      this.fail('namespaces (ns|name) are not supported');
    this.skipWhitespace();
    if (this.eat(']')) return;
    const ch = this.peek();
    if (ch === '=') this.pos += 1;
    else if ('~|^$*'.includes(ch) && ch !== '' && this.src[this.pos + 1] === '=') this.pos += 2;
    else this.fail('an attribute selector needs ] or one of = ~= |= ^= $= *=');
    this.skipWhitespace();
    const quote = this.peek();
    if (quote === '"' || quote === "'") this.string();
    else if (this.startsIdent()) this.ident();
    else this.fail('an attribute value must be a name or a quoted string ([maxlength="6"])');
    this.skipWhitespace();
    if (this.startsIdent()) {
      const flag = this.ident();
      if (flag.toLowerCase() !== 'i') this.fail(`unknown attribute flag "${flag}" (only i)`);
      this.skipWhitespace();
    }
    if (!this.eat(']')) this.fail(this.peek() === '' ? 'an attribute selector is not closed' : 'expected ]');
  }

  private pseudo(depth: number, inHas: boolean): void {
    this.pos += 1;
    if (this.peek() === ':') this.fail('pseudo-elements (::before) never match an element');
    const match = /[A-Za-z][A-Za-z-]*/y;
    match.lastIndex = this.pos;
    const raw = match.exec(this.src)?.[0];
    if (!raw) this.fail('a pseudo-class name is missing');
    this.pos += raw.length;
    const name = raw.toLowerCase();
    if (this.peek() === '\\') this.fail('write pseudo-class names without escapes');
    if (this.peek() !== '(') {
      if (LEGACY_PSEUDO_ELEMENTS.has(name))
        this.fail(`:${name} is a pseudo-element and never matches an element`);
      if (!PSEUDO_CLASSES.has(name)) this.fail(`:${name} is not a pseudo-class both browsers know`);
      return;
    }
    this.pos += 1;
    if (depth + 1 > MAX_NESTING) this.fail('selectors nested too deeply');
    if (name === 'not' || name === 'is' || name === 'where') {
      this.selectorList(false, depth + 1, inHas);
    } else if (name === 'has') {
      if (inHas) this.fail(':has() cannot hold another :has()');
      this.selectorList(true, depth + 1, true);
    } else if (NTH.has(name)) {
      AN_PLUS_B.lastIndex = this.pos;
      const step = AN_PLUS_B.exec(this.src);
      if (!step) this.fail(`:${name}() needs a step like 2, odd or 2n+1`);
      this.pos += step[0].length;
      const spaced = this.skipWhitespace();
      if (
        spaced &&
        (name === 'nth-child' || name === 'nth-last-child') &&
        /^of\s/i.test(this.src.slice(this.pos, this.pos + 3))
      ) {
        this.pos += 2;
        this.selectorList(false, depth + 1, inHas);
      }
    } else if (name === 'lang' || name === 'dir') {
      this.skipWhitespace();
      if (!this.startsIdent()) this.fail(`:${name}() needs a name`);
      const value = this.ident().toLowerCase();
      if (name === 'dir' && value !== 'ltr' && value !== 'rtl') this.fail(':dir() takes ltr or rtl');
      this.skipWhitespace();
    } else {
      this.fail(`:${name}() is not a pseudo-class both browsers know`);
    }
    if (!this.eat(')')) this.fail(this.peek() === '' ? `:${name}( is not closed` : 'expected )');
  }

  /** A CSS identifier (with escapes); returns its raw text. */
  private ident(): string {
    const start = this.pos;
    if (this.peek() === '-') this.pos += 1;
    for (;;) {
      const ch = this.peek();
      if (isNameChar(ch)) this.pos += 1;
      else if (this.isEscape(this.pos)) this.escape();
      else break;
    }
    return this.src.slice(start, this.pos);
  }

  private startsIdent(): boolean {
    const ch = this.peek();
    if (ch === '-') {
      const next = this.src[this.pos + 1] ?? '';
      return next === '-' || isNameStart(next) || this.isEscape(this.pos + 1);
    }
    return isNameStart(ch) || this.isEscape(this.pos);
  }

  /** A backslash that starts an escape; one at the very end is refused (browsers differ on it). */
  private isEscape(at: number): boolean {
    const next = this.src[at + 1];
    return this.src[at] === '\\' && next !== undefined && next !== '\n' && next !== '\r' && next !== '\f';
  }

  private escape(): void {
    this.pos += 1;
    if (!isHex(this.peek())) {
      // `\w` is just `w`: browsers agree, other parsers do not; write the letter itself.
      if (isWhitespace(this.peek())) this.fail('an escaped space (no element or class has one)');
      if (isNameChar(this.peek())) this.fail(`\\${this.peek()} escapes nothing (write ${this.peek()})`);
      this.pos += 1;
      return;
    }
    const start = this.pos;
    for (let digits = 0; digits < 6 && isHex(this.peek()); digits += 1) this.pos += 1;
    const code = Number.parseInt(this.src.slice(start, this.pos), 16);
    if (code < 0x20 || code === 0x7f || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      this.fail('an escape of a control character or of no character');
    if (isWhitespace(this.peek())) this.pos += 1;
  }

  private string(): void {
    const quote = this.peek();
    this.pos += 1;
    for (;;) {
      const ch = this.peek();
      if (ch === '') this.fail('a quoted string is not closed');
      if (ch === '\n' || ch === '\r' || ch === '\f') this.fail('a quoted string cannot span lines');
      this.pos += 1;
      if (ch === quote) return;
      if (ch === '\\') {
        if (this.peek() === '') this.fail('a quoted string is not closed');
        this.pos += 1;
      }
    }
  }

  private isCombinator(ch: string): boolean {
    return ch === '>' || ch === '+' || ch === '~';
  }

  private skipWhitespace(): boolean {
    const start = this.pos;
    while (isWhitespace(this.peek())) this.pos += 1;
    return this.pos > start;
  }

  private eat(ch: string): boolean {
    if (this.peek() !== ch) return false;
    this.pos += 1;
    return true;
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private fail(message: string): never {
    throw new SelectorSyntaxError(`${message} (at character ${Math.min(this.pos, this.src.length) + 1})`);
  }
}
