/**
 * Loads the recorded conformance cases and checks one step's result with run.py's rules
 * (../shared/conformance/run.py): exit, exact stdout after trimming trailing whitespace,
 * stdout_contains, stderr_contains, and exit 3 ("not simulated") failing any step without `exit`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

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
export function judge(step: Step, i: number, r: { stdout: string; stderr: string; exitCode: number }): string | undefined {
  const at = `step ${i + 1} \`${step.run.slice(0, 60)}\``;
  const has = (k: keyof Step) => step[k] !== undefined;
  if (r.exitCode === 3 && !has('exit')) return `${at}: refused as not simulated: ${r.stderr.trim().slice(0, 200)}`;
  if (has('exit') && r.exitCode !== step.exit) return `${at}: exit ${r.exitCode}, want ${step.exit} (${(r.stderr || r.stdout).trim().slice(0, 200)})`;
  if (!has('exit') && r.exitCode !== 0 && !has('stdout') && !has('stdout_contains') && !has('stderr_contains')) return `${at}: exit ${r.exitCode} (${(r.stderr || r.stdout).trim().slice(0, 200)})`;
  if (has('stdout') && r.stdout.trimEnd() !== String(step.stdout).trimEnd()) return `${at}: stdout ${JSON.stringify(r.stdout.trimEnd().slice(0, 200))}, want ${JSON.stringify(String(step.stdout).trimEnd())} (stderr ${JSON.stringify(r.stderr.slice(0, 200))})`;
  if (has('stdout_contains') && !r.stdout.includes(String(step.stdout_contains))) return `${at}: stdout lacks ${JSON.stringify(step.stdout_contains)}: ${JSON.stringify(r.stdout.trim().slice(0, 200))} (stderr ${JSON.stringify(r.stderr.slice(0, 200))})`;
  if (has('stderr_contains') && !r.stderr.includes(String(step.stderr_contains))) return `${at}: stderr lacks ${JSON.stringify(step.stderr_contains)}: ${JSON.stringify(r.stderr.trim().slice(0, 200))}`;
  return undefined;
}
