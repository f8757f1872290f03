import { describe, expect, it } from 'vitest';
import { selectCluster } from '../../src/cluster/select.js';
import type { Cluster } from '../../src/cluster/port.js';

const real = { kind: 'real' as const, context: 'minikube', description: 'kube context "minikube"', run: async () => ({}) as never } satisfies Cluster & { context: string };
const base = { env: {}, cwd: '/tmp', dataDir: '/data' };

describe('selectCluster', () => {
  it('--cluster sim never looks at kubectl', async () => {
    let asked = false;
    const s = await selectCluster({ ...base, choice: 'sim', resolveReal: async () => ((asked = true), { ok: false, reason: 'x' }) });
    expect(s).toMatchObject({ kind: 'sim', key: 'sim', line: 'Using the simulated cluster (--cluster sim).' });
    expect(asked).toBe(false);
    expect(s.forWorkDir('/w').kind).toBe('sim');
  });

  it('with none: a local reachable context wins', async () => {
    const s = await selectCluster({ ...base, resolveReal: async () => ({ ok: true, cluster: real, description: 'kube context "minikube" (minikube, https://192.168.49.2:8443)' }) });
    expect(s).toMatchObject({ kind: 'real', key: 'context:minikube' });
    expect(s.line).toBe('Using kube context "minikube" (minikube, https://192.168.49.2:8443): the current context is local and answers.');
  });

  it('with none: falls back to the simulated cluster and says why', async () => {
    const s = await selectCluster({ ...base, resolveReal: async () => ({ ok: false, reason: 'kubectl has no current context' }) });
    expect(s.kind).toBe('sim');
    expect(s.line).toBe(
      'Using the simulated cluster: no local cluster is usable (kubectl has no current context). Pass --cluster current to insist on a real one.',
    );
  });

  it('an explicit real cluster that cannot be used is an environment error, not a silent fallback', async () => {
    await expect(selectCluster({ ...base, choice: 'current', resolveReal: async () => ({ ok: false, reason: 'context "gke_prod" is not local' }) })).rejects.toMatchObject({
      message: 'meshwalk: --cluster current: context "gke_prod" is not local',
      exitCode: 4,
    });
  });

  it('--cluster minikube asks for the minikube context', async () => {
    let asked: string | undefined;
    await selectCluster({ ...base, choice: 'minikube', resolveReal: async (o) => ((asked = o.context), { ok: true, cluster: real, description: 'd' }) });
    expect(asked).toBe('minikube');
  });
});
