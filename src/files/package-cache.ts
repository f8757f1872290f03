/**
 * Values cached under the package's node_modules/.cache/meshwalk/, one JSON file per key, kept only
 * while their stamp holds. `meshwalk list` must start fast (< 150 ms), and parsing lessons means
 * loading yaml and zod, so the listing is cached with a stamp of every lesson file's path, size and
 * modification time plus the meshwalk version (`stampOf`); any change re-parses. The shipped
 * lessons' stagings are kept here too (shipped-stagings.ts). A cache is an optimisation only: every
 * failure to read or write it is ignored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/** Beyond this many files the oldest go: every new set of --lessons folders makes one. */
const KEPT_FILES = 64;

const cacheDir = (root: string) => join(root, 'node_modules', '.cache', 'meshwalk');

function cacheFile(root: string, key: string): string {
  return join(cacheDir(root), `${createHash('sha1').update(key).digest('hex').slice(0, 16)}.json`);
}

export function readCache<T>(root: string, key: string, stamp: string): T | undefined {
  try {
    const cached = JSON.parse(readFileSync(cacheFile(root, key), 'utf8')) as { stamp?: string; value?: T };
    return cached.stamp === stamp ? cached.value : undefined;
  } catch {
    return undefined;
  }
}

export function writeCache(root: string, key: string, stamp: string, value: unknown): void {
  try {
    const file = cacheFile(root, key);
    mkdirSync(cacheDir(root), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ stamp, value }));
    renameSync(tmp, file);
    dropOldest(cacheDir(root));
  } catch {
    // a read-only install: the caller works as well, just without the cache
  }
}

function dropOldest(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= KEPT_FILES) return;
  const byAge = names
    .flatMap((n) => {
      try {
        return [{ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }];
      } catch {
        return []; // another process dropped it first
      }
    })
    .sort((a, b) => a.mtime - b.mtime);
  for (const { path } of byAge.slice(0, byAge.length - KEPT_FILES)) rmSync(path, { force: true });
}
