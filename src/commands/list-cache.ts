/**
 * `meshwalk list` must start fast (< 150 ms), and parsing lessons means loading yaml and zod.
 * So the listing is cached under node_modules/.cache/meshwalk/, keyed by every lesson file's
 * path, size and modification time plus the meshwalk version; any change re-parses. The cache
 * is an optimisation only: every failure to read or write it is ignored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };

const FORMAT = 1;

/** What the stamp of `dir` is: every YAML file below it, with size and mtime. */
export function stampOf(dir: string): string {
  const entries: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') walk(full);
      } else if (/\.ya?ml$/.test(e.name)) {
        const st = statSync(full);
        entries.push(`${full}\t${st.size}\t${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return `${FORMAT}\t${pkg.version}\t${dir}\n${entries.sort().join('\n')}`;
}

function cacheFile(root: string, dir: string): string {
  return join(
    root,
    'node_modules',
    '.cache',
    'meshwalk',
    `list-${createHash('sha1').update(dir).digest('hex').slice(0, 16)}.json`,
  );
}

export function readCache<T>(root: string, dir: string, stamp: string): T | undefined {
  try {
    const cached = JSON.parse(readFileSync(cacheFile(root, dir), 'utf8')) as { stamp?: string; value?: T };
    return cached.stamp === stamp ? cached.value : undefined;
  } catch {
    return undefined;
  }
}

export function writeCache(root: string, dir: string, stamp: string, value: unknown): void {
  try {
    const file = cacheFile(root, dir);
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ stamp, value }));
    renameSync(tmp, file);
  } catch {
    // a read-only install: list still works, just without the cache
  }
}
