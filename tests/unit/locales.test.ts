import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldErrorKey } from '@/components/errors';
import { WIZARD_STEPS } from '@/entrypoints/options/wizard-steps';
import type { FormOutcome } from '@/lib/checkpoints/detect';
import { DUE_REASONS } from '@/lib/checkpoints/policy';
import { EVENT_TYPES } from '@/lib/db/schema';
import { isParticle } from '@/lib/i18n/particles';
import type { MessageFamily } from '@/lib/i18n/translate';
import { SUBMIT_METHODS } from '@/lib/messaging/protocol';
import { ERROR_CODES } from '@/lib/messaging/reply';
import type { CodeInputError } from '@/lib/otp/code-input';
import { KEY_URI_ERRORS } from '@/lib/otp/key-uri';
import { PROFILE_SOURCES, type ProfileRefusal } from '@/lib/profiles/sources';
import { CHECKPOINT_KINDS, FALLBACK_KINDS } from '@/lib/profiles/types';

const ROOT = join(import.meta.dirname, '..', '..');

type Catalog = Record<string, { message: string; description?: string }>;
const readCatalog = (language: string): Catalog =>
  JSON.parse(readFileSync(join(ROOT, 'public', '_locales', language, 'messages.json'), 'utf8'));

const ko = readCatalog('ko');
const en = readCatalog('en');
const keys = Object.keys(ko);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|html)$/.test(entry.name) ? [path] : [];
  });
}

const SOURCES = new Map(
  ['entrypoints', 'components', 'lib'].flatMap((dir) =>
    sourceFiles(join(ROOT, dir)).map((path) => [relative(ROOT, path), readFileSync(path, 'utf8')] as const),
  ),
);
const ALL_SOURCE = [...SOURCES.values()].join('\n');
const WXT_CONFIG = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');

