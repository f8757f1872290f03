/** istioctl x wait with distribution tracking, proxy-status, proxy-config log and dashboard. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { shlexSplit } from '../../src/sim/shell-words.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio: string, propagationMs = 0) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwistioctl2-'));
  dirs.push(stateDir);
  let now = Date.parse('2025-01-01T00:00:00Z');
  let first = true;
  const run = async (line: string, stdin = '') => {
    const r = await runSimCommand(shlexSplit(line), {
      stateDir,
      stdin,
      cwd: stateDir,
      now,
      ...(first ? { istio, propagationMs } : {}),
    });
    first = false;
    return r;
  };
  return { run, tick: (ms: number) => (now += ms) };
}

async function mesh(istio: string, propagationMs = 0) {
  const c = cluster(istio, propagationMs);
  await c.run('kubectl create ns foo');
  await c.run('kubectl label ns foo istio-injection=enabled');
  await c.run('kubectl apply -f samples/sleep/sleep.yaml -n foo');
  return c;
}

const PA =
  'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n';

describe('istioctl experimental wait with distribution tracking', () => {
  test('1.22 installed with PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING=true counts four xDS types per proxy', async () => {
    const { run } = await mesh('1.22');
    await run('kubectl apply -f -', PA);
    const off = await run('istioctl x wait --for=distribution peerauthentication default.foo');
    expect(off).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('pilot version tracking is disabled') });
    await run('istioctl install --set values.pilot.env.PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING=true -y');
    expect(
      await run('istioctl experimental wait --for=distribution --timeout=5m peerauthentication default.foo'),
    ).toEqual({
      stdout:
        'Resource security.istio.io/v1beta1/PeerAuthentication/foo/default present on 8 out of 8 configurations across 2 sidecars\n',
      stderr: '',
      exitCode: 0,
    });
  });

  test('a change that reaches the sidecars after --timeout fails as istioctl does; 1.14 tracks by default', async () => {
    const { run } = await mesh('1.14', 60_000);
    await run('kubectl apply -f -', PA);
    expect(await run('istioctl x wait --timeout=10s peerauthentication default.foo')).toEqual({
      stdout: '',
      stderr:
        'Error: timeout expired before resource security.istio.io/v1beta1/PeerAuthentication/foo/default became effective on all sidecars\n',
      exitCode: 1,
    });
    expect((await run('istioctl x wait --timeout=2m peerauthentication default.foo')).stdout).toBe(
      'Resource security.istio.io/v1beta1/PeerAuthentication/foo/default present on 8 out of 8 configurations for totally 2 sidecars\n',
    );
  });
});

describe('istioctl proxy-status', () => {
  test('1.24: every proxy SYNCED with the time since the push, gateways without routes NOT SENT, ECDS IGNORED', async () => {
    const { run, tick } = await mesh('1.24');
    tick(65_000);
    const r = await run('istioctl proxy-status');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {5,}CLUSTER {8}CDS {5,}LDS {5,}EDS {5,}RDS {5,}ECDS {8}ISTIOD {5,}VERSION$/);
    expect(lines[1]).toMatch(
      /^istio-ingressgateway-\S+\.istio-system +Kubernetes +SYNCED \(65s\) +SYNCED \(65s\) +SYNCED \(65s\) +NOT SENT +IGNORED +istiod-\S+ +1\.24\.0$/,
    );
    expect(lines[2]).toMatch(
      /^sleep-\S+\.foo +Kubernetes +SYNCED \(65s\) +SYNCED \(65s\) +SYNCED \(65s\) +SYNCED \(65s\) +IGNORED +istiod-\S+ +1\.24\.0$/,
    );
    expect(lines).toHaveLength(3);
    expect((await run('istioctl ps -n foo')).stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  test('1.12 has no CLUSTER or ECDS column; a POD argument (the config diff) is refused', async () => {
    const { run } = await mesh('1.12');
    const header = (await run('istioctl proxy-status')).stdout.split('\n')[0];
    expect(header).toMatch(/^NAME +CDS +LDS +EDS +RDS +ISTIOD +VERSION$/);
    expect(await run('istioctl proxy-status deploy/sleep.foo')).toMatchObject({ exitCode: 3 });
  });
});

describe('istioctl proxy-config log and dashboard', () => {
  test('log: sets the levels, prints every logger under POD.NS as Envoy lists them, and remembers them', async () => {
    const { run } = await mesh('1.24');
    expect(await run('istioctl proxy-config log')).toEqual({
      stdout: '',
      stderr: 'Error: log requires pod name or --selector\n',
      exitCode: 1,
    });
    expect(await run('istioctl pc log deploy/sleep -n foo --level rbac:loud')).toEqual({
      stdout: '',
      stderr: 'Error: unrecognized logging level: loud\n',
      exitCode: 1,
    });
    expect(await run('istioctl pc log deploy/sleep -n foo --level nosuch:debug')).toMatchObject({
      stderr: 'Error: unrecognized logger name: nosuch\n',
      exitCode: 1,
    });
    expect(await run('istioctl pc log deploy/sleep -n foo -r --level debug')).toMatchObject({
      exitCode: 1,
      stderr: 'Error: --level cannot be combined with --reset\n',
    });
    const r = await run('istioctl proxy-config log deploy/sleep.foo --level rbac:debug');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^sleep-[a-z0-9]+-[a-z0-9]{5}\.foo:$/);
    expect(lines[1]).toBe('active loggers:');
    expect(lines[2]).toBe('  admin: warning');
    expect(lines.filter((l) => l.includes('rbac'))).toEqual(['  rbac: debug']);
    expect(lines).toContain('  misc: error');
    // Envoy keeps the level; a later call without --level shows it, -r puts every logger back to warning.
    expect((await run('istioctl pc log deploy/sleep -n foo')).stdout).toContain('  rbac: debug\n');
    const reset = (await run('istioctl pc log deploy/sleep -n foo -r')).stdout;
    expect(reset).toContain('  rbac: warning\n');
    expect(reset).toContain('  misc: warning\n');
  });

  test('dashboard: refused, naming what the simulated cluster does not run', async () => {
    const { run } = cluster('1.24');
    for (const line of ['istioctl dashboard kiali', 'istioctl dashboard grafana', 'istioctl d prometheus']) {
      const r = await run(line);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain('runs no Prometheus, Grafana, Kiali');
    }
  });
});
