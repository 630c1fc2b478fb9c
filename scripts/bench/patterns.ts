/**
 * Profile patterns against their worst inputs: the schema refuses patterns that can
 * backtrack catastrophically; this searches for the slowest pattern it still accepts. Candidates
 * are the bundled profiles' patterns, hand-written near misses of the refused shapes, and random
 * patterns from a seeded generator; each accepted one runs on 10,000-character inputs built to
 * hurt it (long runs of each character it mentions, its own literals pumped, each ending in a
 * character that makes it fail). Runs in Node (V8, as Chromium); `npm run bench` includes it, and
 * `npx tsx scripts/bench/patterns.ts` runs it alone.
 */
import { performance } from 'node:perf_hooks';
import { HRD_ENDPOINTS } from '../../lib/hrd/answers';
import { BUNDLED_PROFILES } from '../../lib/profiles/bundled';
import { patternProblem } from '../../lib/profiles/safe-pattern';
import type { Row } from './report';

export const PATTERN_BENCH = {
  inputLength: 10_000,
  generated: 20_000,
  seed: 20_261_202,
  repeats: 5,
} as const;
/** The issue's target for the worst accepted pattern on a 10,000-character input. */
export const PATTERN_TARGET_MS = 5;

/** Accepted on purpose by the analyser, each close to a refused shape. */
const NEAR_MISSES = [
  '^/courses/(?<courseId>[\\w-]+)/learn(?:[/?#]|$)',
  '^(?:.*?/courses?/(?<courseId>[\\w-]+))?',
  '^(?:.*?[?&](?:courseId|course_id|crsId|crs_id)=(?<courseId>[\\w-]+))?',
  '남은 횟수:?\\s*(\\d+)\\s*회',
  '남은\\s*횟수\\s*(?::\\s*)?(\\d{1,2})\\s*회',
  '실패\\s*(\\d+)\\s*회\\s*/\\s*5\\s*회',
  '^(?:ab)+c',
  '^[^/]+/[^/]+$',
  '^/[^/]+/(\\d+)/?$',
  '^.*?x',
  '^.*x',
  '^\\d+x\\d+y',
  '^a+b+c+d',
  '^(?:a|b|c)+d',
  '^(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b)c',
  '^a?b?c?d?e?f?g?x',
  '^(?:[\\w-]{1,16}/){1,5}x',
  '^\\w{1,16}\\w{1,16}x',
  'x\\d{1,16}\\d{1,16}y',
  '/api/(?:v1|v2)/[\\w-]+$',
  '(?:courseId|course_id)=(\\w+)',
];

const PIECES = [
  'a',
  'b',
  'x',
  '/',
  '-',
  '회',
  '남',
  '\\d',
  '\\w',
  '\\s',
  '[\\w-]',
  '[^/]',
  '.',
  '[ab]',
  '\\.',
];
const QUANTIFIERS = ['', '', '', '?', '*', '+', '{1,3}', '{2,16}', '*?', '+?'];

/** A small seeded generator (mulberry32): the same candidates on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generated(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const term = (depth: number): string => {
    if (depth < 2 && next() < 0.2) {
      const branches = Array.from({ length: 1 + Math.floor(next() * 3) }, () => sequence(depth + 1));
      return `(?:${branches.join('|')})${pick(QUANTIFIERS)}`;
    }
    return `${pick(PIECES)}${pick(QUANTIFIERS)}`;
  };
  const sequence = (depth: number): string =>
    Array.from({ length: 1 + Math.floor(next() * 5) }, () => term(depth)).join('');
  return Array.from(
    { length: count },
    () => `${next() < 0.5 ? '^' : ''}${sequence(0)}${next() < 0.3 ? '$' : ''}`,
  );
}

/** Inputs built to hurt one pattern: runs of each character it can take, its literals pumped. */
function inputsFor(pattern: string, length: number): string[] {
  const probes = new Set(['a', 'b', 'x', '1', ' ', '/', '-', '_', '?', '&', '=', '회', '남']);
  const literals = pattern.replace(/\\[dws]|\[[^\]]*\]|[\\^$.*+?()[\]{}|]/g, '');
  for (const ch of literals) probes.add(ch);
  const inputs = [...probes].map((ch) => `${ch.repeat(length - 1)}!`);
  if (literals) inputs.push(`${literals.repeat(Math.ceil(length / literals.length)).slice(0, length - 1)}!`);
  inputs.push(`${'a1 /'.repeat(length / 4).slice(0, length - 1)}!`);
  return inputs;
}

