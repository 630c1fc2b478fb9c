/**
 * Renders the icon (scripts/icons/icon-svg.ts) to PNG at every size the stores ask for, with
 * headless Chromium through puppeteer-core, each size rasterised natively (not scaled down):
 *
 *   public/icon/{16,32,48,96,128}.png   picked up by WXT as the manifest's `icons`
 *   store/icon-128.png                  the store icon (Chrome Web Store; AMO accepts the same)
 *   scripts/icons/icon.svg              the large drawing, for reference and other uses
 *
 * Run: `npx tsx scripts/icons/render-icons.ts` (CHROMIUM_PATH overrides /usr/lib/chromium/chromium).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { ICON_SIZES, iconSvg } from './icon-svg';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ICON_DIR = path.join(ROOT, 'public/icon');
const STORE_DIR = path.join(ROOT, 'store');

async function main(): Promise<void> {
  mkdirSync(ICON_DIR, { recursive: true });
  mkdirSync(STORE_DIR, { recursive: true });
  writeFileSync(path.join(import.meta.dirname, 'icon.svg'), `${iconSvg(128)}\n`);

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    for (const size of ICON_SIZES) {
      await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
      await page.setContent(
        `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}
svg{display:block}</style></head><body>${iconSvg(size)}</body></html>`,
      );
      const file = path.join(ICON_DIR, `${size}.png`) as `${string}.png`;
      await page.screenshot({
        path: file,
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      console.log(`wrote ${path.relative(ROOT, file)}`);
    }
  } finally {
    await browser.close();
  }
  copyFileSync(path.join(ICON_DIR, '128.png'), path.join(STORE_DIR, 'icon-128.png'));
  console.log('wrote store/icon-128.png');
}

await main();
