/**
 * Reading a lesson or manifest file safely: only regular files, at most one byte over the size
 * limit, so a huge file, a pipe or a device costs nothing. A failure is a positioned problem.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { MAX_FILE_BYTES, sizeProblem } from '../lesson/limits.js';
import type { Problem } from '../lesson/problem.js';

/**
 * Reads a regular file of at most MAX_FILE_BYTES, measured while reading: a size from stat()
 * before reading proves nothing (/dev/zero reports 0 bytes and never ends; a file can grow).
 * The file is opened non-blocking, so a FIFO with no writer does not hang the open, and fstat
 * on the open descriptor (not the name, which may change) refuses anything but a regular file.
 */
export function readLimited(file: string): { text: string } | { problem: Problem } {
  const at = (message: string, code: Problem['code'] = 'read-error'): { problem: Problem } => ({
    problem: { file, line: 1, col: 1, code, message },
  });
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return at('is a folder, not a file');
    if (!stat.isFile())
      return at(`is ${kindOf(stat)}, not a regular file; lessons and manifests are read from files only`);
    const buf = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buf.length; length += n) {
      n = readSync(fd, buf, length, buf.length - length, null);
    }
    const size = sizeProblem(Math.max(length, stat.size));
    if (size) return at(size.message, size.code);
    return { text: buf.toString('utf8', 0, length) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return at(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot read the file (${code ?? String(err)})`,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}
