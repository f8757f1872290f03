/**
 * The meshwalk package folder (the one with package.json, lessons/, manifests/, schema/), found
 * from this module's own location: works from src/ under vitest and tsx, and from the bundled
 * dist/cli.js or any of its chunks. Its own module, free of yaml and zod, so `meshwalk list`
 * can find its cache without loading the lesson parser. Re-exported by src/files/lesson-files.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError } from './errors.js';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'meshwalk') return (cached = dir);
      } catch {
        // an unreadable package.json further down: keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new InternalError(`cannot find the meshwalk package folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
