import { chmodSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCache, writeCache } from '../../src/files/package-cache.js';
import { tempDir } from '../support/temp-dir.js';

const root = () => tempDir('meshwalk-cache-');
const dirOf = (r: string) => join(r, 'node_modules', '.cache', 'meshwalk');

describe('the package cache', () => {
  it('gives back a value only while its stamp holds', () => {
    const r = root();
    writeCache(r, 'listing', 'stamp 1', { rows: [1, 2] });
    expect(readCache(r, 'listing', 'stamp 1')).toEqual({ rows: [1, 2] });
    expect(readCache(r, 'listing', 'stamp 2')).toBeUndefined();
    expect(readCache(r, 'another key', 'stamp 1')).toBeUndefined();
  });

  it('treats a damaged file as no cache', () => {
    const r = root();
    writeCache(r, 'listing', 's', 1);
    const [file] = readdirSync(dirOf(r));
    writeFileSync(join(dirOf(r), file as string), '{ not json');
    expect(readCache(r, 'listing', 's')).toBeUndefined();
  });

  it('keeps the 64 newest files: each new set of lesson folders makes one', () => {
    const r = root();
    for (let i = 0; i < 64; i++) writeCache(r, `key ${i}`, 's', i);
    const files = readdirSync(dirOf(r));
    expect(files).toHaveLength(64);
    // One file made the oldest by far; the others all newer than it.
    files.forEach((f, i) => utimesSync(join(dirOf(r), f), 2_000_000_000 + i, 2_000_000_000 + i));
    utimesSync(join(dirOf(r), files[0] as string), 1_000_000, 1_000_000);
    writeCache(r, 'key 64', 's', 64);
    const left = readdirSync(dirOf(r));
    expect(left).toHaveLength(64);
    expect(left).not.toContain(files[0]);
    expect(readCache(r, 'key 64', 's')).toBe(64);
  });

  it('is silently skipped where the package folder is read-only', () => {
    const r = root();
    mkdirSync(join(r, 'node_modules'));
    chmodSync(join(r, 'node_modules'), 0o555);
    try {
      expect(() => writeCache(r, 'listing', 's', 1)).not.toThrow();
      expect(readCache(r, 'listing', 's')).toBe(process.getuid?.() === 0 ? 1 : undefined);
    } finally {
      chmodSync(join(r, 'node_modules'), 0o755);
    }
  });
});
