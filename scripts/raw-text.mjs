// An esbuild plugin: `import text from './file?raw'` is the file's text, as vitest reads it. The
// room dashboard's page (src/room/dashboard/page) is plain HTML, CSS and browser modules embedded
// this way, so the bundle serves the same files the tests load.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const rawText = {
  name: 'raw-text',
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
      namespace: 'raw-text',
    }));
    build.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
      watchFiles: [args.path],
    }));
  },
};
