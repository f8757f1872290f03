// Bundles src/cli.tsx into dist/ with code splitting, so a command that draws no UI
// (sim, lint, list) never loads ink or React: start-up time is a product feature.
//
// Files are written chunks first, entry last, each by temp-file + rename, and old chunks are
// kept for a while: a meshwalk process that is running while a rebuild happens (tests run in
// parallel) must never find a half-written file or a chunk it is about to import gone.
// The release build (`--release`, and `prepare` as npm pack/publish run it) empties dist/ first, so a
// package holds exactly one build.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { rawText } from './raw-text.mjs';

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // `npm install --omit=dev` in a clone runs this (prepare) without the bundler.
  console.error(
    'meshwalk: building dist/ needs the development dependencies (esbuild). In a clone, run ' +
      '`npm install` without --omit=dev; to use meshwalk without building it, install the published package.',
  );
  process.exit(1);
}
// The release build is minified without source maps (the installed package stays small)
// but keeps function names, so a reported stack trace still reads; development builds keep linked
// source maps.
const release = process.argv.includes('--release') || ['pack', 'publish'].includes(process.env.npm_command ?? '');
if (release) rmSync('dist', { recursive: true, force: true });

const result = await build({
  entryPoints: ['src/cli.tsx'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: release ? false : 'linked',
  minify: release,
  keepNames: release,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // ink imports react-devtools-core only when DEV is set; never bundle it.
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    // Bundled CommonJS dependencies (react) call require(); give ESM output one.
    js: "#!/usr/bin/env node\nimport { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
  plugins: [rawText],
  write: false,
  logLevel: 'warning',
});

const entry = (f) => /[\\/]dist[\\/]cli\.js(\.map)?$/.test(f.path);
const files = [...result.outputFiles.filter((f) => !entry(f)), ...result.outputFiles.filter(entry)];
const written = new Set();
for (const file of files) {
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents, { mode: file.path.endsWith('cli.js') ? 0o755 : 0o644 });
  renameSync(tmp, file.path);
  written.add(relative('dist', file.path));
}

// Drop chunks from earlier builds once they are old enough that no running process needs them.
const chunks = join('dist', 'chunks');
for (const name of readdirSync(chunks)) {
  const path = join(chunks, name);
  if (!written.has(join('chunks', name)) && Date.now() - statSync(path).mtimeMs > 10 * 60_000)
    rmSync(path, { force: true });
}
