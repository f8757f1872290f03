/**
 * Turns what a lesson says (a command line, a manifest to apply, a verification) into a
 * `CommandSpec`: argv with `{{VAR}}` substituted inside words, and the exact text shown.
 * An `apply` is shown and run as the `kubectl apply` it is.
 */
import type { Action, Lesson, Step, Verification } from '../lesson/schema.js';
import { tokenize } from '../lesson/tokenize.js';
import { displayCommand, renderArgv, renderText } from '../lesson/render.js';
import type { CommandSource, CommandSpec, EngineOptions, Task } from './types.js';
import type { PathUse } from '../lesson/command-policy/index.js';
import { DEFAULT_TIMEOUT_MS } from '../cluster/port.js';
import { VERIFY_DEFAULTS } from '../lesson/defaults.js';
import { parseDuration } from '../lesson/duration.js';
import { redactTokens } from './capture.js';
import { checkCommand } from '../lesson/command-policy/index.js';

/** The argv as the cluster will really run it (Cluster.displayArgv); identity when absent. */
export type ShowArgv = ((argv: readonly string[]) => readonly string[]) | undefined;

/** `options.displayArgv` for a command run with this timeout (a real cluster derives kubectl's `--request-timeout` from it). */
export function showArgv(options: EngineOptions, timeoutMs: number): ShowArgv {
  const d = options.displayArgv;
  return d ? (argv) => d(argv, { timeoutMs }) : undefined;
}

/** The timeout a step, setup or cleanup command runs with. */
export function commandTimeout(options: EngineOptions): number {
  return options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** The timeout of a verification's first attempt (later ones get what is left of the verification's time). */
export function probeTimeout(v: Verification): number {
  return Math.min(DEFAULT_TIMEOUT_MS, v.timeout !== undefined ? parseDuration(v.timeout) : VERIFY_DEFAULTS.timeoutMs);
}

/**
 * How argv is shown: exactly as it will run (`show`), except that tokens never appear. A token
 * that came from a var is shown as that var, the way a person types it in their own shell after
 * `TOKEN=$(meshwalk token ...)`: `-H "Authorization: Bearer $TOKEN"` (every cut-short token
 * looks alike). Any other token is cut short (capture.ts).
 */
export function displayOf(
  argv: readonly string[],
  show?: ShowArgv,
  vars: Readonly<Record<string, string>> = {},
): string {
  const words = show ? show(argv) : argv;
  const tokens = Object.entries(vars).filter(([, v]) => WHOLE_JWT.test(v));
  if (!words.some((w) => tokens.some(([, v]) => w.includes(v)))) return displayCommand(words.map(redactTokens));
  return words
    .map((w, i) => (tokens.some(([, v]) => w.includes(v)) ? withVarRefs(w, tokens) : quoteOne(redactTokens(w), i)))
    .join(' ');
}

/** A whole JSON Web Token (a var holding one is shown as `$NAME`, and `t` decodes it). */
export const WHOLE_JWT = /^eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+$/;

/** One word quoted as `displayCommand` would quote it at position `i`. */
function quoteOne(word: string, i: number): string {
  return i === 0 ? displayCommand([word]) : displayCommand(['_', word]).slice(2);
}

/** A word in double quotes with each token var as `$NAME`, everything else escaped. */
function withVarRefs(word: string, tokens: readonly [string, string][]): string {
  let out = '';
  let rest = word;
  while (rest !== '') {
    let at = -1;
    let hit: [string, string] | undefined;
    for (const t of tokens) {
      const i = rest.indexOf(t[1]);
      if (i !== -1 && (at === -1 || i < at)) [at, hit] = [i, t];
    }
    if (!hit) {
      out += escapeDouble(redactTokens(rest));
      break;
    }
    out += escapeDouble(redactTokens(rest.slice(0, at)));
    rest = rest.slice(at + hit[1].length);
    out += /^\w/.test(rest) ? `\${${hit[0]}}` : `$${hit[0]}`;
  }
  return `"${out}"`;
}

