// `meshwalk shell` on the simulated cluster: a real bash reads a script from standard input, as a
// learner's pasted lines would run, and what it printed is what the shell saw.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { baseEnv, CLI, fields, shell, tmp } from './shell-run.js';

const BASH = execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

describe('meshwalk shell --cluster sim', () => {
  test('binds kubectl, curl and minikube to the simulated cluster, in the work folder with the starter', () => {
    const home = tmp('mw-shell-');
    const env = baseEnv({ MESHWALK_HOME: home, SHELL: BASH });
    const script = [
      'echo "marker=$MESHWALK_SHELL"',
      'echo "cwd=$(pwd)"',
      'echo "private=$(dirname "$(dirname "$(command -v kubectl)")")"',
      'for p in cat grep openssl jq; do echo "${p}_at=$(command -v "$p")"; done',
      'kubectl get pods -n kube-system -o name | grep -c coredns | sed "s/^/coredns=/"',
      'kubectl create namespace mtls >/dev/null',
      'kubectl apply -f books-strict-typo.yaml',
      'echo "seen=$(kubectl get peerauthentication -n mtls -o name)"',
      'kubectl create namespace demo >/dev/null',
      'kubectl apply -f manifests/apps/books-api.yaml -n demo >/dev/null',
      `kubectl patch svc books -n demo -p '{"spec":{"type":"NodePort"}}' >/dev/null`,
      `port=$(kubectl get svc books -n demo -o jsonpath='{.spec.ports[0].nodePort}')`,
      'echo "book=$(curl -s "http://$(minikube ip):$port/books/1")"',
      'echo "real_curl=$(command -p curl --version | head -c 5)"',
      'echo "meshwalk_at=$(command -v meshwalk)"',
      'echo "version=$(meshwalk --version)"',
      'exit 7',
    ].join('\n');
    const r = shell(['peer-authentication', '--step', 'fix-selector', '--cluster', 'sim'], script, env);
    const work = join(home, 'work', 'peer-authentication');
    const got = fields(r.stdout);
    expect(r.exitCode, r.stderr).toBe(7);
    expect(got.marker).toBe('sim');
    expect(got.cwd).toBe(work);
    // The banner prints the starter's absolute path, and the file is where it says.
    const starter = join(work, 'books-strict-typo.yaml');
    expect(r.stderr).toContain(`Starting manifest: ${starter}`);
    expect(r.stderr).toContain('your own curl: command -p curl');
    expect(existsSync(starter)).toBe(true);
    expect(got.coredns).toBe('1');
    // Applied in one command, seen by the next: the same cluster, the TUI's (MESHWALK_HOME/sim).
    expect(r.stdout).toContain('peerauthentication.security.istio.io/books created');
    expect(got.seen).toBe('peerauthentication.security.istio.io/books');
    expect(got.book).toContain('"id": 1');
    expect(got.real_curl).toBe('curl ');
    // meshwalk itself is this one, from the clone as from anywhere.
    expect(got.meshwalk_at).toBe(`${got.private}/bin/meshwalk`);
    expect(got.version).toMatch(/^\d+\.\d+\.\d+/);
    // Only the cluster's programs are stand-ins.
    const prefix = `${got.private}/`;
    expect(got.private).toMatch(/meshwalk-shell-/);
    for (const p of ['cat', 'grep', 'openssl', 'jq']) {
      expect(got[`${p}_at`]).not.toBe('');
      expect(got[`${p}_at`]?.startsWith(prefix)).toBe(false);
    }
    // After the shell: its private folder is gone, and the cluster kept what it made.
    expect(existsSync(got.private as string)).toBe(false);
    const after = execFileSync(
      process.execPath,
      [CLI, 'sim', '--state', join(home, 'sim'), '--', 'kubectl', 'get', 'ns', 'demo', '-o', 'name'],
      { encoding: 'utf8', env },
    );
    expect(after).toBe('namespace/demo\n');
  });

  test("the caller's PATH is the same after the shell, and its kubectl is not a stand-in", () => {
    const home = tmp('mw-shell-');
    const env = baseEnv({ MESHWALK_HOME: home, SHELL: BASH });
    const inner = join(home, 'inner.sh');
    writeFileSync(inner, 'echo "inner_kubectl=$(command -v kubectl)"\n');
    const outer = [
      'echo "before=$PATH"',
      `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} shell into-the-mesh --cluster sim < ${JSON.stringify(inner)} 2>/dev/null`,
      'echo "after=$PATH"',
      'echo "outer_kubectl=$(command -v kubectl)"',
    ].join('\n');
    const got = fields(execFileSync(BASH, ['-c', outer], { encoding: 'utf8', env }));
    expect(got.inner_kubectl).toMatch(/meshwalk-shell-[^/]+\/bin\/kubectl$/);
    expect(got.after).toBe(got.before);
    expect(got.outer_kubectl ?? '').not.toMatch(/meshwalk-shell-/);
  });

  test('a starter already in the work folder is the learner’s work: kept, not overwritten', () => {
    const home = tmp('mw-shell-');
    const env = baseEnv({ MESHWALK_HOME: home, SHELL: BASH });
    const args = ['jwt-authentication', '--step', 'admins-only', '--cluster', 'sim'];
    expect(shell(args, 'exit 0\n', env).exitCode).toBe(0);
    const file = join(home, 'work', 'jwt-authentication', 'require-jwt.yaml');
    expect(readFileSync(file, 'utf8')).toContain('name: require-jwt');
    writeFileSync(file, '# my edit\n');
    const again = shell(args, 'cat require-jwt.yaml\n', env);
    expect(again.stdout).toBe('# my edit\n');
    expect(again.stderr).toContain(`Starting manifest: ${file} (yours from before, kept`);
  });

  test('without a lesson it opens where the saved progress is, on the step saved', () => {
    const home = tmp('mw-shell-');
    const env = baseEnv({ MESHWALK_HOME: home, SHELL: BASH });
    // Progress as `meshwalk run` saves it: run the first step of a lesson, then quit.
    execFileSync(process.execPath, [CLI, 'run', 'peer-authentication', '--cluster', 'sim'], {
      input: '\nq\n',
      env,
      encoding: 'utf8',
    });
    const r = shell(['--cluster', 'sim'], 'pwd\n', env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${join(home, 'work', 'peer-authentication')}\n`);
    expect(r.stderr).toMatch(
      /Lesson peer-authentication, step permissive-by-default \(.*\): where your saved progress is\./,
    );
  });
});
