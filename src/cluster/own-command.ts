import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The argv prefix that runs this meshwalk: node plus the built dist/cli.js of the package this
 * code was loaded from. A lesson's `meshwalk token …` must run the same version as the
 * workshop, not whatever `meshwalk` happens to be first on PATH.
 */
export function ownCommand(): [string, string] {
  cached ??= findCli();
  return [process.execPath, cached];
}

function findCli(): string {
  // Walk up from this module (src/cluster/ in tests, dist/chunks/ when bundled) to the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    // The package's own bundle, even while a rebuild has it missing: never some other script.
    if (existsSync(pkg) && isMeshwalk(pkg)) return join(dir, 'dist', 'cli.js');
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Not inside the package (should not happen): the script node was started with.
  return process.argv[1] ?? 'meshwalk';
}

function isMeshwalk(pkgPath: string): boolean {
  try {
    return (JSON.parse(readFileSync(pkgPath, 'utf8')) as { name?: unknown }).name === 'meshwalk';
  } catch {
    return false;
  }
}
