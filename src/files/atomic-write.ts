/**
 * Replaces a file so that a reader, or a crash at any instant, sees the old content or the new,
 * never a mix: write a temporary file in the same folder, fsync it, rename it over the target,
 * then fsync the folder so the rename itself survives a power cut (write-file-atomic does the same, minus the folder fsync).
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const WINDOWS_RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

const tempName = (path: string) =>
  join(dirname(path), `${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  const tmp = tempName(path);
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

/**
 * The same, without blocking the event loop: the TUI saves the simulated cluster in its own
 * process, and its screen keeps drawing while the disk syncs (or Windows retries a rename).
 */
export async function writeFileAtomicAsync(path: string, text: string): Promise<void> {
  const tmp = tempName(path);
  const file = await open(tmp, 'wx', 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await renameWithRetryAsync(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  if (process.platform === 'win32') return;
  // As syncDir below: only the rename's durability is at stake, so a refusal is ignored.
  const dir = await open(dirname(path), 'r').catch(() => undefined);
  await dir?.sync().catch(() => undefined);
  await dir?.close();
}

async function renameWithRetryAsync(from: string, to: string): Promise<void> {
  const deadline = Date.now() + (process.platform === 'win32' ? 5_000 : 0);
  for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!WINDOWS_RETRY_CODES.has(code) || Date.now() + delay > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
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
