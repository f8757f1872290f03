/**
 * Loads the recorded conformance cases and checks one step's result with run.py's rules
 * (../shared/conformance/run.py): exit, exact stdout after trimming trailing whitespace,
 * stdout_contains, stderr_contains, and exit 3 ("not simulated") failing any step without `exit`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { shlexSplit } from './shlex.js';
import { meshwalk } from '../support/meshwalk.js';

export interface Step {
  run: string;
  stdin?: string;
  stdout?: string;
  stdout_contains?: string;
  stderr_contains?: string;
  exit?: number;
}
export interface Case {
  name: string;
  source: string;
  istio?: string;
  steps: Step[];
  file: string;
}

export const CASES_DIR = new URL('.', import.meta.url).pathname;

export function loadCases(dir: string = CASES_DIR): Case[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ ...(parse(readFileSync(join(dir, f), 'utf8')) as Omit<Case, 'file'>), file: f }));
}

/** run.py's verdict for one step: undefined when it passes, else why (as run.py words it). */
export function judge(
  step: Step,
  i: number,
  r: { stdout: string; stderr: string; exitCode: number },
): string | undefined {
  const at = `step ${i + 1} \`${step.run.slice(0, 60)}\``;
  const has = (k: keyof Step) => step[k] !== undefined;
  if (r.exitCode === 3 && !has('exit')) return `${at}: refused as not simulated: ${r.stderr.trim().slice(0, 200)}`;
  if (has('exit') && r.exitCode !== step.exit)
    return `${at}: exit ${r.exitCode}, want ${step.exit} (${(r.stderr || r.stdout).trim().slice(0, 200)})`;
  if (!has('exit') && r.exitCode !== 0 && !has('stdout') && !has('stdout_contains') && !has('stderr_contains'))
    return `${at}: exit ${r.exitCode} (${(r.stderr || r.stdout).trim().slice(0, 200)})`;
  if (has('stdout') && r.stdout.trimEnd() !== String(step.stdout).trimEnd())
    return `${at}: stdout ${JSON.stringify(r.stdout.trimEnd().slice(0, 200))}, want ${JSON.stringify(String(step.stdout).trimEnd())} (stderr ${JSON.stringify(r.stderr.slice(0, 200))})`;
  if (has('stdout_contains') && !r.stdout.includes(String(step.stdout_contains)))
    return `${at}: stdout lacks ${JSON.stringify(step.stdout_contains)}: ${JSON.stringify(r.stdout.trim().slice(0, 200))} (stderr ${JSON.stringify(r.stderr.slice(0, 200))})`;
  if (has('stderr_contains') && !r.stderr.includes(String(step.stderr_contains)))
    return `${at}: stderr lacks ${JSON.stringify(step.stderr_contains)}: ${JSON.stringify(r.stderr.trim().slice(0, 200))}`;
  return undefined;
}

export type Result = { stdout: string; stderr: string; exitCode: number };
/** Runs step `i` of case `c` (argv already split as run.py splits it) against the cluster in `state`. */
export type Runner = (c: Case, argv: string[], i: number, stdin: string, state: string) => Promise<Result>;

/** Runs a process to completion (async, so the cases replay in parallel). */
export function runProcess(file: string, args: string[], stdin: string, env?: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, { env, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ stdout, stderr, exitCode: code ?? -1 }));
    p.stdin.end(stdin);
  });
}

/** `node CLI sim --state DIR [--istio X] -- ARGV`, exactly as run.py calls meshwalk. */
export function viaCli(cli: string): Runner {
  return (c, argv, i, stdin, state) => {
    const pre = ['sim', '--state', state, ...(i === 0 && c.istio ? ['--istio', String(c.istio)] : [])];
    return runProcess(process.execPath, [cli, ...pre, '--', ...argv], stdin);
  };
}

/**
 * `meshwalk sim --state DIR [--istio X] -- ARGV` through the CLI's own entry point in this process:
 * the same argument parsing, simulator and output streams as the built CLI, without starting a node
 * process per step (the cases keep one small end-to-end subset through dist/cli.js and PATH).
 */
export function inProcess(): Runner {
  return async (c, argv, i, stdin, state) => {
    const pre = ['sim', '--state', state, ...(i === 0 && c.istio ? ['--istio', String(c.istio)] : [])];
    const r = await meshwalk([...pre, '--', ...argv], { input: stdin });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
  };
}

/** Replays a case step by step; the first step that does not hold says why, as run.py would. */
export async function replay(c: Case, runner: Runner, state: string): Promise<string | undefined> {
  for (const [i, step] of c.steps.entries()) {
    const why = judge(step, i, await runner(c, shlexSplit(step.run), i, step.stdin ?? '', state));
    if (why) return why;
  }
  return undefined;
}
