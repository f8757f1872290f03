/** `meshwalk sim` itself: the default state directory (the TUI's) and --shims for a learner's shell. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const CLI = join(new URL('../../', import.meta.url).pathname, 'dist', 'cli.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
async function meshwalk(args: string[], env: NodeJS.ProcessEnv, cwd = tmpdir()) {
  const r = await inProcess(args, { env: { ...process.env, ...env }, cwd });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

describe('meshwalk sim', () => {
  test('without --state it uses the TUI cluster: sim/ in the data directory (MESHWALK_HOME)', async () => {
    const home = tmp('mwhome-');
    expect(await meshwalk(['sim', '--', 'kubectl', 'create', 'ns', 'foo'], { MESHWALK_HOME: home })).toMatchObject({
      stdout: 'namespace/foo created\n',
      exitCode: 0,
    });
    expect(existsSync(join(home, 'sim'))).toBe(true);
    // The same cluster through an explicit --state.
    expect(
      (await meshwalk(['sim', '--state', join(home, 'sim'), '--', 'kubectl', 'get', 'ns', 'foo', '-o', 'name'], {}))
        .stdout,
    ).toBe('namespace/foo\n');
  });

  test('--help says where the default state is and how to get the shims', async () => {
    const help = (await meshwalk(['sim', '--help'], {})).stdout;
    expect(help).toContain('default: the simulated cluster the TUI uses');
    expect(help).toContain('--shims DIR');
  });

  test('--shims writes four executables that reach the same cluster, and prints the PATH line', async () => {
    const home = tmp('mwhome-');
    const bin = join(tmp('mwbin-'), 'bin');
    // The built CLI: the shims it writes run that very script again.
    const built = spawnSync(process.execPath, [CLI, 'sim', '--shims', bin], {
      env: { ...process.env, MESHWALK_HOME: home },
      encoding: 'utf8',
    });
    const r = { stdout: built.stdout, stderr: built.stderr, exitCode: built.status };
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`export PATH='${bin}':"$PATH"\n`);
    expect(r.stderr).toContain(`they run on the simulated cluster in ${join(home, 'sim')}`);
    for (const p of ['kubectl', 'curl', 'istioctl', 'minikube'])
      expect(statSync(join(bin, p)).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(bin, 'kubectl'), 'utf8')).toContain(
      `'--state' '${join(home, 'sim')}' '--' 'kubectl' "$@"`,
    );
    // A learner's shell: eval the line, then type kubectl as the lesson says.
    const out = execFileSync(
      'sh',
      ['-c', `eval "$(cat)"; kubectl create ns bar >/dev/null; kubectl get ns bar -o name; minikube ip`],
      { input: r.stdout, encoding: 'utf8', env: { ...process.env, MESHWALK_HOME: home } },
    );
    expect(out).toBe('namespace/bar\n192.168.49.2\n');
    expect(
      (await meshwalk(['sim', '--', 'kubectl', 'get', 'ns', 'bar', '-o', 'name'], { MESHWALK_HOME: home })).stdout,
    ).toBe('namespace/bar\n');
  });

  test('--shims with a command, or a bad --istio, is a usage error', async () => {
    expect((await meshwalk(['sim', '--shims', tmp('mwbin-'), '--', 'kubectl', 'get', 'ns'], {})).exitCode).toBe(2);
    expect(await meshwalk(['sim', '--shims', tmp('mwbin-'), '--istio', '2.0'], {})).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining('not of the form 1.Y'),
    });
  });
});
