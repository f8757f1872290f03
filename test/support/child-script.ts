/**
 * A TypeScript child script (one that imports src/) bundled once per worker to plain JavaScript, so
 * a test can start it with `node` alone: `node --import tsx` compiles the script's whole import
 * graph again on every start, about half a CPU-second each on a 2-core machine.
 */
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const built = new Map<string, string>();

/** The path of `file` bundled to an ES module (built on first use, in the test run's temp folder). */
export function childScript(file: string): string {
  let out = built.get(file);
  if (out === undefined) {
    out = join(mkdtempSync(join(tmpdir(), 'meshwalk-child-')), basename(file).replace(/\.m?ts$/, '.mjs'));
    buildSync({
      entryPoints: [file],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'error',
      // A bundled CommonJS dependency's require() of a Node module needs a real require in ESM.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    built.set(file, out);
  }
  return out;
}
