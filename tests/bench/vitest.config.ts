import { defineConfig } from 'vitest/config';

/** Tests of the benchmark's own arithmetic: `npx vitest run --config tests/bench/vitest.config.ts`. */
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.test.ts'],
    environment: 'node',
  },
});
