import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The CLI tests run the built dist/cli.js; global-setup builds it once.
    globalSetup: ['test/global-setup.ts'],
    // vitest empties CSS imports unless told otherwise; the room dashboard's stylesheet is imported
    // as text (`?raw`) and served to the browser, so it must arrive whole.
    css: { include: [/src\/room\/dashboard\/page\/.*\.css/] },
  },
});
