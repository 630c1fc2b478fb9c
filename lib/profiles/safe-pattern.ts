/**
 * Profile patterns that cannot backtrack catastrophically (issue 10: `^/(a|a)*$` froze the LMS tab
 * on a URL of 26 `a`s). Browsers' regular expressions backtrack; rather than bring another engine
 * into the content script, the schema refuses the shapes that make a backtracking engine slow:
 *
 * - a repeat inside a repeat (`(a+)+`, `(a*)*`, `(\w+\s?)+`, `(.*a){20}`), and a repeated group
 *   whose length varies or whose branches can start alike (`(a|a)*`, `(a|ab)+`, `(a?)+`);
 * - two unbounded repeats that can take the same characters with only such characters between
 *   them, when the pattern can still fail after them (`\d+\d+x`, `.*x.*y`, `\s*:?\s*\d`), and a
 *   pattern without `^` that starts so (`\d+회`, `[\w-]+x`): it is tried from every position;
 * - more than a few ambiguous choices in a row (`(a|a)(a|a)…`, `a?a?a?…a`), bounds over 100,
 *   back-references, and repeats inside lookarounds.
 *
 * Patterns are read with the syntax `new RegExp(pattern)` reads (no flags; the answers' endpoint
 * patterns run with `i`, which the analysis covers by folding ASCII case). What it cannot read
 * it refuses. The schema also caps the text a pattern is run on (`./pattern-input.ts`).
 */

/** A repeat bound above this is refused: write `+` or `*`, which the analysis can reason about. */
const MAX_BOUND = 100;
/** A bounded repeat that can take more characters than this is treated as unbounded. */
const RUN_LENGTH = 16;
/** How many ways one position may be matched through a row of ambiguous choices. */
const MAX_CHOICES = 8;

// ---- character sets: sorted, disjoint, inclusive ranges of UTF-16 code units ----

type CharSet = readonly (readonly [number, number])[];

const EMPTY: CharSet = [];
const ANY: CharSet = [[0, 0xffff]];

