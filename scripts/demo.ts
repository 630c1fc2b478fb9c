/**
 * `npm run demo`: starts the demo LMS on http://127.0.0.1:8610 and, when a display exists, opens
 * Chromium (or Firefox with --firefox) with the freshly built extension loaded. Without a display
 * it prints how to load the extension by hand. Ctrl+C stops everything.
 */
import path from 'node:path';
import { hrdSiteEntryPoints } from '../demo/hrd-sites';
import { startDemoLms } from '../demo/server/app';
import { type BrowserName, extensionBuildDir, launchWithExtension, ROOT } from './browsers';

const port = Number(process.env.DEMO_PORT ?? 8610);
const browserName: BrowserName = process.argv.includes('--firefox') ? 'firefox' : 'chromium';

const lms = await startDemoLms({ port, dataDir: path.join(ROOT, '.demo-data') });
console.log(`\n데모 LMS: ${lms.url}/login  (홍길동 · 010-1234-5678)`);
console.log(`HRD mOTP 데모 LMS: ${lms.hrdUrl}/login  (mOTP 앱 화면: ${lms.hrdUrl}/hrd/app)`);
console.log('HRD mOTP 연계 데모 사이트 (로그인 없음, 홍길동 · 010-1234-5678):');
for (const site of hrdSiteEntryPoints(lms.hrdSites))
  console.log(`  ${site.name}: ${site.url}  (${site.note})`);
console.log(
  'Demo LMS running. Steps: sign in → 웹 OTP 발급 → extension settings (registration) → 나의 강의실 → 수강하기.\n',
);

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
let close = async () => {
  await lms.close();
};
if (hasDisplay) {
  // The extension opens its first-run welcome (the options page) itself, as after a store install.
  const ext = await launchWithExtension(browserName, { headless: false, keepWelcome: true });
  const page = (await ext.browser.pages())[0] ?? (await ext.browser.newPage());
  await page.goto(`${lms.url}/login`);
  console.log(`${browserName} opened with the extension loaded (${ext.extensionOrigin}).`);
  ext.browser.on('disconnected', () => void close().then(() => process.exit(0)));
  close = async () => {
    await ext.close().catch(() => undefined);
    await lms.close();
  };
} else {
  console.log('No display found (DISPLAY is not set), so no browser was opened. To try it:');
  console.log(
    `  Chromium: open chrome://extensions, turn on developer mode, "Load unpacked" → ${extensionBuildDir('chromium')}`,
  );
  console.log(
    `  Firefox:  open about:debugging#/runtime/this-firefox, "Load Temporary Add-on" → ${extensionBuildDir('firefox')}/manifest.json`,
  );
  console.log('  Or run under a virtual display: xvfb-run -a npm run demo');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void close().then(() => process.exit(0)));
}
