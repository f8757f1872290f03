/**
 * Istio 1.25 to 1.31 on the simulated cluster, each as its tag's sources say: the default release,
 * version strings, served CRD versions, and native sidecars (1.27+ on the node's Kubernetes 1.35.1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { shlexSplit } from '../../src/sim/shell-words.js';
import { NEWEST_ISTIO, istioRelease, parseIstioVersion } from '../../src/sim/versions.js';
import { injectsNativeSidecar } from '../../src/sim/kube/native-sidecars.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const NOW = Date.parse('2026-01-01T00:00:00Z');
function cluster(istio?: string, stateDir = mkdtempSync(join(tmpdir(), 'mwreleases-'))) {
  dirs.push(stateDir);
  let first = true;
  return async (line: string, stdin = '') => {
    const opts = { stateDir, stdin, cwd: stateDir, now: NOW, ...(first && istio ? { istio } : {}) };
    first = false;
    return runSimCommand(shlexSplit(line), opts);
  };
}
type Run = ReturnType<typeof cluster>;
const out = async (run: Run, line: string) => (await run(line)).stdout;

/** foo injected, with Istio's curl and httpbin samples. */
async function mesh(istio?: string, stateDir?: string) {
  const run = cluster(istio, stateDir);
  await run('kubectl create ns foo');
  await run('kubectl label ns foo istio-injection=enabled');
  await run('kubectl apply -n foo -f samples/curl/curl.yaml');
  await run('kubectl apply -n foo -f samples/httpbin/httpbin.yaml');
  return run;
}

/** A Deployment `curl` in foo with these pod annotations and init containers. */
function curlDeployment(annotations = '{}', initContainers = '[]'): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: curl, namespace: foo}',
    'spec:',
    '  selector: {matchLabels: {app: curl}}',
    '  template:',
    `    metadata: {labels: {app: curl}, annotations: ${annotations}}`,
    '    spec:',
    `      initContainers: ${initContainers}`,
    '      containers: [{name: curl, image: curlimages/curl:8.16.0}]',
    '',
  ].join('\n');
}

const NATIVE = ['1.27', '1.28', '1.29', '1.30', '1.31'];
const CLASSIC = ['1.24', '1.25', '1.26'];
const NEW = ['1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31'];
const jsonpath = (path: string) => `kubectl get pods -n foo -l app=curl -o jsonpath='${path}'`;
const strictPa = (api = 'security.istio.io/v1') =>
  `apiVersion: ${api}\nkind: PeerAuthentication\n` +
  'metadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n';

describe('the default release', () => {
  test('meshwalk sim installs 1.31, modelled on the 1.31.0-rc.0 tag, and says so in every version string', async () => {
    expect(NEWEST_ISTIO).toBe('1.31');
    const run = await mesh();
    const rc = '1.31.0-rc.0';
    expect(await out(run, 'istioctl version')).toBe(
      `client version: ${rc}\ncontrol plane version: ${rc}\ndata plane version: ${rc} (3 proxies)\n`,
    );
    const image = "kubectl get deploy istiod -n istio-system -o jsonpath='{.spec.template.spec.containers[0].image}'";
    expect(await out(run, image)).toBe(`docker.io/istio/pilot:${rc}`);
    expect(await out(run, jsonpath('{.items[0].spec.initContainers[1].image}'))).toBe(`docker.io/istio/proxyv2:${rc}`);
  });

  test('--istio takes 1.4 to 1.31; 1.32 is not modelled', () => {
    expect(parseIstioVersion('1.31.2')).toEqual({ version: '1.31' });
    expect(parseIstioVersion('1.31.0-rc.0')).toEqual({ version: '1.31' });
    const error = 'Istio 1.32 is not modelled: the simulator models 1.4 to 1.31';
    expect(parseIstioVersion('1.32')).toEqual({ error });
  });

  test.each(NEW.slice(0, -1))('istioctl version on %s names its .0 release', async (v) => {
    expect(istioRelease(v)).toBe(`${v}.0`);
    expect(await out(cluster(v), 'istioctl version --remote=false')).toBe(`${v}.0\n`);
  });

  test.each(['1.25', '1.31'])('istioctl on %s has the commands of 1.24: x wait stays refused', async (v) => {
    const r = await cluster(v)('istioctl x wait --for=distribution peerauthentication default.foo');
    expect(r).toMatchObject({ exitCode: 3, stderr: expect.stringContaining('removed in 1.23') });
  });

  test("the node runs minikube v1.38.1's default Kubernetes, v1.35.1; kubectl 1.32 warns about the skew", async () => {
    const run = cluster();
    const v = await run('kubectl version');
    expect(v.stdout).toBe('Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.35.1\n');
    expect(v.stderr).toBe(
      'WARNING: version difference between client (1.32) and server (1.35) ' +
        'exceeds the supported minor version skew of +/-1\n',
    );
    expect((await run('kubectl version --client')).stderr).toBe('');
    const json = JSON.parse(await out(run, 'kubectl version -o json')) as { serverVersion: unknown };
    expect(json.serverVersion).toMatchObject({ minor: '35', gitVersion: 'v1.35.1' });
    const node = /^minikube\s+Ready\s+control-plane\s+\S+\s+v1\.35\.1\n$/;
    expect(await out(run, 'kubectl get nodes --no-headers')).toMatch(node);
    const minikube = 'minikube version: v1.38.1\ncommit: c93a4cb9311efc66b90d33ea03f75f2c4120e9b0\n';
    expect(await out(run, 'minikube version')).toBe(minikube);
  });
});

