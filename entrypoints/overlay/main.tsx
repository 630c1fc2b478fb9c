import './style.css';
import { renderPage } from '@/components/render-page';
import { OverlayApp } from './overlay-app';

void renderPage(() => <OverlayApp />, 'overlayFrameTitle');