/** The names a message substitutes: `{name}`, or `{name|로}` with the particle that follows it. */
const placeholders = (message: string) =>
  [...new Set([...message.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((match) => `{${match[1]}}`))].sort();

/**
 * A name substituted at run time followed by a particle written in the message: 로/으로, 을/를,
 * 이/가, 은/는, 과/와 depend on the name's last syllable, so such a message writes `{name|로}`.
 * A particle is one when nothing follows it or a compound ending (로서, 와의, 이나) does.
 */
const FIXED_PARTICLE = /\{\w+\}(으로|로|을|를|이|가|은|는|과|와)(?=$|[^가-힣]|서|써|부터|의|도|만|나|라)/gu;

type FieldErrorMember = FieldErrorKey extends `fieldError_${infer Member}` ? Member : never;
const NON_KEY_URI_FIELD_ERRORS = [
  'consent_missing',
  'name_empty',
  'name_tooLong',
  'name_invalidCharacters',
  'phone_invalid',
  'pin_notFourDigits',
  'pin_mismatch',
  'lmsOrigin_invalid',
  'lmsOrigin_notConfigured',
] as const satisfies readonly FieldErrorMember[];
/** Compile-time: `npm run check` fails if RegistrationFieldError gains a member not listed here. */
type UnlistedFieldError = Exclude<
  FieldErrorMember,
  (typeof NON_KEY_URI_FIELD_ERRORS)[number] | `keyUri_${string}`
>;
const FIELD_ERRORS_COMPLETE: [UnlistedFieldError] extends [never] ? true : false = true;

const CODE_INPUT_ERRORS = [
  'empty',
  'notDigits',
  'tooShort',
  'tooLong',
] as const satisfies readonly CodeInputError[];
type UnlistedCodeInputError = Exclude<CodeInputError, (typeof CODE_INPUT_ERRORS)[number]>;
const CODE_INPUT_ERRORS_COMPLETE: [UnlistedCodeInputError] extends [never] ? true : false = true;

/** FormOutcome is a type only: its members, checked for completeness at compile time. */
const FORM_OUTCOMES = [
  'success',
  'failure',
  'locked',
  'notCounted',
  'unavailable',
  'successAgain',
  'pending',
  'unknown',
  'notRegistered',
] as const satisfies readonly FormOutcome[];
type UnlistedFormOutcome = Exclude<FormOutcome, (typeof FORM_OUTCOMES)[number]>;
const FORM_OUTCOMES_COMPLETE: [UnlistedFormOutcome] extends [never] ? true : false = true;

/** The sources a profile can be refused from (ProfileRefusal['source'] is a type only). */
const REFUSABLE_SOURCES = ['policy', 'imported'] as const satisfies readonly ProfileRefusal['source'][];
type UnlistedRefusableSource = Exclude<ProfileRefusal['source'], (typeof REFUSABLE_SOURCES)[number]>;
const REFUSABLE_SOURCES_COMPLETE: [UnlistedRefusableSource] extends [never] ? true : false = true;

/** Families of keys the code builds at run time (`kind_${facts.kind}`), with the members it can build. */
const FAMILIES = {
  kind_: CHECKPOINT_KINDS,
  decision_: DUE_REASONS,
  historyLine_: EVENT_TYPES,
  historySubmitted_: FORM_OUTCOMES,
  method_: SUBMIT_METHODS,
  fallback_: FALLBACK_KINDS,
  error_: ERROR_CODES,
  fieldError_: [...NON_KEY_URI_FIELD_ERRORS, ...KEY_URI_ERRORS.map((e) => `keyUri_${e}` as const)],
  codeError_: CODE_INPUT_ERRORS,
  step_: WIZARD_STEPS,
  profileSource_: PROFILE_SOURCES,
  profileRefused_: REFUSABLE_SOURCES,
} as const satisfies Record<string, readonly string[]>;
type Families = typeof FAMILIES;
/**
 * Compile-time: each family lists exactly the members the catalogue has keys for. The code's own
 * `t(\`kind_${…}\`)` calls already fail to type-check for a member without a key; this also
 * catches a key left behind for a member that is gone.
 */
type MismatchedFamily = {
  [Prefix in keyof Families]: [
    | Exclude<MessageFamily<Prefix>, Families[Prefix][number]>
    | Exclude<Families[Prefix][number], MessageFamily<Prefix>>,
  ] extends [never]
    ? never
    : Prefix;
}[keyof Families];
const FAMILIES_MATCH_CATALOGUE: [MismatchedFamily] extends [never] ? true : false = true;
const familyEntries = Object.entries(FAMILIES) as [string, readonly string[]][];

describe('locale catalogs', () => {
  it('have the same keys in Korean and English', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    expect(keys.length).toBeGreaterThan(50);
  });

  it('have no empty messages', () => {
    for (const [language, catalog] of [
      ['ko', ko],
      ['en', en],
    ] as const) {
      for (const [key, entry] of Object.entries(catalog)) {
        expect(typeof entry.message, `${language}.${key}`).toBe('string');
        expect(entry.message.trim(), `${language}.${key}`).not.toBe('');
      }
    }
  });

  it('use the same {placeholders} in both languages', () => {
    for (const key of keys) {
      expect(placeholders(en[key]?.message ?? ''), key).toEqual(placeholders(ko[key]?.message ?? ''));
    }
  });

  it('never fix a particle after a name: {name|로} chooses 로 or 으로 by the name', () => {
    const fixed = keys.flatMap((key) =>
      [...(ko[key]?.message ?? '').matchAll(FIXED_PARTICLE)].map((match) => `${key}: ${match[0]}`),
    );
    expect(fixed).toEqual([]);
    // The check itself sees the mistake it is for, and lets the other endings be.
    expect('{name}로 돌아가기'.match(FIXED_PARTICLE)).toEqual(['{name}로']);
    expect('{name}이나 {site}와의 {count}가지 {site}에서 {count}회'.match(FIXED_PARTICLE)).toEqual([
      '{name}이',
      '{site}와',
    ]);
    for (const key of keys) {
      for (const [, particle] of (ko[key]?.message ?? '').matchAll(/\{\w+\|([^}]*)\}/g)) {
        expect(isParticle(particle ?? ''), `${key}: ${particle}`).toBe(true);
      }
    }
  });

  it('errors say what to do next, in Korean, and name no format', () => {
    const errorKeys = keys.filter((key) =>
      /^(error_|fieldError_|codeError_|pinError|profileRefused_)/.test(key),
    );
    expect(errorKeys.length).toBeGreaterThan(40);
    const formatWords = /secret|base ?32|비트|\bbits?\b|otpauth|totp|sha-?\d|\bjson\b|\bcsv\b|\bur[il]\b/i;
    for (const key of errorKeys) {
      // Every Korean error ends in an instruction (…하세요, …가져오세요), not only in what went wrong.
      expect(ko[key]?.message, key).toMatch(/세요/);
      expect(ko[key]?.message, key).not.toMatch(formatWords);
      expect(en[key]?.message, key).not.toMatch(formatWords);
    }
    for (const key of ['keyUriLabel', 'keyUriHint', 'summaryKey', 'keyRecognised']) {
      expect(`${ko[key]?.message} ${en[key]?.message}`, key).not.toMatch(formatWords);
    }
  });

  it('have keys Chrome accepts, and no $…$ the browser would try to substitute', () => {
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_]+$/);
      expect(ko[key]?.message, key).not.toMatch(/\$\w+\$/);
      expect(en[key]?.message, key).not.toMatch(/\$\w+\$/);
    }
  });

  it('Korean messages are in Korean and English ones are translated, not copied', () => {
    const hangul = /[가-힣]/;
    const untranslated = keys.filter(
      (key) => hangul.test(ko[key]?.message ?? '') && en[key]?.message === ko[key]?.message,
    );
    expect(untranslated).toEqual([]);
    expect(keys.filter((key) => hangul.test(ko[key]?.message ?? '')).length / keys.length).toBeGreaterThan(
      0.9,
    );
  });
});

