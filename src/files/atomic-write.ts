/**
 * Replaces a file so that a reader, or a crash at any instant, sees the old content or the new,
 * never a mix: write a temporary file in the same folder, fsync it, rename it over the target,
 * then fsync the folder so the rename itself survives a power cut (RELIABILITY-FACTS §4).
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const WINDOWS_RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameWithRetry(tmp, path);
  } catch (err) {
    // A full disk fails the write: leave no partial temporary file behind.
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
  syncDir(dir);
}

/** On Windows an antivirus or indexer holding the target makes rename fail for a moment. */
function renameWithRetry(from: string, to: string): void {
  const deadline = Date.now() + (process.platform === 'win32' ? 5_000 : 0);
  for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
    try {
      renameSync(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!WINDOWS_RETRY_CODES.has(code) || Date.now() + delay > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
    }
  }
}

/**
 * Folder fsync: works on Linux and macOS; Windows cannot open a folder for it, and some
 * filesystems refuse it. The rename is atomic either way; only its durability is at stake.
 */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // see above
  }
}
