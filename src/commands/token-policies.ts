/**
 * Where `meshwalk token --decode` reads the RequestAuthentication and AuthorizationPolicy
 * objects it compares a token with: a simulated cluster's state folder, or the current (local)
 * kube context, read only. A cluster that cannot be read is a reason, not an error: the token is
 * still decoded.
 */
import type { ClusterView } from '../kube/cluster-view.js';
import type { Io } from '../io.js';
import type { PolicySource } from './token-decode.js';

export type PolicyPlace = { kind: 'state'; dir: string } | { kind: 'current' } | { kind: 'tui' };

export async function readPolicies(place: PolicyPlace, io: Io): Promise<PolicySource> {
  try {
    const { view, where } = await viewOf(place, io);
    if (!view) return { ok: false, why: where };
    return {
      ok: true,
      where,
      requestAuthentications: [...view.list('RequestAuthentication')],
      authorizationPolicies: [...view.list('AuthorizationPolicy')],
    };
  } catch (err) {
    return { ok: false, why: `the cluster could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
}

async function viewOf(place: PolicyPlace, io: Io): Promise<{ view?: ClusterView; where: string }> {
  const [{ dataDir }, { join, resolve }] = await Promise.all([import('../progress/data-dir.js'), import('node:path')]);
  if (place.kind === 'state') return simView(resolve(io.cwd, place.dir));
  if (place.kind === 'current') return currentView(io);
  const { selectCluster } = await import('../cluster/select.js');
  const chosen = await selectCluster({ env: io.env, cwd: io.cwd, dataDir: dataDir(io.env) });
  io.stderr.write(`${chosen.line}\n`);
  return chosen.kind === 'sim' ? simView(join(dataDir(io.env), 'sim')) : currentView(io);
}

async function simView(dir: string): Promise<{ view?: ClusterView; where: string }> {
  const [{ loadState }, { Store }, { clusterView }] = await Promise.all([
    import('../sim/persist.js'),
    import('../sim/kube/store.js'),
    import('../sim/kube/view.js'),
  ]);
  const loaded = loadState(dir);
  if (loaded.kind === 'missing') return { where: `there is no simulated cluster in ${dir} yet` };
  if (loaded.kind === 'bad') return { where: `the simulated cluster in ${dir} cannot be read (${loaded.message})` };
  const store = new Store(loaded.data, Math.max(Date.now(), loaded.data.created));
  return { view: clusterView(store, loaded.data.propagationMs), where: 'the simulated cluster' };
}

async function currentView(io: Io): Promise<{ view?: ClusterView; where: string }> {
  const [{ resolveRealCluster }, { loadRealView }] = await Promise.all([
    import('../cluster/context.js'),
    import('../cluster/real-view.js'),
  ]);
  const r = await resolveRealCluster({ env: io.env, cwd: io.cwd });
  if (!r.ok) return { where: `the current kube context cannot be read (${r.reason})` };
  return { view: await loadRealView(r.cluster), where: 'the current kube context' };
}
