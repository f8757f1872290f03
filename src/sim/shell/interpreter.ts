/**
 * Runs a parsed script (POSIX XCU 2.9): and-or lists by exit status, pipelines stage by stage (each
 * stage's output is the next one's input; every stage runs in a subshell, as ash and dash do),
 * redirections left to right, `exit`, loops and conditionals. Programs come from the caller's
 * lookup, so the same interpreter serves every image. The interpreter touches nothing itself.
 */
import type { Command, List, Pipeline, Word } from './ast.js';
import type { ProcessResult } from '../types.js';
import { NOT_SIMULATED_EXIT } from '../types.js';
import { type Dialect, ShellSyntaxError, ShellUnsupported, syntaxMessage } from './errors.js';
import { expandFields, expandString, type Expander } from './expand.js';
import { parseScript } from './parser.js';
import type { Lookup, ShellProgram } from './program.js';
import type { PodFiles } from './pod-files.js';
import { Sink, Stdin, type Fds, openRedirects, RedirectError } from './redirect.js';
import { runBuiltin, isBuiltin, ExitSignal, LoopSignal, type ShellState } from './builtins.js';
import { assertNever } from '../../errors.js';

export interface ShellConfig {
  dialect: Dialect;
  /** Programs the shell itself provides (echo, printf, test, `[` in ash, dash and bash). */
  builtins: Readonly<Record<string, ShellProgram>>;
  lookup: Lookup;
  files: PodFiles;
  /** The exported environment the shell starts with. */
  env: Readonly<Record<string, string>>;
  /** Variables the simulator cannot know (a Secret's value), and why; reading one is refused. */
  unknown?: Readonly<Record<string, string>>;
  /** $0 and $1 …: `sh -c SCRIPT NAME ARG…`. */
  arg0: string;
  args: readonly string[];
  cwd: string;
}

const SUBSET_HINT = 'the shell in simulated pods runs the POSIX subset listed in the README (Shell inside pods)';
type Simple = Extract<Command, { kind: 'simple' }>;

const YOUR_VARIABLE = 'if it is a variable of your own shell, put its value in the command';
/** More iterations than any page's loop needs: a `while true` loop would never end for real either. */
const MAX_ITERATIONS = 1000;
/** A program saying "meshwalk sim: … is not simulated" stops the whole script: what follows would be a guess. */
class Refused extends Error {}

export async function runScript(src: string, config: ShellConfig, stdin: string): Promise<ProcessResult> {
  const stdout = new Sink();
  const stderr = new Sink();
  // Every POSIX shell sets IFS and PWD at startup (XCU 2.5.3); ash and dash export PWD.
  const vars = new Map([...Object.entries(config.env), ['PWD', config.cwd], ['IFS', ' \t\n']]);
  const state: ShellState = {
    vars,
    exported: new Set([...Object.keys(config.env), 'PWD']),
    positional: [...config.args],
    arg0: config.arg0,
    status: 0,
    cwd: config.cwd,
    loops: 0,
  };
  const done = (exitCode: number): ProcessResult => ({ stdout: stdout.text, stderr: stderr.text, exitCode });
  try {
    const list = parseScript(src);
    const shell = new Shell(config);
    return done(await shell.list(list, state, { in: new Stdin(stdin), out: stdout, err: stderr }));
  } catch (e) {
    if (e instanceof ExitSignal) return done(e.code);
    if (e instanceof ShellSyntaxError) {
      return { stdout: '', stderr: `${syntaxMessage(e, config.dialect)}\n`, exitCode: 2 };
    }
    if (e instanceof ShellUnsupported) {
      stderr.write(`meshwalk sim: ${e.message} is not simulated; ${e.hint ?? SUBSET_HINT}\n`);
      return done(NOT_SIMULATED_EXIT);
    }
    if (e instanceof Refused) {
      stderr.write(e.message);
      return done(NOT_SIMULATED_EXIT);
    }
    throw e;
  }
}

class Shell {
  constructor(private readonly config: ShellConfig) {}

  async list(list: List, st: ShellState, fds: Fds): Promise<number> {
    for (const andOr of list) {
      let status = await this.pipeline(andOr.first, st, fds);
      st.status = status;
      for (const { op, pipeline } of andOr.rest) {
        if ((op === '&&') !== (status === 0)) continue;
        status = await this.pipeline(pipeline, st, fds);
        st.status = status;
      }
    }
    return st.status;
  }

  private async pipeline(p: Pipeline, st: ShellState, fds: Fds): Promise<number> {
    let status: number;
    if (p.commands.length === 1) status = await this.command(p.commands[0]!, st, fds);
    else {
      let input = fds.in;
      status = 0;
      for (const [i, cmd] of p.commands.entries()) {
        const last = i === p.commands.length - 1;
        const pipe = new Sink();
        const out = last ? fds.out : pipe;
        status = await this.subshell(() => this.command(cmd, cloneState(st), { in: input, out, err: fds.err }));
        input = new Stdin(pipe.text);
      }
    }
    return p.negate ? (status === 0 ? 1 : 0) : status;
  }

