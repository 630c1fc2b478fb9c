import type { Language } from '@/lib/i18n/translate';

/** The locale dates and times are written in for the trainee's chosen language. */
export function localeOf(language: Language): 'ko-KR' | 'en-GB' {
  return language === 'ko' ? 'ko-KR' : 'en-GB';
}