function escapeDouble(s: string): string {
  return s.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

export type Rendered = { ok: true; spec: CommandSpec } | { ok: false; message: string };

type Line = { ok: true; argv: string[]; template: string[] } | { ok: false; message: string };

/** Renders a command line with the vars known now; a bad line or missing var is a message. */
export function renderLine(line: string, vars: Readonly<Record<string, string>>): Line {
  const t = tokenize(line);
  if (!t.ok) return { ok: false, message: `cannot run \`${line}\`: ${t.message}` };
  try {
    return { ok: true, argv: renderArgv(t.argv, vars), template: t.argv };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The spec of rendered words, if the lesson allow-list lets them run (checked again here,
 * after substitution, because values are known only now). `literal` marks the words written
 * without a `{{VAR}}`: only those may hold anything a simulator expands.
 */
function allowed(
  argv: string[],
  template: readonly string[],
  show: ShowArgv,
  vars: Readonly<Record<string, string>>,
): Rendered {
  const v = checkCommand({ argv, template });
  if (!v.ok) {
    return { ok: false, message: `refused to run \`${displayOf(argv, undefined, vars)}\`: ${v.reason} [${v.code}]` };
  }
  const literal = template.map((w) => !w.includes('{{'));
  const spec: CommandSpec = { argv, display: displayOf(argv, show, vars), literal };
  if (v.paths.length > 0) spec.paths = v.paths;
  return { ok: true, spec };
}

export function renderSource(source: CommandSource, vars: Readonly<Record<string, string>>, show?: ShowArgv): Rendered {
  try {
    switch (source.kind) {
      case 'run':
      case 'var': {
        const r = renderLine(source.line, vars);
        if (!r.ok) return r;
        const checked = allowed(r.argv, r.template, show, vars);
        if (!checked.ok) return checked;
        const spec = checked.spec;
        if (source.kind === 'run') {
          if (source.stdin !== undefined) spec.stdin = renderText(source.stdin, vars);
          if (source.expect !== undefined) spec.expect = source.expect;
          if (source.capture !== undefined) spec.capture = source.capture;
        } else {
          spec.capture = { [source.name]: source.capture };
        }
        return { ok: true, spec };
      }
      case 'apply': {
        const a = typeof source.apply === 'string' ? { file: source.apply } : source.apply;
        const ns = a.namespace !== undefined ? ['-n', renderText(a.namespace, vars)] : [];
        const nsTemplate = a.namespace !== undefined ? ['-n', a.namespace] : [];
        if (a.file !== undefined) {
          const path = renderText(a.file, vars);
          const written = ['kubectl', 'apply', '-f', a.file, ...nsTemplate];
          const checked = allowed(['kubectl', 'apply', '-f', path, ...ns], written, show, vars);
          if (!checked.ok) return checked;
          return { ok: true, spec: withCapture({ ...checked.spec, manifest: { path } }, source.capture) };
        }
        const inline = renderText(a.inline ?? '', vars);
        const stdinApply = ['kubectl', 'apply', '-f', '-'];
        const checked = allowed([...stdinApply, ...ns], [...stdinApply, ...nsTemplate], show, vars);
        if (!checked.ok) return checked;
        const spec = { ...checked.spec, stdin: inline, manifest: { inline } };
        return { ok: true, spec: withCapture(spec, source.capture) };
      }
    }
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** The spec's path and literal-word guards, as exec effect fields (absent when empty). */
export function guards(spec: CommandSpec): { paths?: PathUse[]; literal?: boolean[] } {
  return { ...(spec.paths ? { paths: spec.paths } : {}), ...(spec.literal ? { literal: spec.literal } : {}) };
}

function withCapture(spec: CommandSpec, capture: CommandSpec['capture']): CommandSpec {
  return capture === undefined ? spec : { ...spec, capture };
}

/** A verification's probe as a spec (its expectation is applied by the verifier, not here). */
export function renderProbe(v: Verification, vars: Readonly<Record<string, string>>, show?: ShowArgv): Rendered {
  const r = renderLine(v.run, vars);
  if (!r.ok) return r;
  const checked = allowed(r.argv, r.template, show, vars);
  if (!checked.ok) return checked;
  const spec = checked.spec;
  if (v.stdin !== undefined) {
    try {
      spec.stdin = renderText(v.stdin, vars);
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }
  return { ok: true, spec };
}

/** A lesson-level or `solve` action as a command source. */
export function actionSource(a: Action): CommandSource {
  if ('apply' in a) return { kind: 'apply', apply: a.apply };
  return {
    kind: 'run',
    line: a.run,
    ...(a.stdin !== undefined ? { stdin: a.stdin } : {}),
    ...(a.expect ? { expect: a.expect } : {}),
  };
}

export { hasOwnAction, isReadingStep } from './step-kind.js';

/**
 * The step's own commands: `apply` first, then each `run` line. `stdin` goes to a single command;
 * `expect` and `capture` apply to the last one (earlier ones must exit 0).
 */
export function ownActionSources(step: Step): CommandSource[] {
  const out: CommandSource[] = [];
  if (step.apply !== undefined) out.push({ kind: 'apply', apply: step.apply });
  const lines = step.run === undefined ? [] : typeof step.run === 'string' ? [step.run] : step.run;
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    out.push({
      kind: 'run',
      line,
      ...(lines.length === 1 && step.stdin !== undefined ? { stdin: step.stdin } : {}),
      ...(last && step.expect ? { expect: step.expect } : {}),
      ...(last && step.capture ? { capture: step.capture } : {}),
    });
  });
  const first = out[0];
  if (lines.length === 0 && first?.kind === 'apply' && step.capture) first.capture = step.capture;
  return out;
}

/** What `skip`, `demo` and `check` run to complete a step: `solve`, else the step's own commands. */
export function solveSources(step: Step): CommandSource[] {
  if (step.solve !== undefined && step.solve.length > 0) return step.solve.map(actionSource);
  return ownActionSources(step);
}

/** Setup or cleanup tasks for the lesson. */
export function lessonActionTasks(lesson: Lesson, which: 'setup' | 'cleanup'): Task[] {
  return (lesson[which] ?? []).map((a) => ({ kind: 'exec', purpose: which, source: actionSource(a) }));
}

/** One task per captured lesson var, in declaration order. */
export function varTasks(lesson: Lesson): Task[] {
  const tasks: Task[] = [];
  for (const [name, v] of Object.entries(lesson.vars ?? {})) {
    if (typeof v === 'string') continue;
    const capture = { from: v.from ?? 'stdout', ...(v.regex !== undefined ? { regex: v.regex } : {}) } as const;
    tasks.push({ kind: 'exec', purpose: 'var', source: { kind: 'var', name, line: v.capture, capture } });
  }
  return tasks;
}

/** The fixed lesson vars, rendered against vars already known (in declaration order). */
export function fixedVars(lesson: Lesson, preset: Readonly<Record<string, string>>): Record<string, string> {
  const vars: Record<string, string> = { ...preset };
  for (const [name, v] of Object.entries(lesson.vars ?? {})) {
    if (typeof v === 'string' && vars[name] === undefined) {
      try {
        vars[name] = renderText(v, vars);
      } catch {
        vars[name] = v;
      }
    }
  }
  return vars;
}
