import { describe, expect, it } from 'vitest';
import { readAttemptsLeft } from '@/lib/checkpoints/detect';
import { HRD_ENDPOINTS } from '@/lib/hrd/answers';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { MAX_PATTERN_INPUT, patternInput } from '@/lib/profiles/pattern-input';
import { patternProblem } from '@/lib/profiles/safe-pattern';

/** Every pattern a profile holds. */
function patternsOf(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return key === 'urlPattern' || key === 'pattern' ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => patternsOf(item, key));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, item]) => patternsOf(item, k));
  return [];
}

describe('patternProblem accepts the patterns profiles use', () => {
  it('every pattern of the bundled profiles and HRD’s endpoints', () => {
    const all = [
      ...BUNDLED_PROFILES.flatMap((profile) => patternsOf(profile)),
      ...HRD_ENDPOINTS.map((e) => e.urlPattern),
    ];
    expect(all.length).toBeGreaterThan(10);
    for (const pattern of all) expect(patternProblem(pattern), pattern).toBeNull();
  });

  it.each([
    '^/courses/(?<courseId>[\\w-]+)/sessions/(?<session>\\d+)',
    '^/x/(\\d+)$',
    '^/[^/]+/(\\d+)/?$',
    '^[^/]+/[^/]+$',
    '^(?:ab)+c',
    '^/a|^/b',
    '횟수:?\\s*(\\d+)\\s*회',
    '남은\\s*횟수\\s*(?::\\s*)?(\\d{1,2})',
    '(?:courseId|course_id)=(\\w+)',
    'a{2,3}',
    'a{',
    '',
  ])('%s', (pattern) => {
    expect(patternProblem(pattern)).toBeNull();
  });
});

describe('patternProblem refuses what can backtrack catastrophically, and says why', () => {
  it.each([
    ['^/(a|a)*$', 'branches can start alike'],
    ['^(a|ab)+$', 'branches can start alike'],
    ['(a+)+', 'nested quantifiers'],
    ['(a*)*', 'nested quantifiers'],
    ['(\\w+\\s?)+', 'nested quantifiers'],
    ['(.*a){20}', 'nested quantifiers'],
    ['(a?)+b', 'length varies'],
    ['^\\d+\\d+x', 'two repeats'],
    ['^.*x.*y', 'two repeats'],
    ['^a*b*a*c', 'two repeats'],
    ['횟수\\s*:?\\s*(\\d+)', 'two repeats'],
    ['\\d+회', 'tried from every position'],
    ['(\\d+)\\s*회', 'tried from every position'],
    ['[\\w-]+x', 'tried from every position'],
    ['a.*b', 'tried from every position'],
    ['/a|b+c', 'tried from every position'],
    ['^(?:a|a)(?:a|a)(?:a|a)(?:a|a)b', 'ambiguous choices'],
    ['^a?a?a?a?a?aaaaa', 'ambiguous choices'],
    ['ab.*c', 'tried from every position'],
    ['회{1,3}\\d.+?남{1,3}남+', 'tried from every position'],
    ['\\d{2,16}(?:[\\w-]+\\w\\/+?)', 'ambiguous choices'],
    ['^[ax]*x[ax]*y', 'two repeats'],
  ])('%s', (pattern, why) => {
    const problem = patternProblem(pattern);
    expect(problem).toContain('can backtrack catastrophically');
    expect(problem).toContain(why);
  });

  it.each([
    ['x{1000}', 'bound over 100'],
    ['(a)\\1', 'back-references'],
    ['(?=.*x)', 'lookaround'],
    ['\\p{L}', 'escape'],
  ])('%s is not supported', (pattern, why) => {
    expect(patternProblem(pattern)).toMatch(
      new RegExp(`(not supported|catastrophically).*${why.replace(/[()]/g, '\\$&')}`),
    );
  });

  it('deep nesting is analysed in time linear in its size (no pattern takes long to check)', () => {
    const deep = `^${'(?:a|'.repeat(60)}b${')'.repeat(60)}$`;
    const optional = `^${'(?:a'.repeat(60)}${')?'.repeat(60)}$`;
    for (const pattern of [deep, optional]) expect(typeof (patternProblem(pattern) ?? '')).toBe('string');
  });

  it('a pattern that does not compile says so', () => {
    expect(patternProblem('^/courses/(')).toBe('not a valid regular expression');
  });
});

describe('the length cap on what patterns see', () => {
  it('is documented as 4096 characters and cuts longer text', () => {
    expect(MAX_PATTERN_INPUT).toBe(4096);
    expect(patternInput('a'.repeat(5000))).toHaveLength(4096);
    expect(patternInput('short')).toBe('short');
  });

  it('a count stated past the cap is not read', () => {
    const rule = { pattern: '남은 횟수:?\\s*(\\d+)\\s*회', counts: 'left' } as const;
    expect(readAttemptsLeft(rule, `${' '.repeat(5000)}남은 횟수: 3회`)).toBeNull();
    expect(readAttemptsLeft(rule, `${' '.repeat(100)}남은 횟수: 3회`)).toBe(3);
  });
});
