import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  type Language,
  type MessageKey,
  type Substitutions,
  translate,
} from '@/lib/i18n/translate';
import { languageItem } from '@/lib/storage/items';

export type Translate = (key: MessageKey, substitutions?: Substitutions) => string;

const I18nContext = createContext<{ language: Language; t: Translate }>({
  language: DEFAULT_LANGUAGE,
  t: (key, substitutions) => translate(DEFAULT_LANGUAGE, key, substitutions),
});

/** Reads the trainee's chosen language; Korean unless they chose English. */
export async function loadLanguage(): Promise<Language> {
  try {
    const value = await languageItem.getValue();
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export async function saveLanguage(language: Language): Promise<void> {
  await languageItem.setValue(language);
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
  useEffect(
    () =>
      languageItem.watch((next) => {
        if (isLanguage(next)) setLanguage(next);
      }),
    [],
  );
  const t: Translate = (key, substitutions) => translate(language, key, substitutions);
  return <I18nContext.Provider value={{ language, t }}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