function normalize(ranges: (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

const union = (...sets: CharSet[]): CharSet => normalize(sets.flat() as [number, number][]);

function negate(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

function intersect(a: CharSet, b: CharSet): CharSet {
  const out: [number, number][] = [];
  for (const [alo, ahi] of a) {
    for (const [blo, bhi] of b) {
      const lo = Math.max(alo, blo);
      const hi = Math.min(ahi, bhi);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return normalize(out);
}

const overlaps = (a: CharSet, b: CharSet) => intersect(a, b).length > 0;

/** Adds the other ASCII case of every letter (the `i` flag); over-approximates, which is safe. */
function foldCase(set: CharSet): CharSet {
  const extra: [number, number][] = [];
  for (const [lo, hi] of set) {
    for (const [from, to, shift] of [
      [65, 90, 32],
      [97, 122, -32],
    ] as const) {
      const l = Math.max(lo, from);
      const h = Math.min(hi, to);
      if (l <= h) extra.push([l + shift, h + shift]);
    }
  }
  return union(set, extra);
}

const char = (code: number): CharSet => [[code, code]];
const DIGIT: CharSet = [[48, 57]];
const WORD: CharSet = union(DIGIT, [[65, 90]], [[95, 95]], [[97, 122]]);
const SPACE: CharSet = union(
  [[9, 13]],
  char(32),
  char(0xa0),
  char(0x1680),
  [[0x2000, 0x200a]],
  [[0x2028, 0x2029]],
  char(0x202f),
  char(0x205f),
  char(0x3000),
  char(0xfeff),
);
const DOT: CharSet = negate(union(char(10), char(13), [[0x2028, 0x2029]]));

// ---- syntax tree ----

type Node =
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
type Sequence = readonly Node[];
type Alternatives = readonly Sequence[];

class PatternError extends Error {
  constructor(
    message: string,
    readonly unsafe: boolean,
  ) {
    super(message);
  }
}

const SYNTAX_CHARS = '^$\\.*+?()[]{}|/-';

class PatternParser {
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

// ---- analysis ----

interface Facts {
  readonly min: number;
  readonly max: number;
  /** Characters the node can start with. */
  readonly first: CharSet;
  /** Characters the node can take anywhere. */
  readonly chars: CharSet;
  /** Contains a repeat (`*`, `+`, `{n,m}` with m > 1). */
  readonly repeats: boolean;
  /** Can take an unbounded (or long) run of characters in more than one way of splitting it. */
  readonly run: boolean;
}

const ZERO: Facts = { min: 0, max: 0, first: EMPTY, chars: EMPTY, repeats: false, run: false };

class Analysis {
  private choices = 1;

  constructor(private readonly src: string) {}

  top(alternatives: Alternatives): void {
    this.alternatives(alternatives, EMPTY, false, false, true);
  }

  /** `tailFails`: what comes after the node can still fail (not so at the pattern's end). */
  private facts(node: Node, follow: CharSet, inRepeat: boolean, tailFails: boolean): Facts {
    switch (node.type) {
      case 'char': {
        const set = foldCase(node.set);
        return { min: 1, max: 1, first: set, chars: set, repeats: false, run: false };
      }
      case 'assert':
        return ZERO;
      case 'look': {
        for (const sequence of node.body) {
          const facts = this.sequence(sequence, true, false, ANY, true);
          if (facts.repeats) this.fail('a repeat inside a lookaround', 0);
        }
        return ZERO;
      }
      case 'group':
        return this.alternatives(node.body, follow, inRepeat, tailFails);
      case 'repeat': {
        const repeating = node.max > 1;
        const body = this.facts(
          node.body,
          repeating ? union(follow, ANY) : follow,
          inRepeat || repeating,
          tailFails || repeating,
        );
        if (repeating) {
          if (body.repeats) this.fail('a repeat inside a repeat (nested quantifiers)', node.at);
          if (body.min !== body.max || body.max === 0)
            this.fail('a repeated group whose length varies (it can split the same text many ways)', node.at);
        }
        const max = body.max === 0 ? 0 : node.max * body.max;
        // An optional part is a choice: it matters when what follows can start like it.
        if (node.min < node.max && !repeating && overlaps(body.first, follow)) this.choose(2, node.at);
        return {
          min: node.min * body.min,
          max,
          first: body.first,
          chars: body.chars,
          repeats: body.repeats || repeating,
          run: body.run || (node.min !== node.max && max > RUN_LENGTH),
        };
      }
    }
  }

  /** `fromEverywhere`: these are the pattern's own branches, tried from every position unless `^`. */
  private alternatives(
    alternatives: Alternatives,
    follow: CharSet,
    inRepeat: boolean,
    tailFails: boolean,
    fromEverywhere = false,
  ): Facts {
    const all = alternatives.map((sequence) =>
      this.sequence(sequence, inRepeat, fromEverywhere && !startsAnchored(sequence), follow, tailFails),
    );
    if (all.length === 1) return all[0] as Facts;
    // Each branch can start with its own first characters, and with what follows when it can be empty.
    const starts = all.map((facts) => (facts.min === 0 ? union(facts.first, follow) : facts.first));
    const literal = alternatives.map(literalText);
    let ambiguous = 0;
    starts.forEach((start, i) => {
      const clash = starts.some((other, j) => {
        if (i === j || !overlaps(start, other)) return false;
        const [a, b] = [literal[i], literal[j]];
        // Two fixed words clash only when one begins the other ("course" and "courses").
        return a === undefined || b === undefined || a.startsWith(b) || b.startsWith(a);
      });
      if (clash) ambiguous += 1;
    });
    if (ambiguous > 1) {
      if (inRepeat) this.fail('a repeated group whose branches can start alike', 0);
      this.choose(ambiguous, 0);
    }
    return {
      min: Math.min(...all.map((facts) => facts.min)),
      max: Math.max(...all.map((facts) => facts.max)),
      first: union(...all.map((facts) => facts.first)),
      chars: union(...all.map((facts) => facts.chars)),
      repeats: all.some((facts) => facts.repeats),
      run: all.some((facts) => facts.run),
    };
  }

  /**
   * A sequence's facts, and its runs checked against each other: a run followed (through parts
   * that can take the same characters, or be empty) by another run over some of those characters
   * splits a long stretch of them in quadratically many ways — slow whenever the pattern can still
   * fail afterwards. `fromEverywhere`: the pattern has no `^`, and the engine's tries from every
   * position act as a leading run over any character.
   */
  private sequence(
    sequence: Sequence,
    inRepeat: boolean,
    fromEverywhere: boolean,
    follow: CharSet,
    tailFails: boolean,
  ): Facts {
    const mandatory = (node: Node, facts: Facts) =>
      facts.min > 0 || node.type === 'assert' || node.type === 'look';
    const peeked = sequence.map(shape);
    const failsAfter = (index: number) =>
      tailFails ||
      sequence.slice(index + 1).some((node, k) => mandatory(node, peeked[index + 1 + k] as Facts));
    const items = sequence.map((node, index) =>
      this.facts(
        node,
        union(
          firstOf(sequence.slice(index + 1), (_n, k) => peeked[index + 1 + k] as Facts),
          follow,
        ),
        inRepeat,
        failsAfter(index),
      ),
    );
    // A long run that can still fail, with everything before it takeable by the run itself: the
    // engine's tries from the following positions rescan the same stretch, quadratically.
    if (fromEverywhere) {
      items.forEach((item, j) => {
        if (item.min === item.max || !(isCompound(sequence[j]) || failsAfter(j))) return;
        const before = items.slice(0, j).filter((other) => other.min > 0);
        if (!before.every((other) => overlaps(other.chars, item.chars))) return;
        // A short one is retried from every position too: its ways count.
        if (!item.run) this.choose(item.max - item.min + 1, atOf(sequence[j]));
        else
          this.fail(
            'starts with a repeat that is tried from every position and rescans the same text (begin with ^, or with a word the repeat cannot take)',
            atOf(sequence[j]),
          );
      });
    }
    // Parts whose length varies, each against the later ones that can take the same characters
    // with only such characters between them: two long ones split a long stretch quadratically;
    // a short one multiplies the ways.
    items.forEach((own, i) => {
      if (own.min === own.max) return;
      for (let j = i + 1; j < items.length; j += 1) {
        const item = items[j] as Facts;
        if (
          item.min !== item.max &&
          overlaps(own.chars, item.first) &&
          (isCompound(sequence[j]) || failsAfter(j))
        ) {
          if (own.run && item.run)
            this.fail(
              'two repeats can take the same characters (merge them, or put a different character between)',
              atOf(sequence[j]),
            );
          this.choose(Math.min(own.max - own.min, item.max - item.min) + 1, atOf(sequence[j]));
        }
        if (item.min > 0 && !overlaps(own.chars, item.chars)) break;
      }
    });
    let min = 0;
    let max = 0;
    for (const item of items) {
      min += item.min;
      max += item.max;
    }
    return {
      min,
      max,
      first: firstOf(sequence, (_node, index) => items[index] as Facts),
      chars: union(...items.map((item) => item.chars)),
      repeats: items.some((item) => item.repeats),
      run: items.some((item) => item.run),
    };
  }

  private choose(ways: number, at: number): void {
    this.choices *= ways;
    if (this.choices > MAX_CHOICES)
      this.fail('too many ambiguous choices in a row (optional parts or branches that start alike)', at);
  }

  private fail(message: string, at: number): never {
    throw new PatternError(
      at > 0 ? `${message} (at character ${Math.min(at, this.src.length)})` : message,
      true,
    );
  }
}

/** Lengths and characters of a node, without any check (for what follows a part). */
function shape(node: Node): Facts {
  switch (node.type) {
    case 'char': {
      const set = foldCase(node.set);
      return { min: 1, max: 1, first: set, chars: set, repeats: false, run: false };
    }
    case 'assert':
    case 'look':
      return ZERO;
    case 'group': {
      const all = node.body.map((sequence) => {
        const parts = sequence.map(shape);
        return {
          min: parts.reduce((sum, part) => sum + part.min, 0),
          max: parts.reduce((sum, part) => sum + part.max, 0),
          first: firstOf(sequence, (_n, k) => parts[k] as Facts),
          chars: union(...parts.map((part) => part.chars)),
        };
      });
      return {
        min: Math.min(...all.map((facts) => facts.min)),
        max: Math.max(...all.map((facts) => facts.max)),
        first: union(...all.map((facts) => facts.first)),
        chars: union(...all.map((facts) => facts.chars)),
        repeats: false,
        run: false,
      };
    }
    case 'repeat': {
      const body = shape(node.body);
      return { ...body, min: node.min * body.min, max: body.max === 0 ? 0 : node.max * body.max };
    }
  }
}

function firstOf(sequence: Sequence, factsOf: (node: Node, index: number) => Facts): CharSet {
  const parts: CharSet[] = [];
  for (const [index, node] of sequence.entries()) {
    const facts = factsOf(node, index);
    parts.push(facts.first);
    if (facts.min > 0) break;
  }
  return union(...parts);
}

/** A group or a repeated group: it can still fail inside after a run of its own. */
function isCompound(node: Node | undefined): boolean {
  return node?.type === 'group' || (node?.type === 'repeat' && node.body.type !== 'char');
}

function startsAnchored(sequence: Sequence): boolean {
  const first = sequence[0];
  return first?.type === 'assert' && first.start;
}

function atOf(node: Node | undefined): number {
  return node?.type === 'repeat' ? node.at + 1 : 0;
}

/** The fixed text a branch matches, when it is only literal characters. */
function literalText(sequence: Sequence): string | undefined {
  let text = '';
  for (const node of sequence) {
    if (node.type !== 'char' || node.set.length !== 1 || node.set[0]?.[0] !== node.set[0]?.[1])
      return undefined;
    text += String.fromCharCode(node.set[0]?.[0] ?? 0).toLowerCase();
  }
  return text;
}

/**
 * Why a pattern is unsafe or unreadable for a profile, or null when it is fine. Pure and cheap
 * (patterns are at most 300 characters); it never runs the pattern.
 */
export function patternProblem(pattern: string): string | null {
  const known = checked.get(pattern);
  if (known !== undefined) return known;
  const problem = analyse(pattern);
  // Profiles repeat their patterns (one per rule, the same in every rule): each is read once.
  if (checked.size >= 500) checked.clear();
  checked.set(pattern, problem);
  return problem;
}

const checked = new Map<string, string | null>();

function analyse(pattern: string): string | null {
  try {
    new RegExp(pattern);
  } catch {
    return 'not a valid regular expression';
  }
  try {
    const tree = new PatternParser(pattern).parse();
    new Analysis(pattern).top(tree);
    return null;
  } catch (error) {
    if (error instanceof PatternError)
      return `can backtrack catastrophically or is not supported: ${error.message}`;
    throw error;
  }
}
