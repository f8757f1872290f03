/** Runs the built `meshwalk shell` with a script on standard input, as a learner's pipe or CI would. */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist/cli.js');

// A module-level afterAll binds to the first file that imports this module in a worker (the
// workers share their module graph), so its folders come from the run's own temp folder instead.
export { tempDir as tmp } from '../support/temp-dir.js';

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
