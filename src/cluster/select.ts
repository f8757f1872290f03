/**
 * Which cluster the lessons run against: `--cluster sim|current|minikube`, or, with none, the
 * current kube context when it is local and answers, else the simulated cluster. The choice
 * comes with one line saying which and why, shown on screen.
 */
import { join } from 'node:path';
import { assertNever, ExitCode, UserFacingError } from '../errors.js';
import type { NoRealCluster } from './context.js';
import type { Cluster } from './port.js';
import type { RunMeshwalk } from '../io.js';
import { createSimCluster, inProcess, type SimClusterOptions } from './sim.js';

export const CLUSTER_CHOICES = ['sim', 'current', 'minikube'] as const;
export type ClusterChoice = (typeof CLUSTER_CHOICES)[number];

export interface SelectOptions {
  /** What the learner asked for. Default: none (auto). */
  choice?: ClusterChoice;
  /** `--allow-context NAME`: contexts allowed although not known to be local. */
  allowContext?: readonly string[];
  env: Record<string, string | undefined>;
  /** Where `kubectl config` runs while choosing. */
  cwd: string;
  /** meshwalk's data dir; the simulated cluster keeps its state in `<dataDir>/sim`. */
  dataDir: string;
  /** Simulated propagation delay. Default 1500 ms. */
  propagationMs?: number;
  /** Istio version of a new simulated cluster. Default: the simulator's. */
  istio?: string;
  /** meshwalk itself (`io.meshwalk`), for lessons that run `meshwalk token`. Default: none. */
  meshwalk?: RunMeshwalk;
  /** Test seams. */
  resolveReal?: ResolveReal;
  sim?: Partial<SimClusterOptions>;
}

type ResolveReal = (o: {
  context?: string;
  allowContext?: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
}) => Promise<
  | { ok: true; cluster: Cluster & { context: string }; description: string; makeForCwd?: (cwd: string) => Cluster }
  | { ok: false; reason: string; why?: NoRealCluster }
>;

export interface SelectedCluster {
  kind: 'sim' | 'real';
  /** Progress is kept per cluster under this key: `sim` or `context:NAME`. */
  key: string;
  /** One line for the screen: which cluster, and why it was chosen. */
  line: string;
  /** The cluster with its commands running in `cwd` (a lesson's work directory). */
  forWorkDir(cwd: string): Cluster;
}

export async function selectCluster(o: SelectOptions): Promise<SelectedCluster> {
  const choice = o.choice;
  if (choice === 'sim') return sim(o, 'Using the simulated cluster (--cluster sim).');
  const resolve = o.resolveReal ?? defaultResolveReal;
  const context = choice === 'minikube' ? 'minikube' : undefined;
  let r: Awaited<ReturnType<ResolveReal>>;
  try {
    r = await resolve({
      ...(context ? { context } : {}),
      ...(o.allowContext ? { allowContext: o.allowContext } : {}),
      env: o.env,
      cwd: o.cwd,
    });
  } catch (err) {
    r = { ok: false, reason: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) };
  }
  if (r.ok) {
    const real = r;
    return {
      kind: 'real',
      key: `context:${real.cluster.context}`,
      line: `Using ${real.description}${choice ? ` (--cluster ${choice})` : ': the current context is local and answers'}.`,
      forWorkDir: (cwd) => (real.makeForCwd ? real.makeForCwd(cwd) : real.cluster),
    };
  }
  if (choice) {
    // kubectl's "current-context must exist in order to minify" says nothing to a learner.
    const reason =
      r.why?.kind === 'no-context'
        ? 'no kube context is set (kubectl config current-context is empty): start a local cluster with "meshwalk setup" (or minikube start), or use --cluster sim'
        : r.reason;
    throw new UserFacingError(`meshwalk: --cluster ${choice}: ${reason}`, ExitCode.environment);
  }
  return sim(
    o,
    r.why
      ? fallbackLine(r.why)
      : `Using the simulated cluster: no local cluster is usable (${r.reason}). Pass --cluster current to insist on a real one.`,
  );
}

/** Why the simulated cluster was chosen, in a learner's words (not kubectl's). */
export function fallbackLine(why: NoRealCluster): string {
  const so = 'so meshwalk uses the simulated cluster';
  switch (why.kind) {
    case 'no-kubectl':
      return `kubectl is not installed (it is not on PATH), ${so}.`;
    case 'no-context':
      return `No kube context is set (kubectl config current-context is empty), ${so}.`;
    case 'not-local':
      return `The current kube context "${why.context}" is not a local cluster (${why.server || 'no server'}), ${so} rather than change it. To use it anyway: --cluster current --allow-context ${why.context}.`;
    case 'unreachable':
      return `The current kube context "${why.context}" does not answer (is the cluster running?${why.startHint ? ` Start it with: ${why.startHint}` : ''}), ${so}.`;
    default:
      return assertNever(why, 'no-real-cluster reason');
  }
}

function sim(o: SelectOptions, line: string): SelectedCluster {
  const stateDir = join(o.dataDir, 'sim');
  return {
    kind: 'sim',
    key: 'sim',
    line,
    forWorkDir: (cwd) =>
      createSimCluster({
        stateDir,
        cwd,
        env: o.env,
        ...(o.propagationMs !== undefined ? { propagationMs: o.propagationMs } : {}),
        ...(o.istio !== undefined ? { istio: o.istio } : {}),
        ...(o.meshwalk ? { runOwn: inProcess(o.meshwalk) } : {}),
        ...o.sim,
      }),
  };
}

/** D's resolver (context.ts), plus a way to pin the same context with another working directory. */
const defaultResolveReal: ResolveReal = async (o) => {
  const { resolveRealCluster, startHint } = await import('./context.js');
  const { createRealCluster } = await import('./real.js');
  const r = await resolveRealCluster(o);
  if (!r.ok) return r;
  const product = r.locality.local ? r.locality.product : undefined;
  const hint = startHint(r.info, product);
  return {
    ok: true,
    cluster: r.cluster,
    description: r.description,
    makeForCwd: (cwd) =>
      createRealCluster({
        context: r.info.context,
        cwd,
        env: o.env,
        description: r.description,
        ...(product === 'minikube' ? { minikubeProfile: r.info.context } : {}),
        ...(hint ? { startHint: hint } : {}),
      }),
  };
};
