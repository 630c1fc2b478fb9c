import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built extension (`npm run build` first) in real Chromium and Firefox ESR
 * against the demo LMS. One file at a time: two browsers at once on a 2-core machine add noise.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
