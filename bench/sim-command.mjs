// Time of one `meshwalk sim` command, start to exit (the target is under 150 ms; `node -e 0` is
// the floor). Run after `npm run build`: node bench/sim-command.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URL } from 'node:url';

const cli = process.env.MESHWALK_TEST_CLI ?? new URL('../dist/cli.js', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 30);
const state = mkdtempSync(join(tmpdir(), 'mwbench-'));
const sim = (args, input = '') =>
  execFileSync(process.execPath, [cli, 'sim', '--state', state, '--', ...args], { input, encoding: 'utf8' });

// A typical lesson cluster: two namespaces with httpbin and sleep, a STRICT policy.
const app = (name, image) => `apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, labels: {app: ${name}}}
spec: {ports: [{name: http, port: 8000, targetPort: 8080}], selector: {app: ${name}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {serviceAccountName: ${name}, containers: [{name: ${name}, image: ${image}}]}
`;
sim(['kubectl', 'create', 'ns', 'foo']);
sim(['kubectl', 'label', 'ns', 'foo', 'istio-injection=enabled']);
sim(['kubectl', 'create', 'ns', 'legacy']);
for (const ns of ['foo', 'legacy']) {
  sim(['kubectl', 'apply', '-n', ns, '-f', '-'], app('httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0'));
  sim(['kubectl', 'apply', '-n', ns, '-f', '-'], app('sleep', 'curlimages/curl:8.16.0'));
}
sim(
  ['kubectl', 'apply', '-f', '-'],
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n',
);

function time(label, file, args, input = '') {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(file, args, { input, encoding: 'utf8' });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0 && !label.includes('exit')) throw new Error(`${label}: exit ${r.status}: ${r.stderr}`);
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(1);
  console.log(`${label.padEnd(66)} median ${q(0.5)} ms   p90 ${q(0.9)} ms   (${runs} runs)`);
}

const s = ['sim', '--state', state, '--'];
time('node -e 0 (floor)', process.execPath, ['-e', '0']);
time('meshwalk sim -- kubectl version --client', process.execPath, [cli, ...s, 'kubectl', 'version', '--client']);
time('meshwalk sim -- kubectl get pods -n foo', process.execPath, [cli, ...s, 'kubectl', 'get', 'pods', '-n', 'foo']);
time('meshwalk sim -- kubectl get pa -n foo -o yaml', process.execPath, [
  cli,
  ...s,
  'kubectl',
  'get',
  'pa',
  '-n',
  'foo',
  '-o',
  'yaml',
]);
time('meshwalk sim -- kubectl exec ... curl (status code)', process.execPath, [
  cli,
  ...s,
  'kubectl',
  'exec',
  'deploy/sleep',
  '-n',
  'foo',
  '-c',
  'sleep',
  '--',
  'curl',
  '-s',
  '-o',
  '/dev/null',
  '-w',
  '%{http_code}',
  'http://httpbin.foo:8000/ip',
]);
time('meshwalk sim -- kubectl exec "$(kubectl get pod ...)" curl', process.execPath, [
  cli,
  ...s,
  'kubectl',
  'exec',
  '$(kubectl get pod -l app=sleep -n foo -o jsonpath={.items..metadata.name})',
  '-n',
  'foo',
  '-c',
  'sleep',
  '--',
  'curl',
  '-s',
  '-o',
  '/dev/null',
  '-w',
  '%{http_code}',
  'http://httpbin.foo:8000/ip',
]);
time('meshwalk sim -- kubectl describe pod -l app=httpbin -n foo', process.execPath, [
  cli,
  ...s,
  'kubectl',
  'describe',
  'pod',
  '-l',
  'app=httpbin',
  '-n',
  'foo',
]);
// As istio.io's pages write it, through kubectl and istioctl shims in a real bash: both programs
// start at once and the apply reads the other's output from /dev/fd/63 (target: under 2 s).
const bin = join(state, 'bin');
mkdirSync(bin);
for (const program of ['kubectl', 'istioctl']) {
  const shim = `#!/usr/bin/env bash\nexec '${process.execPath}' '${cli}' sim --state '${state}' -- ${program} "$@"\n`;
  writeFileSync(join(bin, program), shim);
  chmodSync(join(bin, program), 0o755);
}
writeFileSync(join(state, 'web.yaml'), app('web', 'docker.io/mccutchen/go-httpbin:v2.15.0').split('---\n')[2]);
const inBash = (line) => ['bash', ['-c', `cd '${state}' && PATH='${bin}':"$PATH" && ${line}`]];
const lines = [
  'kubectl apply -f <(istioctl kube-inject -f web.yaml) -n foo',
  'istioctl kube-inject -f web.yaml | kubectl apply -n foo -f -',
];
for (const line of lines) {
  time(`bash: ${line}`, ...inBash(line));
}
time(
  'meshwalk sim -- kubectl apply -f - (PeerAuthentication)',
  process.execPath,
  [cli, ...s, 'kubectl', 'apply', '-f', '-'],
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p, namespace: legacy}\nspec: {mtls: {mode: PERMISSIVE}}\n',
);
rmSync(state, { recursive: true, force: true });
