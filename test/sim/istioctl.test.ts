/** istioctl on the simulated cluster: proxy-config secret / rootca-compare, and what stays refused. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { shlexSplit } from '../../src/sim/shell-words.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio = '1.24') {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwistioctl-'));
  dirs.push(stateDir);
  let now = Date.parse('2025-01-01T00:00:00Z');
  let first = true;
  const run = async (line: string, stdin = '') => {
    const r = await runSimCommand(shlexSplit(line), {
      stateDir,
      stdin,
      cwd: stateDir,
      now,
      ...(first ? { istio } : {}),
    });
    first = false;
    return r;
  };
  return { run, tick: (ms: number) => (now += ms) };
}

const HEADER =
  'RESOURCE NAME     TYPE           STATUS     VALID CERT     SERIAL NUMBER                        NOT AFTER                NOT BEFORE';

async function mesh(istio?: string) {
  const c = cluster(istio);
  await c.run('kubectl create ns foo');
  await c.run('kubectl label ns foo istio-injection=enabled');
  await c.run('kubectl create ns legacy');
  await c.run('kubectl apply -f samples/httpbin/httpbin.yaml -n foo');
  await c.run('kubectl apply -f samples/sleep/sleep.yaml -n foo');
  await c.run('kubectl apply -f samples/sleep/sleep.yaml -n legacy');
  return c;
}

describe('istioctl proxy-config', () => {
  test("secret: the workload certificate and the root, in istioctl's table (padding 5)", async () => {
    const { run } = await mesh();
    const r = await run('istioctl proxy-config secret deploy/httpbin -n foo');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]).toMatch(
      /^default {11}Cert Chain {5}ACTIVE {5}true {11}[0-9a-f]{1,32} +2025-01-02T00:00:00Z {5}2024-12-31T23:58:00Z$/,
    );
    expect(lines[2]).toMatch(
      /^ROOTCA {12}CA {13}ACTIVE {5}true {11}[0-9a-f]{1,32} +2034-12-30T00:00:00Z {5}2025-01-01T00:00:00Z$/,
    );
    // The same through a pod name with .namespace, `pc` and `secrets`.
    const pod = (await run('kubectl get pod -n foo -l app=httpbin -o jsonpath={.items[0].metadata.name}')).stdout;
    expect((await run(`istioctl pc secrets ${pod}.foo`)).stdout).toBe(r.stdout);
    expect((await run(`istioctl pc s pod/${pod} -n foo`)).stdout).toBe(r.stdout);
  });

  test('secret: the certificate is renewed after 12 hours, the root stays', async () => {
    const { run, tick } = await mesh();
    const before = (await run('istioctl proxy-config secret deploy/sleep -n foo')).stdout.split('\n');
    tick(13 * 3_600_000);
    const after = (await run('istioctl proxy-config secret deploy/sleep -n foo')).stdout.split('\n');
    expect(after[1]).toContain('2025-01-02T12:00:00Z');
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).toBe(before[2]);
  });

  test('errors as istioctl prints them; what it cannot know is refused', async () => {
    const { run } = await mesh();
    expect(await run('istioctl proxy-config secret deploy/nope -n foo')).toEqual({
      stdout: '',
      stderr: 'Error: failed retrieving: deployments.apps "nope" not found in the "foo" namespace\n',
      exitCode: 1,
    });
    expect(await run('istioctl proxy-config secret')).toMatchObject({
      stderr: 'Error: secret requires pod name or --file parameter\n',
      exitCode: 1,
    });
    expect(await run('istioctl proxy-config secret deploy/sleep -n legacy')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining('has no sidecar'),
    });
    expect(await run('istioctl proxy-config secret deploy/sleep -n foo -o json')).toMatchObject({ exitCode: 3 });
    expect(await run('istioctl proxy-config cluster deploy/sleep -n foo')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining("Envoy's configuration"),
    });
    expect(await run('istioctl x describe pod x -n foo')).toMatchObject({ exitCode: 3 });
  });

  test('rootca-compare: one mesh, one root', async () => {
    const { run } = await mesh();
    const r = await run('istioctl proxy-config rootca-compare deploy/sleep.foo deploy/httpbin.foo');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^Both \[sleep-\S+\.foo\] and \[httpbin-\S+\.foo\] have the identical ROOTCA, theoretically the connectivity between them is available\n$/,
    );
  });

  test('older releases: secret exists from 1.8, rootca-compare from 1.12', async () => {
    const { run } = await mesh('1.7');
    expect(await run('istioctl proxy-config secret deploy/sleep -n foo')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining('added in 1.8'),
    });
  });
});

describe('istioctl experimental wait', () => {
  test('1.16-1.22: istiod does not track distribution by default, so the command fails as it does there', async () => {
    const { run } = await mesh('1.20');
    await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n',
    );
    expect(
      await run('istioctl experimental wait --for=distribution --timeout=5m peerauthentication default.foo'),
    ).toEqual({
      stdout: '',
      stderr:
        'Error: pilot version tracking is disabled (To enable this feature, please set PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING=true)\n',
      exitCode: 1,
    });
    expect(await run('istioctl x wait peerauthentication nope.foo')).toMatchObject({ exitCode: 3 });
  });

  test('1.23+ has no wait command; up to 1.15 the distribution count is not modelled: refused, saying so', async () => {
    expect(
      await (await mesh('1.24')).run('istioctl x wait --for=distribution peerauthentication default.foo'),
    ).toMatchObject({ exitCode: 3, stderr: expect.stringContaining('removed in 1.23') });
    expect(
      await (await mesh('1.10')).run('istioctl x wait --for=distribution peerauthentication default.foo'),
    ).toMatchObject({ exitCode: 3, stderr: expect.stringContaining('not modelled') });
  });
});
