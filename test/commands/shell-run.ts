/** Runs the built `meshwalk shell` with a script on standard input, as a learner's pipe or CI would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const CLI = resolve(import.meta.dirname, '../../dist/cli.js');

const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

export function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** The environment of the test run without any meshwalk shell it may itself run in. */
export function baseEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const { MESHWALK_SHELL: _s, KUBECONFIG: _k, ...env } = process.env;
  return { ...env, ...extra };
}

export function shell(args: string[], script: string, env: NodeJS.ProcessEnv, cwd = tmpdir()) {
  const r = spawnSync(process.execPath, [CLI, 'shell', ...args], { input: script, env, cwd, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

/** `NAME=value` lines a script printed, as a record. */
export function fields(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((l) => /^([a-z_]+)=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] as string, m[2] as string]),
  );
}