describe('served CRDs and API versions', () => {
  const storage = (run: Run, crd: string) =>
    out(run, `kubectl get crd ${crd} -o 'jsonpath={range .spec.versions[*]}{.name}={.storage} {end}'`);

  test.each(NEW)('%s serves security.istio.io v1, v1beta1 and networking.istio.io v1, v1beta1, v1alpha3', async (v) => {
    const run = cluster(v);
    await run('kubectl create ns foo');
    for (const api of ['security.istio.io/v1', 'security.istio.io/v1beta1']) {
      expect((await run('kubectl apply -f -', strictPa(api))).exitCode, api).toBe(0);
    }
    for (const api of ['v1', 'v1beta1', 'v1alpha3']) {
      const dr =
        `apiVersion: networking.istio.io/${api}\nkind: DestinationRule\n` +
        `metadata: {name: dr-${api}, namespace: foo}\nspec: {host: x}\n`;
      expect((await run('kubectl apply -f -', dr)).exitCode, api).toBe(0);
    }
    const api = await out(run, "kubectl get peerauthentication default -n foo -o jsonpath='{.apiVersion}'");
    expect(api).toBe('security.istio.io/v1');
  });

  test('the storage version moves to v1: networking.istio.io in 1.27, security.istio.io in 1.28', async () => {
    const got: Record<string, string[]> = {};
    for (const v of ['1.26', '1.27', '1.28']) {
      const run = cluster(v);
      got[v] = [
        await storage(run, 'virtualservices.networking.istio.io'),
        await storage(run, 'authorizationpolicies.security.istio.io'),
      ];
    }
    expect(got).toEqual({
      '1.26': ['v1=false v1beta1=true v1alpha3=false ', 'v1=false v1beta1=true '],
      '1.27': ['v1=true v1beta1=false v1alpha3=false ', 'v1=false v1beta1=true '],
      '1.28': ['v1=true v1beta1=false v1alpha3=false ', 'v1=true v1beta1=false '],
    });
  });

  test('TrafficExtension (extensions.istio.io/v1alpha1) is served from 1.30', async () => {
    const crd = 'trafficextensions.extensions.istio.io';
    expect((await cluster('1.29')(`kubectl get crd ${crd}`)).exitCode).toBe(1);
    for (const v of ['1.30', '1.31']) {
      const name = await out(cluster(v), `kubectl get crd ${crd} -o name`);
      expect(name, v).toBe(`customresourcedefinition.apiextensions.k8s.io/${crd}\n`);
    }
  });
});

