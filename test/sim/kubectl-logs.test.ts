/**
 * `kubectl logs` on the simulated cluster: only the istio-proxy container has a log, holding
 * Envoy's RBAC debug lines once `istioctl proxy-config log --level rbac:debug` set them (the
 * authz-dry-run and authz-ingress tasks read them) and the access log the mesh config enables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { Store } from '../../src/sim/kube/store.js';
import { PROXY_LOG_LINES, proxyLogOf, recordProxyEvent } from '../../src/sim/kube/proxy-logs.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster() {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwlogs-'));
  dirs.push(stateDir);
  const now = Date.parse('2025-01-01T00:00:00Z');
  return (line: string | string[], stdin = '') =>
    runSimCommand(Array.isArray(line) ? line : line.split(' '), { stateDir, stdin, cwd: stateDir, now });
}

const APPS = `apiVersion: v1
kind: Service
metadata: {name: httpbin, labels: {app: httpbin}}
spec: {ports: [{name: http, port: 8000, targetPort: 8080}], selector: {app: httpbin}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: httpbin}
spec:
  selector: {matchLabels: {app: httpbin}}
  template:
    metadata: {labels: {app: httpbin}}
    spec: {containers: [{name: httpbin, image: docker.io/mccutchen/go-httpbin:v2.15.0, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: sleep}
spec:
  selector: {matchLabels: {app: sleep}}
  template:
    metadata: {labels: {app: sleep}}
    spec: {containers: [{name: sleep, image: curlimages/curl:8.16.0, command: [/bin/sleep, infinity]}]}
`;
const ALLOW_IP = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-ip, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  rules: [{to: [{operation: {paths: [/ip]}}]}]
`;
const curl = (path: string) => [
  'kubectl',
  'exec',
  'deploy/sleep',
  '-n',
  'foo',
  '--',
  'curl',
  '-s',
  `http://httpbin.foo:8000${path}`,
];

async function mesh(sets: string[] = []) {
  const run = cluster();
  expect((await run(['istioctl', 'install', ...sets.flatMap((s) => ['--set', s]), '-y'])).exitCode).toBe(0);
  await run('kubectl create ns foo');
  await run('kubectl label ns foo istio-injection=enabled');
  expect((await run('kubectl apply -n foo -f -', APPS)).exitCode).toBe(0);
  return run;
}

describe('kubectl logs -c istio-proxy', () => {
  test('RBAC debug lines: the enforced result, and the client address in comma fields 3 and 4', async () => {
    const run = await mesh();
    await run('kubectl apply -f -', ALLOW_IP);
    await run(curl('/ip'));
    // Before the level is raised, Envoy logs nothing at debug: the log stays empty.
    expect((await run('kubectl logs deploy/httpbin -n foo -c istio-proxy')).stdout).toBe('');
    expect((await run('istioctl proxy-config log deploy/httpbin.foo --level rbac:debug')).stdout).toContain(
      'rbac: debug',
    );
    expect((await run(curl('/headers'))).stdout).toBe('RBAC: access denied');
    const r = await run('kubectl logs deploy/httpbin -n foo -c istio-proxy');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    const checking = lines.find((l) => l.includes('checking request'))!;
    expect(checking).toMatch(
      /^2025-01-01T00:00:00\.000000Z\tdebug\tenvoy rbac external\/envoy\/source\/extensions\/filters\/http\/rbac\/rbac_filter\.cc:\d+\tchecking request: requestedServerName: outbound_\.8000_\._\.httpbin\.foo\.svc\.cluster\.local, sourceIP: 10\.244\.\d+\.\d+:\d+/,
    );
    // authz-ingress: awk -F, '{print $3}' | awk -F: '{print $2}' | sed 's/ //' yields the client IP.
    const sleepIp = (await run('kubectl get pods -n foo -l app=sleep -o jsonpath={.items[0].status.podIP}')).stdout;
    for (const field of [2, 3]) expect(checking.split(',')[field]!.split(':')[1]!.replace(' ', '')).toBe(sleepIp);
    expect(lines.some((l) => l.includes('\tenforced denied, matched policy none\tthread='))).toBe(true);
  });

  test('the JSON access log (meshConfig.accessLogEncoding: JSON): sorted keys, one line per request', async () => {
    const run = await mesh(['meshConfig.accessLogFile=/dev/stdout', 'meshConfig.accessLogEncoding=JSON']);
    await run(curl('/status/418'));
    const r = await run('kubectl logs deploy/httpbin -n foo -c istio-proxy --tail=1');
    const entry = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual([...Object.keys(entry)].sort());
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/status/418',
      response_code: 418,
      authority: 'httpbin.foo:8000',
    });
    expect(entry['start_time']).toBe('2025-01-01T00:00:00.000Z');
  });

  test('app containers, streaming and unknown containers', async () => {
    const run = await mesh();
    const app = await run('kubectl logs deploy/httpbin -n foo');
    expect([app.exitCode, app.stderr]).toEqual([
      3,
      'meshwalk sim: kubectl logs of container httpbin is not simulated; only the istio-proxy container (Envoy) keeps a simulated log\n',
    ]);
    expect((await run('kubectl logs -f deploy/httpbin -n foo -c istio-proxy')).exitCode).toBe(3);
    const bad = await run('kubectl logs deploy/httpbin -n foo -c nope');
    expect([bad.exitCode, bad.stderr]).toEqual([
      1,
      expect.stringMatching(/^error: container nope is not valid for pod httpbin-/),
    ]);
  });
});

test(`a pod keeps its last ${PROXY_LOG_LINES} proxy lines`, () => {
  const store = new Store(
    { istio: '1.24', created: 0, propagationMs: 0, counter: 0, nextPodIp: 0, objects: [], history: [] },
    0,
  );
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'foo', uid: 'u1' } };
  store.data.proxyLogLevels = { u1: { rbac: 'debug' } };
  const line = { logger: 'rbac' as const, level: 'debug' as const, source: 'f.cc:1', message: 'm' };
  for (let i = 0; i < PROXY_LOG_LINES + 7; i++)
    recordProxyEvent(store, { pod: pod.metadata, debug: [{ ...line, message: `m${i}` }] });
  const kept = proxyLogOf(store, pod);
  expect(kept.length).toBe(PROXY_LOG_LINES);
  expect(kept[0]).toContain('\tm7\t');
});
