import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { MessageKey } from '@/lib/i18n/translate';
import { I18nProvider, loadLanguage } from './i18n';
import './theme.css';

/** Mounts an extension page once the trainee's language is known, so nothing flashes in the other. */
export async function renderPage(app: () => ReactNode, titleKey: MessageKey = 'appName'): Promise<void> {
  const language = await loadLanguage();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing');
  createRoot(root).render(
    <StrictMode>
      <I18nProvider initial={language} titleKey={titleKey}>
        {app()}
      </I18nProvider>
    </StrictMode>,
  );
}
