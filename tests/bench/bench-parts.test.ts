import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { roundOrder, SIDES } from '../../scripts/bench/page-overhead';
import { ratioVerdict } from '../../scripts/bench/results';
import { entrypointSizes } from '../../scripts/bench/sizes';

describe('bench rounds', () => {
  it('puts every side first, second and last equally often over six rounds', () => {
    const positions = new Map(SIDES.map((side) => [side, [0, 0, 0]]));
    for (let round = 0; round < 6; round++) {
      const order = roundOrder(round);
      expect([...order].sort()).toEqual([...SIDES].sort());
      order.forEach((side, index) => {
        (positions.get(side) as number[])[index] += 1;
      });
    }
    for (const counts of positions.values()) expect(counts).toEqual([2, 2, 2]);
  });
});

describe('ratio verdicts', () => {
  const ratio = (value: number, low: number, high: number) => ({
    ratio: value,
    low,
    high,
    pairP10: low,
    pairP90: high,
  });
  it('judges a ratio by its interval', () => {
    expect(ratioVerdict(ratio(1.0, 0.98, 1.02), 1.03)).toBe('PASS');
    expect(ratioVerdict(ratio(1.01, 0.95, 1.08), 1.03)).toBe('PASS*');
    expect(ratioVerdict(ratio(1.05, 0.99, 1.1), 1.03)).toBe('MISS?');
    expect(ratioVerdict(ratio(1.3, 1.2, 1.4), 1.03)).toBe('MISS');
  });
});

describe('entrypoint sizes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-sizes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows pages to their scripts, styles and imported chunks', () => {
    mkdirSync(path.join(dir, 'chunks'));
    mkdirSync(path.join(dir, 'assets'));
    mkdirSync(path.join(dir, 'content-scripts'));
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        background: { service_worker: 'background.js' },
        content_scripts: [{ js: ['content-scripts/checkpoint.js'] }],
        action: { default_popup: 'popup.html' },
        web_accessible_resources: [{ resources: ['overlay.html'] }],
      }),
    );
    writeFileSync(path.join(dir, 'background.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'content-scripts/checkpoint.js'), '(() => {})();');
    writeFileSync(
      path.join(dir, 'popup.html'),
      '<script type="module" src="/chunks/popup.js"></script><link rel="stylesheet" href="/assets/popup.css">',
    );
    writeFileSync(path.join(dir, 'overlay.html'), '<script type="module" src="/chunks/overlay.js"></script>');
    writeFileSync(path.join(dir, 'chunks/popup.js'), 'import{a}from"./shared.js";a();');
    writeFileSync(path.join(dir, 'chunks/overlay.js'), 'import"./shared.js";');
    writeFileSync(path.join(dir, 'chunks/shared.js'), 'export const a=()=>1;');
    writeFileSync(path.join(dir, 'assets/popup.css'), 'body{}');

    const sizes = Object.fromEntries(entrypointSizes(dir).map((size) => [size.entrypoint, size.files]));
    expect(sizes).toEqual({
      background: ['background.js'],
      'content script (checkpoint)': ['content-scripts/checkpoint.js'],
      'popup page': ['assets/popup.css', 'chunks/popup.js', 'chunks/shared.js', 'popup.html'],
      'overlay page': ['chunks/overlay.js', 'chunks/shared.js', 'overlay.html'],
    });
  });
});
