import { describe, expect, it } from 'vitest';
import { HRD_WIRING_SELECTORS } from '@/lib/hrd/generic';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { selectorProblem } from '@/lib/profiles/safe-selector';

/** Every selector a profile holds, wherever it is. */
function selectorsOf(value: unknown, key = ''): string[] {
  if (typeof value === 'string')
    return /selector|Selectors|codeInput|submitButton|^result$|pageMarkers/.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => selectorsOf(item, key));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, item]) => selectorsOf(item, k));
  return [];
}

describe('selectorProblem accepts what both browsers accept', () => {
  it.each([
    'a',
    '*',
    '#otp-code',
    '.otp-box .otp-box-lead',
    'a b > c + d ~ e',
    'a  >  b',
    ' a ',
    'input[placeholder="mOTP 번호를 입력하세요"]',
    "input[name='otp']",
    'script[src*="motp" i]',
    '[data-outcome=success]',
    '[a|=b]',
    '[a^="x"][b$="y"][c~="z"]',
    'input[maxlength="6"]:not([type=hidden]):not([type=checkbox]):not([type=radio])',
    '#btnMotpAuth, .btn-auth',
    '.a\\:b',
    '#\\31 23',
    '#--x',
    '.-a',
    '._x',
    '.과정',
    'p:first-child:hover',
    'a:NOT(b)',
    'li:nth-child(odd)',
    'li:nth-child(2n+1)',
    'li:nth-child( -n + 3 )',
    'li:nth-child(n-1)',
    'li:nth-last-of-type(3)',
    'li:nth-child(2n+1 of .x, p)',
    'div:has(> iframe[src*="hrdkorea" i])',
    ':is(h1, h2) :where(.title)',
    'p:lang(ko)',
    'input:placeholder-shown',
  ])('%s', (selector) => {
    expect(selectorProblem(selector)).toBeNull();
  });

  it('every selector of the bundled profiles and HRD’s wiring', () => {
    const all = [...BUNDLED_PROFILES.flatMap((profile) => selectorsOf(profile)), ...HRD_WIRING_SELECTORS];
    expect(all.length).toBeGreaterThan(20);
    for (const selector of all) expect(selectorProblem(selector), selector).toBeNull();
  });
});

describe('selectorProblem refuses what a browser refuses, and says why', () => {
  it.each([
    ['.x:::bogus', 'pseudo-element'],
    ['div::before', 'pseudo-element'],
    ['a:before', 'pseudo-element'],
    ['a[', 'attribute name'],
    ['a[b', 'attribute selector'],
    ['a[b=', 'attribute value'],
    ['a[b="c', 'not closed'],
    ['input[maxlength=6]', 'attribute value'],
    ['[x=y z]', 'flag'],
    [':nth-child(', 'step'],
    ['li:nth-child(2n-)', 'expected )'],
    ['li:nth-child(2n+1of .x)', 'expected )'],
    ['a:not(', 'missing'],
    [':is(a,,b)', 'missing'],
    ['div >', 'missing'],
    ['a ~', 'missing'],
    ['a,', 'missing'],
    ['> div', 'unexpected ">"'],
    ['div >> p', 'unexpected ">"'],
    ['#otp-submit >>> button', 'unexpected ">"'],
    ['.x:bogus', ':bogus'],
    ['a:hover(', ':hover()'],
    ['a:-webkit-autofill', 'pseudo-class name'],
    ['a:has(:has(b))', ':has()'],
    ['#1a', 'id'],
    ['#-1', 'id'],
    ['.1a', 'class'],
    ['a !b', 'unexpected "!"'],
    ['a{}', 'unexpected "{"'],
    ['.video-check { display: none }', 'unexpected "{"'],
    ['a;b', 'unexpected ";"'],
    ['a\\', 'unexpected "\\"'],
    ['a)', 'unexpected ")"'],
    ['*|a', 'namespaces'],
    ['[a|b]', 'namespaces'],
    ['/* x */ a', 'comments'],
    ['   ', 'missing'],
  ])('%s', (selector, why) => {
    const problem = selectorProblem(selector);
    expect(problem).toContain(why);
    expect(problem).toMatch(/at character \d+/);
  });

  it('deep nesting is refused before it costs anything', () => {
    expect(selectorProblem(`${':is('.repeat(20)}a${')'.repeat(20)}`)).toContain('nested');
  });
});
