/**
 * Several `meshwalk sim` processes on one state at once, as real shells start them: writers in
 * parallel lose nothing, and both sides of `b <(a)` and `a | b` (started together by bash, each a
 * shim running meshwalk) complete instead of one holding the lock while waiting for the other.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LOCK_FILE } from '../../src/sim/persist.js';

const CLI = process.env.MESHWALK_TEST_CLI ?? new URL('../../dist/cli.js', import.meta.url).pathname;
/** The built CLI as a shell command word pair. */
const MESHWALK = `'${process.execPath}' '${CLI}'`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mwconc-'));
  dirs.push(d);
  return d;
};
const sim = (state: string, args: string[], input = '') =>
  spawnSync(process.execPath, [CLI, 'sim', '--state', state, '--', ...args], { input, encoding: 'utf8' });

/** Runs a bash script; resolves to its exit code and output. */
function bash(script: string, o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const env = { ...process.env, ...o.env };
    const p = spawn('bash', ['-c', script], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs node with `args`; resolves to its exit code and output. */
function node(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Stand-in kubectl and istioctl on PATH, as a learner's shell or istio.io's task scripts have them. */
function shims(state: string): string {
  const bin = join(tmp(), 'bin');
  mkdirSync(bin);
  for (const program of ['kubectl', 'istioctl']) {
    const file = join(bin, program);
    writeFileSync(file, `#!/usr/bin/env bash\nexec ${MESHWALK} sim --state '${state}' -- ${program} "$@"\n`);
    chmodSync(file, 0o755);
  }
  return bin;
}

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: ${name}, image: docker.io/mccutchen/go-httpbin:v2.15.0}]}
`;

describe('concurrent meshwalk sim processes', () => {
  test("8 writer processes of 20 applies each, over a dead process's lock, lose none of the 160 objects", async () => {
    const state = tmp();
    expect(sim(state, ['kubectl', 'create', 'ns', 'w']).status).toBe(0);
    const dead = spawnSync('true').pid;
    writeFileSync(join(state, LOCK_FILE), String(dead));
    // Each writer is one node process running 20 `meshwalk sim -- kubectl apply -f -` through the
    // built CLI's entry point one after another: 8 processes really race for the state, without 160
    // node starts.
    const writer = (i: number) => `const { main } = await import(${JSON.stringify(CLI)});
let errors = '';
for (let j = 1; j <= 20; j++) {
  const yaml = 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: w${i}-' + j + ', namespace: w}\\n';
  const io = { stdout: { write() {} }, stderr: { write(s) { errors += s; } }, readStdin: async () => yaml,
    env: process.env, cwd: process.cwd() };
  const code = await main(['sim', '--state', ${JSON.stringify(state)}, '--', 'kubectl', 'apply', '-f', '-'], io);
  if (code !== 0) { process.stderr.write(errors); process.exit(code); }
}`;
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => node(['--input-type=module', '-e', writer(i)])));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    const listed = sim(state, ['kubectl', 'get', 'cm', '-n', 'w', '-o', 'name']).stdout;
    const names = listed.split('\n').filter((l) => /\/w\d-/.test(l));
    expect(names).toHaveLength(160);
  }, 300_000);

  test('8 writers changing the same object at once each keep their change', async () => {
    const state = tmp();
    expect(sim(state, ['kubectl', 'create', 'ns', 'shared']).status).toBe(0);
    const label = (i: number) => `set -e; for j in 1 2; do
  ${MESHWALK} sim --state '${state}' -- kubectl label ns shared w${i}-$j=yes >/dev/null
done`;
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => bash(label(i))));
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    const labels = JSON.parse(sim(state, ['kubectl', 'get', 'ns', 'shared', '-o', 'json']).stdout).metadata.labels;
    expect(Object.keys(labels).filter((k) => /^w\d-\d$/.test(k))).toHaveLength(16);
  }, 120_000);

  test('kubectl apply -f <(istioctl kube-inject -f FILE), both shims in a real bash, on a new state', async () => {
    const work = tmp();
    const state = join(work, 'state');
    writeFileSync(join(work, 'web.yaml'), deployment('web'));
    const env = { PATH: `${shims(state)}:${process.env.PATH}` };
    const r = await bash('kubectl apply -f <(istioctl kube-inject -f web.yaml)', { cwd: work, env });
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web created\n', stderr: '' });
    // On Istio 1.27+ with Kubernetes 1.33+ the proxy is a native sidecar: an init container.
    const names = 'jsonpath={.spec.template.spec.containers[*].name} {.spec.template.spec.initContainers[*].name}';
    const containers = sim(state, ['kubectl', 'get', 'deploy', 'web', '-o', names]);
    expect(containers.stdout).toBe('web istio-init istio-proxy');
  }, 60_000);

  test('istioctl kube-inject -f FILE | kubectl apply -f -, as two processes of a real bash', async () => {
    const work = tmp();
    const state = join(work, 'state');
    writeFileSync(join(work, 'api.yaml'), deployment('api'));
    const path = `${shims(state)}:${process.env.PATH}`;
    expect((await bash('kubectl create ns foo', { env: { PATH: path } })).code).toBe(0);
    const pipeline = 'set -o pipefail; istioctl kube-inject -f api.yaml | kubectl apply -n foo -f -';
    const r = await bash(pipeline, { cwd: work, env: { PATH: path } });
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/api created\n', stderr: '' });
    const pods = sim(state, ['kubectl', 'get', 'pods', '-n', 'foo', '-l', 'app=api']).stdout;
    expect(pods).toMatch(/^api-\S+ +2\/2 +Running/m);
  }, 60_000);
});
