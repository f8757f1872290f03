/** What istiod leaves at install: istio-ca-secret in istio-system, istio-ca-root-cert in default; reset keeps them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createSimCluster } from '../../src/cluster/sim.js';
import { planReset } from '../../src/commands/reset-plan.js';
import { runSimCommand } from '../../src/sim/simulator.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function stateDir() {
  const d = mkdtempSync(join(tmpdir(), 'mwcasecret-'));
  dirs.push(d);
  return d;
}

describe('istio-ca-secret', () => {
  test('kubectl -n istio-system get secrets shows the CA root with its 5 keys', async () => {
    const dir = stateDir();
    const run = (line: string) =>
      runSimCommand(line.split(' '), { stateDir: dir, stdin: '', cwd: dir, now: Date.parse('2025-01-01T00:00:00Z') });
    const r = await run('kubectl -n istio-system get secrets');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE$/);
    expect(lines[1]).toMatch(/^istio-ca-secret\s+istio\.io\/ca-root\s+5\s+\S+$/);
    expect(
      Object.keys(
        JSON.parse(
          (await run('kubectl get secret istio-ca-secret -n istio-system -o jsonpath={.data}')).stdout,
        ) as object,
      ).sort(),
    ).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'key.pem', 'root-cert.pem']);
    expect((await run('kubectl get cm istio-ca-root-cert -n default -o name')).stdout).toBe(
      'configmap/istio-ca-root-cert\n',
    );
    await run('kubectl create ns foo');
    expect((await run('kubectl get cm -n foo -o name')).stdout).toContain('configmap/istio-ca-root-cert\n');
  });

  test('meshwalk reset never plans to delete it (it carries no meshwalk label)', async () => {
    const dir = stateDir();
    const sim = createSimCluster({ stateDir: dir, cwd: dir, env: {}, propagationMs: 0 });
    await sim.run(['kubectl', 'create', 'ns', 'mw-x']);
    await sim.run(['kubectl', 'label', 'ns', 'mw-x', 'meshwalk.dev/lesson=x']);
    const plan = await planReset(sim);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.plan.namespaces.map((n) => n.ref)).toEqual(['namespace/mw-x']);
    expect(JSON.stringify(plan.plan.objects)).not.toContain('istio-ca');
  });
});
