import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The CLI tests run the built dist/cli.js; global-setup builds it once.
    globalSetup: ['test/global-setup.ts'],
  },
});