describe('native sidecars', () => {
  test('on from 1.27 (ENABLE_NATIVE_SIDECARS=auto, kubelet >= 1.33); the pod annotation overrides from 1.24', () => {
    const byDefault = [...CLASSIC, ...NATIVE].map((v) => injectsNativeSidecar(v));
    expect(byDefault).toEqual([false, false, false, true, true, true, true, true]);
    expect(injectsNativeSidecar('1.31', { 'sidecar.istio.io/nativeSidecar': 'false' })).toBe(false);
    expect(injectsNativeSidecar('1.24', { 'sidecar.istio.io/nativeSidecar': 'true' })).toBe(true);
    expect(injectsNativeSidecar('1.23', { 'sidecar.istio.io/nativeSidecar': 'true' })).toBe(false);
  });

  test.each([...CLASSIC, ...NATIVE])('%s: READY 2/2; the containers, init containers and status', async (v) => {
    const run = await mesh(v);
    const native = NATIVE.includes(v);
    const ready = /^curl-\S+\s+2\/2\s+Running\s+0\s/;
    expect(await out(run, 'kubectl get pods -n foo -l app=curl --no-headers')).toMatch(ready);
    expect(await out(run, jsonpath('{.items[0].spec.containers[*].name}'))).toBe(native ? 'curl' : 'curl istio-proxy');
    const inits = await out(run, jsonpath('{.items[0].spec.initContainers[*].name}'));
    expect(inits).toBe(native ? 'istio-init istio-proxy' : 'istio-init');
    expect(await out(run, jsonpath('{.items[0].spec.initContainers[*].restartPolicy}'))).toBe(native ? 'Always' : '');
    const status = JSON.parse(await out(run, jsonpath('{.items[0].metadata.annotations.sidecar\\.istio\\.io/status}')));
    expect(status).toMatchObject(
      native
        ? { initContainers: ['istio-init', 'istio-proxy'], containers: null }
        : { initContainers: ['istio-init'], containers: ['istio-proxy'] },
    );
    expect(status.volumes.includes('istio-ca-crl')).toBe(native);
  });

  test('describe pod lists the native istio-proxy under Init Containers, running and ready (1.31)', async () => {
    const text = await out(await mesh('1.31'), 'kubectl describe pod -n foo -l app=curl');
    const init = text.slice(text.indexOf('Init Containers:'), text.indexOf('\nContainers:'));
    const main = text.slice(text.indexOf('\nContainers:'), text.indexOf('\nConditions:'));
    expect(init).toMatch(/\n {2}istio-init:\n/);
    expect(init).toMatch(/\n {2}istio-proxy:\n[\s\S]*State:\s+Running[\s\S]*Ready:\s+True/);
    expect(main).toMatch(/\n {2}curl:\n/);
    expect(main).not.toContain('istio-proxy');
  });

  test('on 1.26 describe shows istio-proxy under Containers', async () => {
    const text = await out(await mesh('1.26'), 'kubectl describe pod -n foo -l app=curl');
    expect(text.slice(text.indexOf('\nContainers:'))).toMatch(/\n {2}istio-proxy:\n/);
  });

  test('exec -c istio-proxy, the mesh and proxy-config still find the native proxy (1.31)', async () => {
    const run = await mesh('1.31');
    const probe = "curl -s -o /dev/null -w '%{http_code}' http://httpbin.foo:8000/ip";
    // From the proxy container the request leaves as the proxy's own (uid 1337): no sidecar hop, plain 200.
    const fromProxy = await run(`kubectl exec deploy/curl -n foo -c istio-proxy -- ${probe}`);
    expect(fromProxy).toMatchObject({ stdout: '200', stderr: '', exitCode: 0 });
    // The app's request goes through the native sidecar: mTLS, so STRICT still answers 200 ...
    await run('kubectl apply -f -', strictPa());
    const fromApp = await run(`kubectl exec deploy/curl -n foo -c curl -- ${probe}`);
    expect(fromApp).toMatchObject({ stdout: '200', exitCode: 0 });
    // ... and the XFCC header names the client's identity.
    const headers = await out(run, 'kubectl exec deploy/curl -n foo -c curl -- curl -s httpbin.foo:8000/headers');
    expect(headers).toContain('URI=spiffe://cluster.local/ns/foo/sa/curl');
    expect((await run('istioctl proxy-config secret deploy/curl -n foo')).exitCode).toBe(0);
    const nope = await run('kubectl exec deploy/curl -n foo -c nope -- true');
    expect(nope.stderr).toBe('error: unable to upgrade connection: container not found ("nope")\n');
  });

  const orders = [
    ['1.24', 'setup istio-init'],
    ['1.31', 'istio-init istio-proxy setup'],
  ];
  test.each(orders)('%s orders init containers as reorderPod does: %s', async (v, order) => {
    const run = cluster(v);
    await run('kubectl create ns foo');
    await run('kubectl label ns foo istio-injection=enabled');
    const applied = await run('kubectl apply -f -', curlDeployment('{}', '[{name: setup, image: busybox:1.36}]'));
    expect(applied.exitCode).toBe(0);
    expect(await out(run, jsonpath('{.items[0].spec.initContainers[*].name}'))).toBe(order);
  });

  test('meshwalk explain sees both native sidecars (1.31)', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'mwreleases-'));
    await mesh('1.31', stateDir);
    const cli = join(process.cwd(), 'dist', 'cli.js');
    const args = [cli, 'explain', '--state', stateDir, '--from', 'foo/curl', '--to', 'http://httpbin.foo:8000/ip'];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(r.stdout).toMatch(/1\. sidecars {7}client foo\/curl-\S+ \(with sidecar, service account curl\); /);
    expect(r.stdout).toMatch(/; server foo\/httpbin-\S+ \(with sidecar, service account httpbin\)/);
    expect(r.stdout).toContain('the client sidecar sends mTLS');
  });

  test('sidecar.istio.io/nativeSidecar: "false" on the pod keeps the classic layout on 1.31', async () => {
    const run = cluster('1.31');
    await run('kubectl create ns foo');
    await run('kubectl label ns foo istio-injection=enabled');
    const applied = await run('kubectl apply -f -', curlDeployment('{sidecar.istio.io/nativeSidecar: "false"}'));
    expect(applied.exitCode).toBe(0);
    expect(await out(run, jsonpath('{.items[0].spec.containers[*].name}'))).toBe('curl istio-proxy');
  });
});

describe('istioctl sees native sidecars', () => {
  test('proxy-status lists pods whose proxy is an init container (1.31)', async () => {
    const run = await mesh();
    const status = await out(run, 'istioctl proxy-status');
    expect(status).toMatch(/^curl-\S+\.foo +Kubernetes +SYNCED/m);
    expect(status).toMatch(/^httpbin-\S+\.foo +Kubernetes +SYNCED/m);
  });
});
