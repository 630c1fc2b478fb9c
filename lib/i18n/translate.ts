import en from '../../public/_locales/en/messages.json';
import ko from '../../public/_locales/ko/messages.json';
import { particleAfter } from './particles';

/**
 * The extension's locale files are the one source of every visible string: the manifest reads
 * them through `__MSG_…__`, the UI through `translate`, which also lets the trainee pick the
 * language in the options page instead of inheriting the browser's (Korean is the default).
 */
export type MessageKey = keyof typeof ko;
/**
 * The rest of the names of the keys that start with `prefix`: `MessageFamily<'kind_'>` is every
 * checkpoint kind the catalogue has a message for. The code builds such keys from a value
 * (`t(\`kind_${facts.kind}\`)`), and the type checker holds each built key to the catalogue.
 */
export type MessageFamily<Prefix extends string> = MessageKey extends infer Key
  ? Key extends `${Prefix}${infer Member}`
    ? Member
    : never
  : never;
export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'ko';

type Catalog = Record<string, { message: string } | undefined>;
const catalogs: Record<Language, Catalog> = { ko, en };

export type Substitutions = Readonly<Record<string, string | number>>;

/**
 * A placeholder, `{name}`, or a placeholder with the Korean particle that follows it, `{name|로}`:
 * the particle's form is chosen by the substituted value's last syllable (으로 after 원, 로 after 모).
 */
const PLACEHOLDER = /\{(\w+)(?:\|([^}]+))?\}/g;

/** A message with its placeholders filled; one not given stays as written. */
export function fillTemplate(template: string, substitutions: Substitutions): string {
  return template.replace(PLACEHOLDER, (whole, name: string, particle: string | undefined) => {
    if (!(name in substitutions)) return whole;
    const value = String(substitutions[name]);
    return particle ? `${value}${particleAfter(value, particle)}` : value;
  });
}

export function translate(language: Language, key: MessageKey, substitutions?: Substitutions): string {
  const template = catalogs[language][key]?.message ?? catalogs.ko[key]?.message ?? key;
  return substitutions ? fillTemplate(template, substitutions) : template;
}

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}
