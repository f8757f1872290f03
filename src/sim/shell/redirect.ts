/**
 * Standard input and output as the interpreter passes them around, and redirections applied left
 * to right (POSIX XCU 2.7): `2>&1 >f` sends stderr to the old stdout, `>f 2>&1` both to f.
 * Files go to the pod's files; /dev/null, /dev/stdout and /dev/stderr are what Linux makes them.
 */
import type { Redirect } from './ast.js';
import { ShellUnsupported } from './errors.js';
import { expandString, type Expander } from './expand.js';
import type { PodFiles } from './pod-files.js';

export interface Writer {
  write(text: string): void;
}

/** Collects what is written (the script's own stdout and stderr, a pipe, a `$(…)`). */
export class Sink implements Writer {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

class FileWriter implements Writer {
  constructor(
    private readonly files: PodFiles,
    private readonly path: string,
  ) {}
  write(text: string): void {
    this.files.write(this.path, text, true);
  }
}

const DISCARD: Writer = { write: () => undefined };

/** Input read once: the first program that reads takes all of it. */
export class Stdin {
  constructor(private text: string) {}
  read(): string {
    const t = this.text;
    this.text = '';
    return t;
  }
}

export interface Fds {
  in: Stdin;
  out: Writer;
  err: Writer;
}

/** A redirection the shell reports and skips the command for (exit status 1), such as a missing input file. */
export class RedirectError extends Error {}

export function absolute(path: string, cwd: string): string {
  if (path.startsWith('/')) return path;
  return `${cwd.replace(/\/+$/, '')}/${path}`.replace(/\/\.\//g, '/');
}

export async function openRedirects(
  redirects: readonly Redirect[],
  outer: Fds,
  x: Expander,
  files: PodFiles,
  cwd: string,
): Promise<Fds> {
  const fds: Fds = { ...outer };
  for (const r of redirects) {
    const target = await expandString(r.target, x);
    if (r.op === '<') {
      if (r.fd !== 0) throw new ShellUnsupported(`the redirection ${r.fd}<`);
      const read = files.read(absolute(target, cwd));
      if ('refuse' in read) throw new ShellUnsupported(read.refuse);
      // BusyBox ash (shell/ash.c openredirect): "can't open 'F': No such file or directory".
      if ('missing' in read) throw new RedirectError(`can't open '${target}': No such file or directory`);
      fds.in = new Stdin(read.text);
      continue;
    }
    if (r.fd !== 1 && r.fd !== 2) throw new ShellUnsupported(`redirecting file descriptor ${r.fd}`);
    const key = r.fd === 1 ? 'out' : 'err';
    if (r.op === '>&') {
      if (target !== '1' && target !== '2') throw new ShellUnsupported(`the redirection ${r.fd}>&${target}`);
      fds[key] = target === '1' ? fds.out : fds.err;
      continue;
    }
    if (target === '/dev/null') fds[key] = DISCARD;
    else if (target === '/dev/stdout') fds[key] = fds.out;
    else if (target === '/dev/stderr') fds[key] = fds.err;
    else {
      const path = absolute(target, cwd);
      const w = files.write(path, '', r.op === '>>');
      if ('refuse' in w) throw new ShellUnsupported(w.refuse);
      fds[key] = new FileWriter(files, path);
    }
  }
  return fds;
}
