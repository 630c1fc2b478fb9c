import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { browser } from '@/lib/browser';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  type Language,
  type MessageKey,
  type Substitutions,
  translate,
} from '@/lib/i18n/translate';

const LANGUAGE_STORAGE_KEY = 'language';

export type Translate = (key: MessageKey, substitutions?: Substitutions) => string;

const I18nContext = createContext<{ language: Language; t: Translate }>({
  language: DEFAULT_LANGUAGE,
  t: (key, substitutions) => translate(DEFAULT_LANGUAGE, key, substitutions),
});

/** Reads the trainee's chosen language; Korean unless they chose English. */
export async function loadLanguage(): Promise<Language> {
  try {
    const stored = await browser.storage.local.get(LANGUAGE_STORAGE_KEY);
    const value = stored[LANGUAGE_STORAGE_KEY];
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export async function saveLanguage(language: Language): Promise<void> {
  await browser.storage.local.set({ [LANGUAGE_STORAGE_KEY]: language });
}

/** Provides `t` to the tree and follows language changes made in any other extension page. */
export function I18nProvider({
  initial,
  titleKey,
  children,
}: {
  initial: Language;
  /** The page's title, translated like everything else the trainee sees. */
  titleKey?: MessageKey;
  children: ReactNode;
}) {
  const [language, setLanguage] = useState(initial);
  useEffect(() => {
    document.documentElement.lang = language;
    if (titleKey) document.title = translate(language, titleKey);
  }, [language, titleKey]);
  useEffect(() => {
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const next = changes[LANGUAGE_STORAGE_KEY]?.newValue;
      if (area === 'local' && isLanguage(next)) setLanguage(next);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  const t: Translate = (key, substitutions) => translate(language, key, substitutions);
  return <I18nContext.Provider value={{ language, t }}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
