/** kubectl get crd: Istio's CRDs for the cluster's release, no Gateway API CRDs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio?: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwcrd-'));
  dirs.push(stateDir);
  let first = true;
  return async (line: string) => {
    const r = await runSimCommand(line.split(' '), {
      stateDir,
      stdin: '',
      cwd: stateDir,
      now: Date.parse('2025-01-01T00:00:00Z'),
      ...(first && istio ? { istio } : {}),
    });
    first = false;
    return r;
  };
}

describe('kubectl get crd', () => {
  test('lists the Istio CRDs of 1.24 with NAME and CREATED AT', async () => {
    const run = cluster('1.24');
    const r = await run('kubectl get crd');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CREATED AT$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      'authorizationpolicies.security.istio.io',
      'destinationrules.networking.istio.io',
      'envoyfilters.networking.istio.io',
      'gateways.networking.istio.io',
      'peerauthentications.security.istio.io',
      'proxyconfigs.networking.istio.io',
      'requestauthentications.security.istio.io',
      'serviceentries.networking.istio.io',
      'sidecars.networking.istio.io',
      'telemetries.telemetry.istio.io',
      'virtualservices.networking.istio.io',
      'wasmplugins.extensions.istio.io',
      'workloadentries.networking.istio.io',
      'workloadgroups.networking.istio.io',
    ]);
    expect(lines[1]).toMatch(/^authorizationpolicies\.security\.istio\.io\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await run('kubectl get customresourcedefinitions')).stdout).toBe(r.stdout);
  });

  test('one by name; the Gateway API CRDs are not installed', async () => {
    const run = cluster();
    expect((await run('kubectl get crd virtualservices.networking.istio.io -o name')).stdout).toBe(
      'customresourcedefinition.apiextensions.k8s.io/virtualservices.networking.istio.io\n',
    );
    expect(
      (await run('kubectl get crd/peerauthentications.security.istio.io -o jsonpath={.spec.names.kind}')).stdout,
    ).toBe('PeerAuthentication');
    expect(await run('kubectl get crd gateways.gateway.networking.k8s.io')).toEqual({
      stdout: '',
      stderr:
        'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "gateways.gateway.networking.k8s.io" not found\n',
      exitCode: 1,
    });
    expect(await run('kubectl get crd gateways.gateway.networking.k8s.io --ignore-not-found')).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
  });

  test('an old release lists what it served (1.5: no v1 APIs, no Telemetry, the authentication.istio.io kinds)', async () => {
    const run = cluster('1.5');
    const names = (await run('kubectl get crd --no-headers')).stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(names).toContain('policies.authentication.istio.io');
    expect(names).not.toContain('telemetries.telemetry.istio.io');
  });
});
