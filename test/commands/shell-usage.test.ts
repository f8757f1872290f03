// `meshwalk shell` usage: bad input gets one line and exit 2, a shell inside a meshwalk shell is
// refused, and the shell that runs is $SHELL, or sh when $SHELL is unset or cannot be run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { meshwalk } from '../support/meshwalk.js';
import { baseEnv, CLI, fields, shell, tmp } from './shell-run.js';

const BASH = execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

describe('meshwalk shell usage', () => {
  test.each([
    [['--nope'], /^meshwalk shell: unknown option '--nope' \(see meshwalk shell --help\)$/],
    [['--stap', 'x'], /^meshwalk shell: unknown option '--stap'; did you mean --step\?/],
    [['--cluster', 'prod'], /^meshwalk shell: --cluster must be one of sim, current, minikube, not "prod"$/],
    [['a', 'b'], /^meshwalk shell: one lesson at a time, got 2/],
    [['--cluster', 'current', '--state', 'x'], /^meshwalk shell: --state and --istio are for the simulated cluster/],
    [['--istio', '2.0'], /^meshwalk shell: Istio version "2.0" is not of the form 1.Y/],
    [['--code', 'ABCD-1234'], /^meshwalk shell: --code needs --room URL too \(the address the instructor shows\)$/],
    [['--room', 'http://10.0.0.5:7470'], /^meshwalk shell: --room needs --code CODE too/],
    [['--room', 'ftp://10.0.0.5', '--code', 'ABCD-1234'], /^meshwalk shell: --room takes an http:\/\/ or https:\/\//],
    [['--room', 'http://10.0.0.5:7470', '--code', 'AB;rm'], /^meshwalk shell: --code takes the room's join code/],
    [['--name', 'ada'], /^meshwalk shell: --name is the name shown in a room: give --room URL --code CODE with it$/],
    [['no-such-lesson', '--cluster', 'sim'], /^meshwalk shell: no lesson "no-such-lesson" \(see meshwalk list\)$/],
    [
      ['into-the-mesh', '--step', 'compare-pod', '--cluster', 'sim'],
      /^meshwalk shell: lesson into-the-mesh has no step "compare-pod"; did you mean "compare-pods"\?/,
    ],
  ])('%j: one line, exit 2', async (args, line) => {
    const env = baseEnv({ MESHWALK_HOME: tmp('mw-shell-'), SHELL: BASH });
    const r = await meshwalk(['shell', ...args], { env, input: 'echo started\n' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(line);
  });

  test('a refused flag starts no shell: the built CLI prints one line and nothing from the script', () => {
    const r = shell(['--stap', 'x'], 'echo started\n', baseEnv({ MESHWALK_HOME: tmp('mw-shell-'), SHELL: BASH }));
    expect(r).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: expect.stringMatching(/^meshwalk shell: unknown option '--stap'; did you mean --step\?[^\n]*\n$/),
    });
  });

  test('--help shows the synopsis, the flags and the exit codes', () => {
    const r = shell(['--help'], '', baseEnv({}));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meshwalk shell \[LESSON\] \[--step STEP\]/);
    for (const flag of [
      '--cluster',
      '--context',
      '--allow-context',
      '--state',
      '--istio',
      '--lessons',
      '--room URL',
      '--code CODE',
      '--name NAME',
    ])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain("Exit codes: the shell's own exit code");
  });

  test('with MESHWALK_SHELL set (inside a meshwalk shell), another one is refused', () => {
    const env = baseEnv({ MESHWALK_HOME: tmp('mw-shell-'), SHELL: BASH, MESHWALK_SHELL: 'sim' });
    const r = shell(['into-the-mesh', '--cluster', 'sim'], 'echo started\n', env);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('meshwalk shell: already in a meshwalk shell (on sim); type exit to leave it first\n');
  });

  test('a nested meshwalk shell, typed in the shell itself, is refused there', () => {
    const env = baseEnv({ MESHWALK_HOME: tmp('mw-shell-'), SHELL: BASH });
    const script = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} shell --cluster sim </dev/null\necho "inner=$?"\n`;
    const r = shell(['into-the-mesh', '--cluster', 'sim'], script, env);
    expect(r.exitCode).toBe(0);
    expect(fields(r.stdout).inner).toBe('2');
    expect(r.stderr).toContain('meshwalk shell: already in a meshwalk shell (on sim)');
  });

  test.each([
    ['unset', undefined, '$SHELL is not set: using sh.'],
    ['missing', '/nonexistent/bin/zsh', '$SHELL (/nonexistent/bin/zsh) cannot be run: using sh.'],
    ['not on PATH', 'no-such-shell', '$SHELL (no-such-shell) cannot be run: using sh.'],
  ])('$SHELL %s: sh runs the script', (_what, value, note) => {
    const env = baseEnv({ MESHWALK_HOME: tmp('mw-shell-'), SHELL: value });
    if (value === undefined) delete env.SHELL;
    const r = shell(['into-the-mesh', '--cluster', 'sim'], 'echo "zero=$0"\necho "bash=${BASH_VERSION:-none}"\n', env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fields(r.stdout)).toEqual({ zero: 'sh', bash: 'none' });
    expect(r.stderr).toContain(note);
  });
});

describe('meshwalk shell when meshwalk is told to stop', () => {
  test('SIGTERM hangs the shell up, and the private folder is removed before meshwalk exits', async () => {
    const home = tmp('mw-shell-');
    const ready = join(home, 'ready');
    const env = baseEnv({ MESHWALK_HOME: home, SHELL: BASH });
    const child = spawn(process.execPath, [CLI, 'shell', 'into-the-mesh', '--cluster', 'sim'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.end(
      `dirname "$(dirname "$(command -v kubectl)")" > ${JSON.stringify(`${ready}.tmp`)}\nmv ${JSON.stringify(`${ready}.tmp`)} ${JSON.stringify(ready)}\nexec sleep 600\n`,
    );
    while (!existsSync(ready)) await new Promise((r) => setTimeout(r, 50));
    const privateDir = readFileSync(ready, 'utf8').trim();
    expect(existsSync(privateDir)).toBe(true);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(129); // 128 + SIGHUP, as the shell was ended
    expect(existsSync(privateDir)).toBe(false);
  });
});
