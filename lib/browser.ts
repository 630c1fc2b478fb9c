/**
 * The extension API for the background and the extension pages: webextension-polyfill, whose
 * promise-returning `onMessage` listeners the background relies on in every browser. The content
 * script does not import this: it uses the browsers' own promise-based MV3 API (`wxt/browser`),
 * which keeps the polyfill (≈3 KB gzipped) off every LMS page.
 */
import browser from 'webextension-polyfill';

export type { Runtime, Storage, Tabs } from 'webextension-polyfill';
export { browser };
