// Bundles src/cli.tsx into dist/ with code splitting, so a command that draws no UI
// (sim, lint, list) never loads ink or React: start-up time is a product feature.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.tsx'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: 'linked',
  minify: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // ink imports react-devtools-core only when DEV is set; never bundle it.
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    // Bundled CommonJS dependencies (react) call require(); give ESM output one.
    js: "#!/usr/bin/env node\nimport { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
