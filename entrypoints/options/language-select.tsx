import { saveLanguage, useI18n } from '@/components/i18n';
import { isLanguage, LANGUAGES } from '@/lib/i18n/translate';

/** The page's language, saved for every extension page (they follow the change at once). */
export function LanguageSelect() {
  const { t, language } = useI18n();
  return (
    <label className="options__language">
      {t('languageLabel')}{' '}
      <select
        value={language}
        data-testid="language-select"
        onChange={(event) => {
          if (isLanguage(event.target.value)) void saveLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {t(code === 'ko' ? 'languageKo' : 'languageEn')}
          </option>
        ))}
      </select>
    </label>
  );
}
