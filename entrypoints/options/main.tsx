import { renderPage } from '@/components/render-page';
import { OptionsApp } from './options-app';
import './style.css';

void renderPage(() => <OptionsApp />, 'optionsTitle');
