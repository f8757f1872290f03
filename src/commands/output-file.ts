/**
 * A report file a command will write at its end (`check --junit FILE`), checked before any work
 * starts: finding out after a ten-minute run that the folder does not exist loses the run.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Why `path` (absolute) cannot be written, in words; undefined when it can. */
export function unwritableReason(path: string): string | undefined {
  // A device such as /dev/null or /dev/stdout is a fine place for a report: only its access counts.
  const here = kind(path);
  if (here === 'folder') return 'it is a folder';
  const dir = dirname(path);
  const parent = kind(dir);
  if (parent === 'missing') return `the folder ${dir} does not exist`;
  if (parent !== 'folder') return `${dir} is not a folder`;
  try {
    accessSync(here === 'missing' ? dir : path, constants.W_OK);
  } catch {
    return here === 'missing' ? `the folder ${dir} is not writable` : 'the file is not writable';
  }
  return undefined;
}

function kind(path: string): 'missing' | 'file' | 'folder' | 'other' {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}
