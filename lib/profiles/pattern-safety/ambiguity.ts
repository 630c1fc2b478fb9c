/**
 * The analysis of a parsed pattern: the shapes that make a backtracking engine slow (nested or
 * ambiguous repeats, overlapping unbounded runs, rows of ambiguous choices) throw a `PatternError`.
 */
import { ANY, type CharSet, EMPTY, foldCase, overlaps, union } from './char-sets';
import { type Alternatives, type Node, PatternError, type Sequence } from './parser';

/** A bounded repeat that can take more characters than this is treated as unbounded. */
const RUN_LENGTH = 16;
/** How many ways one position may be matched through a row of ambiguous choices. */
const MAX_CHOICES = 8;

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

export class Analysis {
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
