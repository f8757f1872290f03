/**
 * File-system failures around saved progress, as one line a learner can act on (exit 4: the
 * environment is not usable). The path and the errno code are always named.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExitCode, UserFacingError } from '../errors.js';

export class ProgressError extends UserFacingError {
  constructor(message: string) {
    super(message, ExitCode.environment);
    this.name = 'ProgressError';
  }
}

/** `cannot read /x/progress: a file stands where a folder belongs; move it aside, then rerun (ENOTDIR)`. */
export function describeFsError(op: 'read' | 'write', path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  const where = code === 'ENOTDIR' ? fileInTheWay(path) : path;
  return `cannot ${op} ${where}: ${what(code, where)} (${code})`;
}

/** For ENOTDIR the path named is below the culprit: the nearest ancestor that exists is a file. */
function fileInTheWay(path: string): string {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      // not there either: go up
    }
  }
  return path;
}

function what(code: string, path: string): string {
  switch (code) {
    case 'ENOTDIR':
      return `a file stands where meshwalk keeps a folder; move it aside (mv ${path} ${path}.old), then rerun`;
    case 'EISDIR':
      return 'a folder stands where a file belongs; move it aside, then rerun';
    case 'EACCES':
    case 'EPERM':
      return `permission denied; let your user read and write it (chmod -R u+rwX ${path})`;
    case 'EROFS':
      return 'the file system is read-only; point MESHWALK_HOME at a writable folder';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no space left; free some, then rerun';
    default:
      return 'the file system refused';
  }
}

/** True for errors that mean "the progress files cannot be used", not "meshwalk has a bug". */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException;
  return err instanceof Error && typeof e.code === 'string' && e.syscall !== undefined;
}
