/**
 * The special built-ins that change the shell itself (POSIX XCU 2.14): exit, export, unset, cd,
 * break, continue, shift, and `:`/true/false. Built-ins the simulator does not run (read, set,
 * eval, trap, …) are refused by name, never treated as missing programs.
 */
import { ShellUnsupported } from './errors.js';
import type { Fds } from './redirect.js';

export interface ShellState {
  vars: Map<string, string>;
  exported: Set<string>;
  positional: string[];
  arg0: string;
  /** `$?`: the last command's exit status. */
  status: number;
  cwd: string;
  /** How many loops enclose the running command (`break N` stops at most this many). */
  loops: number;
}

/** `exit N`: unwinds to the enclosing (sub)shell, which ends with status N. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/** `break N` / `continue N`: unwinds N enclosing loops. */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly levels: number,
  ) {}
}

const HANDLED = new Set([':', 'true', 'false', 'exit', 'export', 'unset', 'cd', 'pwd', 'break', 'continue', 'shift']);
const REFUSED = new Set(
  (
    'read set eval exec source . trap wait local return alias command type ulimit umask getopts ' +
    'jobs fg bg times hash readonly let declare typeset'
  ).split(' '),
);

export function isBuiltin(name: string): boolean {
  if (REFUSED.has(name)) throw new ShellUnsupported(`the shell built-in \`${name}\``);
  return HANDLED.has(name);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function runBuiltin(argv: readonly string[], st: ShellState, fds: Fds, prefix: string): number {
  const [name, ...args] = argv;
  const count = (fallback: number) => {
    const n = args[0] === undefined ? fallback : Number(args[0]);
    return Number.isInteger(n) ? n : undefined;
  };
  switch (name) {
    case ':':
    case 'true':
      return 0;
    case 'false':
      return 1;
    case 'exit': {
      const n = count(st.status);
      if (n === undefined) {
        // ash: "sh: exit: Illegal number: x" and status 2.
        fds.err.write(`${prefix}exit: Illegal number: ${args[0]}\n`);
        throw new ExitSignal(2);
      }
      throw new ExitSignal(n & 255);
    }
    case 'export':
      for (const a of args) {
        const eq = a.indexOf('=');
        const key = eq === -1 ? a : a.slice(0, eq);
        if (!NAME.test(key)) {
          fds.err.write(`${prefix}export: ${key}: bad variable name\n`);
          return 2;
        }
        if (eq !== -1) st.vars.set(key, a.slice(eq + 1));
        st.exported.add(key);
      }
      return 0;
    case 'unset':
      for (const a of args.filter((a) => !a.startsWith('-'))) {
        st.vars.delete(a);
        st.exported.delete(a);
      }
      return 0;
    case 'cd': {
      const dir = args[0] ?? st.vars.get('HOME') ?? '/';
      const known = ['/', '/tmp', st.vars.get('HOME')];
      if (!known.includes(dir.replace(/\/+$/, '') || '/')) throw new ShellUnsupported(`cd ${dir}`);
      st.cwd = dir;
      st.vars.set('PWD', dir);
      return 0;
    }
    case 'pwd':
      fds.out.write(`${st.cwd}\n`);
      return 0;
    case 'break':
    case 'continue': {
      const n = count(1);
      if (n === undefined || n < 1) throw new ShellUnsupported(`${name} ${args[0]}`);
      // Outside a loop ash and dash do nothing (ash.c breakcmd clamps N to the loop depth).
      if (st.loops === 0) return 0;
      throw new LoopSignal(name, Math.min(n, st.loops));
    }
    case 'shift': {
      const n = count(1) ?? 1;
      if (n > st.positional.length) {
        fds.err.write(`${prefix}shift: can't shift that many\n`);
        return 2;
      }
      st.positional.splice(0, n);
      return 0;
    }
    default:
      throw new Error(`not a built-in: ${name}`);
  }
}
