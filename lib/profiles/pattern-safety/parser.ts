/**
 * Reads a profile pattern, with the syntax `new RegExp(pattern)` reads (no flags), into the tree
 * the ambiguity analysis walks; what it cannot read it refuses with a `PatternError`.
 */
import { type CharSet, char, DIGIT, DOT, EMPTY, negate, SPACE, union, WORD } from './char-sets';

/** A repeat bound above this is refused: write `+` or `*`, which the analysis can reason about. */
const MAX_BOUND = 100;

export type Node =
  | { readonly type: 'char'; readonly set: CharSet }
  | { readonly type: 'assert'; readonly start: boolean }
  | { readonly type: 'look'; readonly body: Alternatives }
  | { readonly type: 'group'; readonly body: Alternatives }
  | {
      readonly type: 'repeat';
      readonly min: number;
      readonly max: number;
      readonly body: Node;
      readonly at: number;
    };
export type Sequence = readonly Node[];
export type Alternatives = readonly Sequence[];

export class PatternError extends Error {
  constructor(
    message: string,
    readonly unsafe: boolean,
  ) {
    super(message);
  }
}

const SYNTAX_CHARS = '^$\\.*+?()[]{}|/-';

export class PatternParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): Alternatives {
    const alternatives = this.alternatives();
    if (this.pos < this.src.length) this.fail(`unexpected "${this.src[this.pos]}"`);
    return alternatives;
  }

  private alternatives(): Alternatives {
    const out: Sequence[] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos += 1;
      out.push(this.sequence());
    }
    return out;
  }

  private sequence(): Sequence {
    const out: Node[] = [];
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined || ch === '|' || ch === ')') return out;
      const at = this.pos;
      const atom = this.atom();
      const quantifier = this.quantifier();
      if (!quantifier) {
        // A group of one branch matches as its parts do: read them as parts of this sequence.
        if (atom.type === 'group' && atom.body.length === 1) out.push(...(atom.body[0] ?? []));
        else out.push(atom);
        continue;
      }
      if (atom.type === 'assert' || atom.type === 'look') this.fail('a repeated assertion or lookaround');
      const [min, max] = quantifier;
      if (max !== Number.POSITIVE_INFINITY && max > MAX_BOUND)
        this.fail(`a bound over ${MAX_BOUND} (write + or * instead)`);
      out.push({ type: 'repeat', min, max, body: atom, at });
    }
  }

  private atom(): Node {
    const ch = this.src[this.pos] as string;
    this.pos += 1;
    switch (ch) {
      case '^':
        return { type: 'assert', start: true };
      case '$':
        return { type: 'assert', start: false };
      case '.':
        return { type: 'char', set: DOT };
      case '[':
        return { type: 'char', set: this.charClass() };
      case '\\':
        return this.escape(false);
      case '(':
        return this.group();
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat');
      case '{':
        this.pos -= 1;
        if (this.quantifier()) this.fail('nothing to repeat');
        this.pos += 1;
        return { type: 'char', set: char(123) };
      default:
        return { type: 'char', set: char(ch.charCodeAt(0)) };
    }
  }

  private group(): Node {
    let kind: 'group' | 'look' = 'group';
    if (this.src[this.pos] === '?') {
      const rest = this.src.slice(this.pos + 1, this.pos + 3);
      if (rest.startsWith(':')) this.pos += 2;
      else if (rest.startsWith('=') || rest.startsWith('!')) {
        this.pos += 2;
        kind = 'look';
      } else if (rest === '<=' || rest === '<!') {
        this.pos += 3;
        kind = 'look';
      } else if (rest.startsWith('<')) {
        const name = /^\?<([A-Za-z_$][\w$]*)>/.exec(this.src.slice(this.pos));
        if (!name) this.fail('a group name must be letters and digits');
        this.pos += name[0].length;
      } else {
        this.fail('an unsupported group (use (…), (?:…), (?<name>…) or a lookaround)');
      }
    }
    const body = this.alternatives();
    if (this.src[this.pos] !== ')') this.fail('a group is not closed');
    this.pos += 1;
    return kind === 'look' ? { type: 'look', body } : { type: 'group', body };
  }

  /** `[…]` after its `[`. */
  private charClass(): CharSet {
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos += 1;
    const parts: CharSet[] = [];
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) this.fail('a character class is not closed');
      if (ch === ']') {
        this.pos += 1;
        break;
      }
      const lo = this.classAtom();
      if (
        this.src[this.pos] === '-' &&
        this.src[this.pos + 1] !== ']' &&
        this.src[this.pos + 1] !== undefined
      ) {
        this.pos += 1;
        const hi = this.classAtom();
        const single = (set: CharSet) => set.length === 1 && set[0]?.[0] === set[0]?.[1];
        if (single(lo) && single(hi)) {
          const from = lo[0]?.[0] ?? 0;
          const to = hi[0]?.[0] ?? 0;
          if (from > to) this.fail('a character range out of order');
          parts.push([[from, to]]);
        } else {
          // `[\d-z]`: the hyphen is itself a character there.
          parts.push(lo, hi, char(45));
        }
      } else {
        parts.push(lo);
      }
    }
    const set = union(...parts);
    return negated ? negate(set) : set;
  }

  private classAtom(): CharSet {
    const ch = this.src[this.pos] as string;
    this.pos += 1;
    if (ch !== '\\') return char(ch.charCodeAt(0));
    const node = this.escape(true);
    return node.type === 'char' ? node.set : EMPTY;
  }

  /** After a backslash. */
  private escape(inClass: boolean): Node {
    const ch = this.src[this.pos];
    if (ch === undefined) return this.fail('a pattern cannot end with \\');
    this.pos += 1;
    const set = (s: CharSet): Node => ({ type: 'char', set: s });
    switch (ch) {
      case 'd':
        return set(DIGIT);
      case 'D':
        return set(negate(DIGIT));
      case 'w':
        return set(WORD);
      case 'W':
        return set(negate(WORD));
      case 's':
        return set(SPACE);
      case 'S':
        return set(negate(SPACE));
      case 'b':
        return inClass ? set(char(8)) : { type: 'assert', start: false };
      case 'B':
        if (inClass) this.fail('\\B in a character class');
        return { type: 'assert', start: false };
      case 'n':
        return set(char(10));
      case 'r':
        return set(char(13));
      case 't':
        return set(char(9));
      case 'v':
        return set(char(11));
      case 'f':
        return set(char(12));
      case '0':
        if (/\d/.test(this.src[this.pos] ?? '')) this.fail('octal escapes');
        return set(char(0));
      case 'c': {
        const letter = this.src[this.pos] ?? '';
        if (!/[A-Za-z]/.test(letter)) this.fail('\\c needs a letter');
        this.pos += 1;
        return set(char(letter.charCodeAt(0) % 32));
      }
      case 'x':
      case 'u': {
        const digits = ch === 'x' ? 2 : 4;
        const hex = this.src.slice(this.pos, this.pos + digits);
        if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex))
          this.fail(`\\${ch} needs ${digits} hex digits`);
        this.pos += digits;
        return set(char(Number.parseInt(hex, 16)));
      }
      default:
        if (/[1-9]/.test(ch) || ch === 'k') this.fail('back-references');
        if (!SYNTAX_CHARS.includes(ch)) this.fail(`the escape \\${ch} (escape only characters like . ? / -)`);
        return set(char(ch.charCodeAt(0)));
    }
  }

  /** A quantifier at the position, consumed; null (nothing consumed) when there is none. */
  private quantifier(): [number, number] | null {
    const ch = this.src[this.pos];
    let bounds: [number, number] | null = null;
    if (ch === '*') bounds = [0, Number.POSITIVE_INFINITY];
    else if (ch === '+') bounds = [1, Number.POSITIVE_INFINITY];
    else if (ch === '?') bounds = [0, 1];
    if (bounds) this.pos += 1;
    else if (ch === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!match) return null;
      const min = Number(match[1]);
      const max =
        match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
      if (min > MAX_BOUND) this.fail(`a bound over ${MAX_BOUND} (write + or * instead)`);
      bounds = [min, max];
      this.pos += match[0].length;
    } else return null;
    if (this.src[this.pos] === '?') this.pos += 1;
    return bounds;
  }

  private fail(message: string): never {
    throw new PatternError(`${message} (at character ${Math.min(this.pos, this.src.length)})`, false);
  }
}