  private async subshell(run: () => Promise<number>): Promise<number> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (e instanceof LoopSignal) return 0;
      throw e;
    }
  }

  private expander(st: ShellState, fds: Fds): Expander {
    const unknown = this.config.unknown ?? {};
    return {
      param: (name, orUnset) => {
        if (name in unknown && st.vars.get(name) === undefined) {
          throw new ShellUnsupported(`the variable ${name} (${unknown[name]})`);
        }
        if (name === '?') return String(st.status);
        if (name === '#') return String(st.positional.length);
        if (name === '0') return st.arg0;
        if (/^\d+$/.test(name)) return st.positional[Number(name) - 1];
        // A pid is a number the simulator cannot know; a script only uses it in file names.
        if (name === '$') return '1';
        if (name === '!' || name === '-') throw new ShellUnsupported(`the parameter $${name}`);
        const value = st.vars.get(name);
        // Unset in the pod, it would expand to nothing; but a page's `"… $TCP_ECHO_IP …"` script is
        // the learner's shell variable that reached the pod unexpanded: refuse rather than guess.
        if (value === undefined && !orUnset) {
          throw new ShellUnsupported(`the variable $${name} (not set in the pod)`, YOUR_VARIABLE);
        }
        return value;
      },
      positional: () => st.positional,
      substitute: async (part) => {
        const out = new Sink();
        const sub = cloneState(st);
        const status = await this.subshell(() => this.list(part.body, sub, { in: new Stdin(''), out, err: fds.err }));
        st.status = status;
        return out.text.replace(/\n+$/, '');
      },
      assign: (name, value) => void st.vars.set(name, value),
    };
  }

  private async command(cmd: Command, st: ShellState, outer: Fds): Promise<number> {
    const x = this.expander(st, outer);
    let fds: Fds;
    try {
      fds = await openRedirects(cmd.redirects, outer, x, this.config.files, st.cwd);
    } catch (e) {
      if (!(e instanceof RedirectError)) throw e;
      outer.err.write(`${this.prefix()}${e.message}\n`);
      return 1;
    }
    switch (cmd.kind) {
      case 'simple':
        return this.simple(cmd, st, fds, x);
      case 'subshell':
        return this.subshell(() => this.list(cmd.body, cloneState(st), fds));
      case 'group':
        return this.list(cmd.body, st, fds);
      case 'if': {
        for (const b of cmd.branches) if ((await this.list(b.cond, st, fds)) === 0) return this.list(b.body, st, fds);
        return cmd.otherwise ? this.list(cmd.otherwise, st, fds) : 0;
      }
      case 'for': {
        const items = cmd.items ? await fieldsOf(cmd.items, x) : [...st.positional];
        let status = 0;
        for (const item of items) {
          st.vars.set(cmd.name, item);
          const r = await this.loopBody(cmd.body, st, fds);
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      case 'while': {
        let status = 0;
        for (let n = 0; ; n++) {
          if (n >= MAX_ITERATIONS) throw new ShellUnsupported(`a loop running more than ${MAX_ITERATIONS} times`);
          const c = await this.list(cmd.cond, st, fds);
          if ((c === 0) === cmd.until) break;
          const r = await this.loopBody(cmd.body, st, fds);
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      default:
        return assertNever(cmd, 'command');
    }
  }

  private async loopBody(body: List, st: ShellState, fds: Fds): Promise<{ status: number; stop: boolean }> {
    st.loops++;
    try {
      return { status: await this.list(body, st, fds), stop: false };
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (e.levels > 1) throw new LoopSignal(e.kind, e.levels - 1);
      return { status: 0, stop: e.kind === 'break' };
    } finally {
      st.loops--;
    }
  }

  private async simple(cmd: Simple, st: ShellState, fds: Fds, x: Expander): Promise<number> {
    const words = await fieldsOf(cmd.words, x);
    const assigned: [string, string][] = [];
    for (const a of cmd.assigns) assigned.push([a.name, await expandString(a.value, x)]);
    if (words.length === 0) {
      for (const [k, v] of assigned) st.vars.set(k, v);
      // A bare assignment's status is that of its last command substitution (XCU 2.9.1).
      return cmd.assigns.some((a) => a.value.some((p) => p.kind === 'subst')) ? st.status : 0;
    }
    const name = words[0]!;
    if (isBuiltin(name)) return runBuiltin(words, st, fds, this.prefix());
    const program = this.config.builtins[name] ?? this.resolve(name);
    if (typeof program !== 'function') {
      fds.err.write(this.notFound(name));
      return 127;
    }
    const env = new Map<string, string>();
    for (const k of st.exported) {
      const v = st.vars.get(k);
      if (v !== undefined) env.set(k, v);
    }
    for (const [k, v] of assigned) env.set(k, v);
    const readStdin = () => fds.in.read();
    const r = await program({ argv: words, readStdin, env, files: this.config.files, cwd: st.cwd });
    if (r.exitCode === NOT_SIMULATED_EXIT && r.stderr.startsWith('meshwalk sim: ')) {
      fds.out.write(r.stdout);
      throw new Refused(r.stderr);
    }
    fds.out.write(r.stdout);
    fds.err.write(r.stderr);
    return r.exitCode;
  }

  private resolve(name: string): ShellProgram | undefined {
    const found = this.config.lookup(name);
    if (typeof found === 'function') return found;
    if ('refuse' in found) throw new Refused(`meshwalk sim: ${found.refuse}\n`);
    return undefined;
  }

  private prefix(): string {
    return this.config.dialect === 'ash' ? 'sh: ' : this.config.dialect === 'dash' ? 'sh: 1: ' : 'bash: line 1: ';
  }

  /** ash: `sh: X: not found`; dash: `sh: 1: X: not found`; bash: `bash: line 1: X: command not found`. */
  private notFound(name: string): string {
    return `${this.prefix()}${name}: ${this.config.dialect === 'bash' ? 'command not found' : 'not found'}\n`;
  }
}

function cloneState(st: ShellState): ShellState {
  return { ...st, vars: new Map(st.vars), exported: new Set(st.exported), positional: [...st.positional] };
}

/** Words expanded in order (a `$(…)` in one runs before the next is expanded). */
async function fieldsOf(words: readonly Word[], x: Expander): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) out.push(...(await expandFields(w, x)));
  return out;
}