describe('message keys and the code', () => {
  it('the dynamic families the code builds are the ones listed here', () => {
    const built = new Set([...ALL_SOURCE.matchAll(/`(\w+_)\$\{/g)].map((m) => m[1]));
    expect([...built].sort()).toEqual(Object.keys(FAMILIES).sort());
  });

  it('every key is used, literally or as a member of a family the code builds', () => {
    const unused = keys.filter((key) => {
      if (ALL_SOURCE.includes(`'${key}'`) || ALL_SOURCE.includes(`"${key}"`)) return false;
      if (ALL_SOURCE.includes(`__MSG_${key}__`) || WXT_CONFIG.includes(`__MSG_${key}__`)) return false;
      return !familyEntries.some(
        ([prefix, members]) => key.startsWith(prefix) && members.includes(key.slice(prefix.length)),
      );
    });
    expect(unused).toEqual([]);
  });

  it('every family key names a real member (no stale kind_, error_ … keys)', () => {
    for (const [prefix, members] of familyEntries) {
      for (const key of keys.filter((k) => k.startsWith(prefix))) {
        expect(members, key).toContain(key.slice(prefix.length));
      }
    }
  });

  it('every member of every family has a message in both languages', () => {
    for (const [prefix, members] of familyEntries) {
      for (const member of members) {
        expect(ko, `ko ${prefix}${member}`).toHaveProperty([`${prefix}${member}`, 'message']);
        expect(en, `en ${prefix}${member}`).toHaveProperty([`${prefix}${member}`, 'message']);
      }
    }
    expect(
      FIELD_ERRORS_COMPLETE &&
        CODE_INPUT_ERRORS_COMPLETE &&
        FORM_OUTCOMES_COMPLETE &&
        REFUSABLE_SOURCES_COMPLETE &&
        FAMILIES_MATCH_CATALOGUE,
    ).toBe(true);
  });
});

describe('manifest strings', () => {
  it('wxt.config.ts names the extension through __MSG_extName__ and __MSG_extDescription__', () => {
    expect(WXT_CONFIG).toContain("name: '__MSG_extName__'");
    expect(WXT_CONFIG).toContain("description: '__MSG_extDescription__'");
    expect(WXT_CONFIG).toContain("default_locale: 'ko'");
  });

  it('every __MSG_…__ in the config exists in both languages', () => {
    const used = [...WXT_CONFIG.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1] as string);
    expect(used).toEqual(expect.arrayContaining(['extName', 'extDescription']));
    for (const key of used) {
      expect(ko, key).toHaveProperty(key);
      expect(en, key).toHaveProperty(key);
    }
  });

  it('fit the stores’ limits (name ≤ 75, description ≤ 132 characters)', () => {
    for (const catalog of [ko, en]) {
      expect(catalog.extName?.message.length).toBeLessThanOrEqual(75);
      expect(catalog.extDescription?.message.length).toBeLessThanOrEqual(132);
    }
  });
});