function timeExec(regex: RegExp, input: string, repeats: number): number {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    regex.exec(input);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

export interface PatternBenchResult {
  readonly candidates: number;
  readonly accepted: number;
  readonly inputs: number;
  readonly worst: { readonly pattern: string; readonly input: string; readonly ms: number };
  readonly bundledWorstMs: number;
}

export function measurePatterns(config = PATTERN_BENCH): PatternBenchResult {
  const bundled = [
    ...BUNDLED_PROFILES.flatMap((profile) => [
      ...profile.checkpoints.flatMap((rule) => [rule.urlPattern, rule.form.attempts.pattern]),
      ...(profile.enrollment ? [profile.enrollment.urlPattern] : []),
      ...(profile.identityVerified ? [profile.identityVerified.urlPattern] : []),
    ]),
    ...HRD_ENDPOINTS.map((endpoint) => endpoint.urlPattern),
  ];
  const candidates = [...new Set([...bundled, ...NEAR_MISSES, ...generated(config.generated, config.seed)])];
  const accepted = candidates.filter((pattern) => patternProblem(pattern) === null);
  let worst = { pattern: '', input: '', ms: 0 };
  let bundledWorstMs = 0;
  let inputs = 0;
  for (const pattern of accepted) {
    // As the content script runs them (no flag) and as the answers' endpoints do (`i`).
    for (const regex of [new RegExp(pattern), new RegExp(pattern, 'i')]) {
      for (const input of inputsFor(pattern, config.inputLength)) {
        inputs += 1;
        // A quick look first; only what is not instant is measured properly.
        let ms = timeExec(regex, input, 1);
        if (ms > 0.2) ms = timeExec(regex, input, config.repeats);
        if (ms > worst.ms) worst = { pattern: regex.toString(), input: describeInput(input), ms };
        if (bundled.includes(pattern)) bundledWorstMs = Math.max(bundledWorstMs, ms);
      }
    }
  }
  return { candidates: candidates.length, accepted: accepted.length, inputs, worst, bundledWorstMs };
}

function describeInput(input: string): string {
  const head = input.slice(0, 12);
  return `${JSON.stringify(head)}… (${input.length} chars)`;
}

export function patternRows(result: PatternBenchResult): Row[] {
  const verdict = result.worst.ms < PATTERN_TARGET_MS ? 'PASS' : 'MISS';
  return [
    {
      section: 'Profile patterns (Node/V8, no browser)',
      measure: `worst accepted pattern on a ${PATTERN_BENCH.inputLength.toLocaleString('en')}-character input`,
      browser: '',
      target: `< ${PATTERN_TARGET_MS} ms`,
      measured: `${result.worst.ms.toFixed(2)} ms`,
      verdict,
      note: `${result.worst.pattern} on ${result.worst.input}; ${result.accepted} of ${result.candidates} candidates accepted, ${result.inputs} runs`,
    },
    {
      section: 'Profile patterns (Node/V8, no browser)',
      measure: 'worst bundled pattern on the same inputs',
      browser: '',
      target: '—',
      measured: `${result.bundledWorstMs.toFixed(2)} ms`,
      verdict: '',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const result = measurePatterns();
  for (const row of patternRows(result))
    console.log(
      `${row.measure}: ${row.measured} (target ${row.target}) ${row.verdict}${row.note ? `\n  ${row.note}` : ''}`,
    );
  console.log(`measured in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
