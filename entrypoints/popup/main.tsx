import './style.css';
import { renderPage } from '@/components/render-page';
import { PopupApp } from './popup-app';

void renderPage(() => <PopupApp />);
