import { describe, expect, it } from 'vitest';
import { selectCluster } from '../../src/cluster/select.js';
import type { Cluster } from '../../src/cluster/port.js';
import { healthyMinikube, minified } from './scenarios.js';
import { standins } from './standins.js';

const real = {
  kind: 'real' as const,
  context: 'minikube',
  description: 'kube context "minikube"',
  run: async () => ({}) as never,
} satisfies Cluster & { context: string };
const base = { env: {}, cwd: '/tmp', dataDir: '/data' };

describe('selectCluster', () => {
  it('--cluster sim never looks at kubectl', async () => {
    let asked = false;
    const s = await selectCluster({
      ...base,
      choice: 'sim',
      resolveReal: async () => ((asked = true), { ok: false, reason: 'x' }),
    });
    expect(s).toMatchObject({ kind: 'sim', key: 'sim', line: 'Using the simulated cluster (--cluster sim).' });
    expect(asked).toBe(false);
    expect(s.forWorkDir('/w').kind).toBe('sim');
  });

  it('with none: a local reachable context wins', async () => {
    const s = await selectCluster({
      ...base,
      resolveReal: async () => ({
        ok: true,
        cluster: real,
        description: 'kube context "minikube" (minikube, https://192.168.49.2:8443)',
      }),
    });
    expect(s).toMatchObject({ kind: 'real', key: 'context:minikube' });
    expect(s.line).toBe(
      'Using kube context "minikube" (minikube, https://192.168.49.2:8443): the current context is local and answers.',
    );
  });

  it('with none: falls back to the simulated cluster and says why', async () => {
    const s = await selectCluster({
      ...base,
      resolveReal: async () => ({ ok: false, reason: 'kubectl has no current context' }),
    });
    expect(s.kind).toBe('sim');
    expect(s.line).toBe(
      'Using the simulated cluster: no local cluster is usable (kubectl has no current context). Pass --cluster current to insist on a real one.',
    );
  });

  it('an explicit real cluster that cannot be used is an environment error, not a silent fallback', async () => {
    await expect(
      selectCluster({
        ...base,
        choice: 'current',
        resolveReal: async () => ({ ok: false, reason: 'context "gke_prod" is not local' }),
      }),
    ).rejects.toMatchObject({
      message: 'meshwalk: --cluster current: context "gke_prod" is not local',
      exitCode: 4,
    });
  });

  it('--cluster minikube asks for the minikube context', async () => {
    let asked: string | undefined;
    await selectCluster({
      ...base,
      choice: 'minikube',
      resolveReal: async (o) => ((asked = o.context), { ok: true, cluster: real, description: 'd' }),
    });
    expect(asked).toBe('minikube');
  });
});

describe('selectCluster with no --cluster, through kubectl (stand-ins): why the simulated cluster, in plain words', () => {
  const pick = async (s: ReturnType<typeof standins>) =>
    (await selectCluster({ env: s.env, cwd: s.dir, dataDir: s.dir })).line;

  it('kubectl not installed', async () => {
    expect(await pick(standins([], ['minikube']))).toBe(
      'kubectl is not installed (it is not on PATH), so meshwalk uses the simulated cluster.',
    );
  });

  it('no current context', async () => {
    const s = standins([
      {
        tool: 'kubectl',
        args: ['config', 'view'],
        stderr: 'error: current-context must exist in order to minify\n',
        exit: 1,
      },
    ]);
    const line = await pick(s);
    expect(line).toBe(
      'No kube context is set (kubectl config current-context is empty), so meshwalk uses the simulated cluster.',
    );
    expect(line).not.toContain('minify');
    await expect(selectCluster({ env: s.env, cwd: s.dir, dataDir: s.dir, choice: 'current' })).rejects.toMatchObject({
      message:
        'meshwalk: --cluster current: no kube context is set (kubectl config current-context is empty): start a local cluster with "meshwalk setup" (or minikube start), or use --cluster sim',
      exitCode: 4,
    });
  });

  it('a context that is not local', async () => {
    const s = standins([
      { tool: 'kubectl', args: ['config', 'view'], stdout: minified('prod', 'prod-cluster', 'https://10.20.0.1:6443') },
    ]);
    expect(await pick(s)).toBe(
      'The current kube context "prod" is not a local cluster (https://10.20.0.1:6443), so meshwalk uses the simulated cluster rather than change it. To use it anyway: --cluster current --allow-context prod.',
    );
  });

  it('a local context that does not answer', async () => {
    const s = standins([]);
    s.setRules([
      {
        tool: 'kubectl',
        args: ['get', '--raw'],
        stderr:
          'The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?\n',
        exit: 1,
      },
      ...healthyMinikube(s.home),
    ]);
    expect(await pick(s)).toBe(
      'The current kube context "minikube" does not answer (is the cluster running? Start it with: minikube start), so meshwalk uses the simulated cluster.',
    );
  });
});
