import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider, loadLanguage } from './i18n';
import './theme.css';

/** Mounts an extension page once the trainee's language is known, so nothing flashes in the other. */
export async function renderPage(app: () => ReactNode): Promise<void> {
  const language = await loadLanguage();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing');
  createRoot(root).render(
    <StrictMode>
      <I18nProvider initial={language}>{app()}</I18nProvider>
    </StrictMode>,
  );
}
