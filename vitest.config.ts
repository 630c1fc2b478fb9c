import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** Unit tests: pure domain code runs as is; code touching `browser` gets WXT's fake browser. */
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    // The benchmark's own arithmetic is tested with the units; its timings are never asserted.
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/bench/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/setup.ts'],
  },
});
