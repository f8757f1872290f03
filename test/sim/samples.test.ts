/** `kubectl apply -f samples/...` without an Istio release folder: the release's own files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { readSample, samplePath } from '../../src/sim/samples/index.js';
import { shlexSplit } from '../../src/sim/shell-words.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwsamples-'));
  const cwd = mkdtempSync(join(tmpdir(), 'mwsamples-cwd-'));
  dirs.push(stateDir, cwd);
  let first = true;
  const run = async (line: string, stdin = '') => {
    const r = await runSimCommand(shlexSplit(line), {
      stateDir,
      stdin,
      cwd,
      now: Date.parse('2025-01-01T00:00:00Z'),
      ...(first ? { istio } : {}),
    });
    first = false;
    return r;
  };
  return { run, cwd };
}

describe('embedded Istio samples', () => {
  test('paths are recognised as typed from the release folder, beside it, or with ./', () => {
    expect(samplePath('samples/sleep/sleep.yaml')).toBe('samples/sleep/sleep.yaml');
    expect(samplePath('./samples/sleep/sleep.yaml')).toBe('samples/sleep/sleep.yaml');
    expect(samplePath('istio-1.24.0/samples/sleep/sleep.yaml')).toBe('samples/sleep/sleep.yaml');
    expect(samplePath('/etc/samples/sleep.yaml')).toBeUndefined();
    expect(samplePath('samples/../secret.yaml')).toBeUndefined();
    expect(samplePath('manifests/sleep.yaml')).toBeUndefined();
  });

  test('the httpbin image follows the release', async () => {
    expect(await readSample('samples/httpbin/httpbin.yaml', '1.17')).toContain('image: docker.io/kennethreitz/httpbin');
    expect(await readSample('samples/httpbin/httpbin.yaml', '1.18')).toContain('image: docker.io/kong/httpbin');
    expect(await readSample('samples/httpbin/httpbin.yaml', '1.23')).toContain('containerPort: 8080');
    expect(await readSample('samples/httpbin/httpbin.yaml', '1.24')).toContain('mccutchen/go-httpbin:v2.15.0');
    expect(await readSample('samples/curl/curl.yaml', '1.23')).toBeUndefined();
    expect(await readSample('samples/curl/curl.yaml', '1.24')).toContain('name: curl');
    expect(await readSample('samples/not/there.yaml', '1.24')).toBeUndefined();
  });

  test('kubectl apply -f samples/... deploys the sample; the pods run with sidecars', async () => {
    const { run } = cluster('1.24');
    await run('kubectl create ns foo');
    await run('kubectl label namespace foo istio-injection=enabled');
    expect(await run('kubectl apply -f samples/httpbin/httpbin.yaml -n foo')).toEqual({
      stdout: 'serviceaccount/httpbin created\nservice/httpbin created\ndeployment.apps/httpbin created\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await run('kubectl apply -f samples/sleep/sleep.yaml -n foo')).stdout).toBe(
      'serviceaccount/sleep created\nservice/sleep created\ndeployment.apps/sleep created\n',
    );
    expect(
      (await run('kubectl get deploy httpbin -n foo -o jsonpath={.spec.template.spec.containers[0].image}')).stdout,
    ).toBe('docker.io/mccutchen/go-httpbin:v2.15.0');
    const code = await run(
      'kubectl exec "$(kubectl get pod -l app=sleep -n foo -o jsonpath={.items..metadata.name})" -c sleep -n foo -- curl http://httpbin.foo:8000/ip -s -o /dev/null -w "%{http_code}\\n"',
    );
    expect(code).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
    const bookinfo = await run('kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml -n foo');
    expect(bookinfo.exitCode).toBe(0);
    expect(bookinfo.stdout).toContain('deployment.apps/productpage-v1 created');
    expect(await run('kubectl apply -f samples/nope/nope.yaml')).toMatchObject({
      stderr: 'error: the path "samples/nope/nope.yaml" does not exist\n',
      exitCode: 1,
    });
  });

  test('an older release gets its own file; a file on disk wins', async () => {
    const { run, cwd } = cluster('1.17');
    await run('kubectl create ns foo');
    await run('kubectl apply -f samples/httpbin/httpbin.yaml -n foo');
    expect(
      (await run('kubectl get deploy httpbin -n foo -o jsonpath={.spec.template.spec.containers[0].image}')).stdout,
    ).toBe('docker.io/kennethreitz/httpbin');
    mkdirSync(join(cwd, 'samples', 'sleep'), { recursive: true });
    writeFileSync(
      join(cwd, 'samples', 'sleep', 'sleep.yaml'),
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: mine}\n',
    );
    expect((await run('kubectl apply -f samples/sleep/sleep.yaml -n foo')).stdout).toBe(
      'serviceaccount/mine created\n',
    );
    expect(await run('kubectl apply -f samples/curl/curl.yaml')).toMatchObject({
      stderr: 'error: the path "samples/curl/curl.yaml" does not exist\n',
      exitCode: 1,
    });
  });

  test('istioctl kube-inject -f samples/... and kubectl apply -f <(istioctl kube-inject ...)', async () => {
    const { run } = cluster('1.24');
    const injected = await run('istioctl kube-inject -f samples/sleep/sleep.yaml');
    expect(injected.exitCode).toBe(0);
    expect(injected.stdout).toContain('name: istio-proxy');
    await run('kubectl create ns legacy');
    expect(
      (await run('kubectl apply -f <(istioctl kube-inject -f samples/httpbin/httpbin.yaml) -n legacy')).stdout,
    ).toContain('deployment.apps/httpbin created');
    expect((await run('kubectl get pods -n legacy')).stdout).toMatch(/httpbin-\S+\s+2\/2\s+Running/);
  });
});

describe('pipelines on the simulated cluster', () => {
  test('istioctl kube-inject -f samples/... | kubectl apply -f -', async () => {
    const { run } = cluster('1.24');
    await run('kubectl create ns bar');
    const r = await run('istioctl kube-inject -f samples/httpbin/httpbin.yaml | kubectl apply -n bar -f -');
    expect(r).toEqual({
      stdout: 'serviceaccount/httpbin created\nservice/httpbin created\ndeployment.apps/httpbin created\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await run('kubectl get pods -n bar')).stdout).toMatch(/httpbin-\S+\s+2\/2\s+Running/);
    // A text tool reads the output; nothing runs when a part cannot: the namespace is not created.
    expect(await run('kubectl create ns qux | grep created')).toEqual({
      stdout: 'namespace/qux created\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await run('kubectl create ns baz | grep created | jq .')).toMatchObject({ exitCode: 3 });
    expect(await run('kubectl create ns baz | jq .')).toMatchObject({ exitCode: 3 });
    expect(await run('kubectl get ns baz')).toMatchObject({ exitCode: 1 });
  });
});
