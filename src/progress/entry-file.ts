/**
 * Reading, writing and setting aside one progress entry file. Writes are atomic
 * (atomic-write.ts); a file that is not a valid entry is renamed aside next to itself, never
 * overwritten, so a bad entry costs that one lesson's progress and nothing else.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync } from 'node:fs';
import { unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../files/atomic-write.js';
import { parseEntry, type ProgressEntry } from './model.js';

export type ReadEntry = { kind: 'missing' } | { kind: 'ok'; entry: ProgressEntry } | { kind: 'bad'; why: string };

/** Reads one entry file. File-system failures other than "not there" and "is a folder" throw. */
export function readEntry(file: string): ReadEntry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'EISDIR') return { kind: 'bad', why: 'it is a folder, not a file' };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'bad', why: 'it is not valid JSON' };
  }
  const entry = parseEntry(json);
  return typeof entry === 'string' ? { kind: 'bad', why: entry } : { kind: 'ok', entry };
}

export function writeEntry(file: string, entry: ProgressEntry): void {
  writeFileAtomic(file, render(entry));
}

/**
 * Writes `entry` only if `file` does not exist yet, atomically: a complete temporary file is
 * hard-linked to the name, and link(2) fails when the name is taken. Where the file system has
 * no hard links, an exclusive create (`wx`) does the same with a brief window of a partial file.
 * Returns false when the file was already there.
 */
export function createEntry(file: string, entry: ProgressEntry): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  createExclusive(tmp, render(entry));
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    return createExclusive(file, render(entry));
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Renames `file` to `<file>.bad-<time>` beside it. Returns that name, or undefined when the file
 * was gone already (another meshwalk set it aside first). Should another meshwalk have saved a
 * good entry over the bad one in between, that entry is set aside instead: kept, not lost.
 */
export function setAside(file: string, now: Date): string | undefined {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  let aside = `${file}.bad-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.bad-${stamp}-${n}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return aside;
}

function render(entry: ProgressEntry): string {
  return `${JSON.stringify(entry, null, 2)}\n`;
}
