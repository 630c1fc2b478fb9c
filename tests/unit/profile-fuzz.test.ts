/**
 * 10,000 random profiles through the schema: profiles with random and mutated fields,
 * profile-shaped records of random values, and random JSON. The schema never throws: it either
 * hands back a profile whose patterns are all safe and whose selectors all parse, or says which
 * field is wrong and why. A fixed seed in CI; a random one locally (fast-check prints it on a
 * failure, to replay with `seed`).
 */
import fc from 'fast-check';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { patternProblem } from '@/lib/profiles/safe-pattern';
import { selectorProblem } from '@/lib/profiles/safe-selector';
import { parseProfile } from '@/lib/profiles/schema';

const SEED = process.env.CI ? 20_261_202 : undefined;
const window = new Window();
afterAll(() => window.happyDOM.close());

type Json = unknown;

/** Every string under a key, with its dotted path. */
function leaves(value: Json, path: string[] = []): { path: string[]; value: Json }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [{ path, value }];
}

const isPatternKey = (key: string) => key === 'urlPattern' || key === 'pattern';
const isSelectorKey = (key: string, parent: string) =>
  /Selector$|^codeInput$|^submitButton$|^result$|^keyUriSelector$|^resultSelector$/.test(key) ||
  /^(requiredSelectors|anySelectors|pageMarkers)$/.test(parent);

const selectorPiece = fc.constantFrom(
  'a',
  'div',
  '#otp-code',
  '.x',
  '*',
  ' ',
  ' > ',
  ' + ',
  ' ~ ',
  ',',
  '[',
  ']',
  '[type=hidden]',
  '[a="b"]',
  '[src*="motp" i]',
  ':',
  '::',
  ':hover',
  ':bogus',
  ':not(',
  ':nth-child(',
  '2n+1',
  ')',
  '(',
  '{',
  '}',
  '\\',
  '"',
  "'",
  '1',
  '-',
  '|',
  '>>>',
  ':has(',
  ':is(',
);
const patternPiece = fc.constantFrom(
  'a',
  'b',
  '/',
  '^',
  '$',
  '.',
  '.*',
  '.*?',
  '\\d',
  '\\w',
  '\\s',
  '[\\w-]',
  '[^/]',
  '+',
  '*',
  '?',
  '{2}',
  '{1,3}',
  '{1000}',
  '(',
  ')',
  '(?:',
  '(?<courseId>',
  '(?=',
  '|',
  '[',
  ']',
  '\\',
  '\\1',
  '회',
  '(a|a)*',
  '(a+)+',
  '(\\d+)',
  '\\s*',
);
const joined = (piece: fc.Arbitrary<string>) =>
  fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

/** A value for a mutated field: mostly strings shaped like what the field holds. */
const fieldValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: joined(selectorPiece) },
  { weight: 3, arbitrary: joined(patternPiece) },
  { weight: 1, arbitrary: fc.string({ maxLength: 400 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 4.5, 7, 1e9) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, [], {}) },
);

type Mutation = { readonly kind: 'set' | 'delete' | 'extra'; readonly pick: number; readonly value: Json };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('set', 'set', 'set', 'set', 'delete', 'extra'),
  pick: fc.nat(),
  value: fieldValue,
});

function mutate(profile: Json, mutations: readonly Mutation[]): Json {
  const copy = JSON.parse(JSON.stringify(profile)) as Json;
  for (const { kind, pick, value } of mutations) {
    const all = leaves(copy);
    const target = all[pick % Math.max(1, all.length)];
    if (!target || target.path.length === 0) continue;
    const parentPath = target.path.slice(0, -1);
    const key = target.path[target.path.length - 1] as string;
    let parent = copy as Record<string, Json>;
    for (const part of parentPath) parent = parent[part] as Record<string, Json>;
    if (kind === 'set') parent[key] = value;
    else if (kind === 'delete') delete parent[key];
    else parent[`extra${pick % 3}`] = value;
  }
  return copy;
}

const mutatedProfile = fc
  .tuple(fc.constantFrom(...BUNDLED_PROFILES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([profile, mutations]) => mutate(profile, mutations));

/** Profile-shaped: the right keys, random values where the fields of interest are. */
const shapedProfile = fc
  .tuple(
    fc.constantFrom(...BUNDLED_PROFILES),
    fc.array(fc.tuple(fc.nat(), joined(patternPiece), joined(selectorPiece)), { maxLength: 8 }),
  )
  .map(([profile, values]) => {
    const copy = JSON.parse(JSON.stringify(profile)) as Json;
    const fields = leaves(copy).filter(({ path }) => {
      const key = path[path.length - 1] ?? '';
      return isPatternKey(key) || isSelectorKey(key, path[path.length - 2] ?? '');
    });
    for (const [pick, pattern, selector] of values) {
      const field = fields[pick % fields.length];
      if (!field) continue;
      let parent = copy as Record<string, Json>;
      for (const part of field.path.slice(0, -1)) parent = parent[part] as Record<string, Json>;
      const key = field.path[field.path.length - 1] as string;
      parent[key] = isPatternKey(key) ? pattern : selector;
    }
    return copy;
  });

const anyProfile: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: mutatedProfile },
  { weight: 3, arbitrary: shapedProfile },
  { weight: 1, arbitrary: fc.jsonValue() },
);

/**
 * A selector the browser-like DOM also accepts: a second opinion on the schema's parser. One
 * document for all: happy-dom throws on an invalid selector the first time it sees it (then it
 * caches), and the first time is the one that decides here.
 */
const doc = new window.DOMParser().parseFromString('<p></p>', 'text/html');
/**
 * Does a DOM accept the selector? happy-dom refuses escaped `( ) [ ] " ,` inside an identifier
 * (`#otp-code\(`), which CSS and both browsers accept: such an escape is one identifier character,
 * so it is checked as `_`, which stands in the same place.
 */
function domAccepts(selector: string): boolean {
  const comparable = selector.replace(/\\([\s\S])/g, (escaped, ch: string) =>
    '()[]",'.includes(ch) ? '_' : escaped,
  );
  try {
    doc.querySelector(comparable);
    return true;
  } catch {
    return false;
  }
}

describe('fuzzing the profile schema', () => {
  it('10,000 random profiles: no crash; accepted ones hold only safe patterns and parseable selectors', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyProfile, (data) => {
        const result = parseProfile(data);
        if (!result.ok) {
          expect(typeof result.error.path).toBe('string');
          expect(result.error.path).not.toBe('');
          expect(result.error.message).not.toBe('');
          return;
        }
        accepted += 1;
        for (const { path, value } of leaves(result.value)) {
          const key = path[path.length - 1] ?? '';
          if (typeof value !== 'string') continue;
          if (isPatternKey(key)) {
            expect(patternProblem(value), value).toBeNull();
            expect(() => new RegExp(value)).not.toThrow();
          }
          if (isSelectorKey(key, path[path.length - 2] ?? '')) {
            expect(selectorProblem(value), value).toBeNull();
            expect(domAccepts(value), value).toBe(true);
          }
        }
        // What the schema hands back, it accepts again unchanged.
        expect(parseProfile(result.value)).toEqual(result);
      }),
      { numRuns: 10_000, seed: SEED },
    );
    // Some mutations leave a valid profile: the accepting side is exercised too.
    expect(accepted).toBeGreaterThan(100);
  }, 120_000);
});
