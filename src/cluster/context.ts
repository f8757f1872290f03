import { assertNever } from '../errors.js';
import { readKubeContext, type KubeContextInfo } from './kubeconfig.js';
import { minikubeProfileOf } from './local-kinds.js';
import { decideLocality, type LocalProduct, type Locality } from './locality.js';
import { gatherFacts, type LookupHost } from './locality-facts.js';
import { createRealCluster, type RealCluster } from './real.js';
import { processRunner, type Runner } from './run-process.js';

export type { LocalProduct, Locality } from './locality.js';
export { minikubeProfileOf } from './local-kinds.js';

/** The one-line refusal for a context that is not known to be local, saying which check failed. */
export function refusalMessage(info: KubeContextInfo, locality: Locality): string {
  const what = locality.identity
    ? locality.why
    : `cluster "${info.cluster}" at ${info.server || '(no server)'} is not known to be local ` +
      `(minikube, kind, k3d, docker-desktop, rancher-desktop, microk8s, orbstack, colima, crc)`;
  return (
    `refusing kube context "${info.context}": ${what}. ` +
    `meshwalk creates and deletes objects in the cluster it uses; if this one is disposable, rerun with --allow-context ${info.context}, ` +
    `otherwise ${otherwise(locality)}`
  );
}

/** A minikube whose address moved gets its kubeconfig entry rewritten by minikube itself. */
export function otherwise(locality: Locality): string {
  const id = locality.identity;
  if (id?.product === 'minikube' && id.profile)
    return `if minikube's address changed: minikube update-context -p ${id.profile}`;
  return 'switch to a local one: kubectl config use-context minikube';
}

/** The command that starts a stopped local cluster, for "cannot reach" messages. */
export function startHint(info: KubeContextInfo, product: LocalProduct | undefined): string | undefined {
  switch (product) {
    case 'minikube': {
      const profile = minikubeProfileOf(info);
      return profile === 'minikube' ? 'minikube start' : `minikube start -p ${profile}`;
    }
    case 'kind':
      return `docker start ${info.cluster.replace(/^kind-/, '') || 'kind'}-control-plane`;
    case 'k3d':
      return `k3d cluster start ${info.cluster.replace(/^k3d-/, '')}`;
    case 'microk8s':
      return 'microk8s start';
    case 'colima':
      return 'colima start --kubernetes';
    case 'orbstack':
      return 'orb start';
    case 'crc':
      return 'crc start';
    case 'docker-desktop':
    case 'rancher-desktop':
    case undefined:
      return undefined;
    default:
      return assertNever(product, 'local product');
  }
}

/** Decides locality, asking minikube, crc and the resolver only for what the decision needs. */
export async function localityOf(
  info: KubeContextInfo,
  env: Record<string, string | undefined>,
  run: Runner,
  lookupHost?: LookupHost,
): Promise<Locality> {
  const base = { home: homeDir(env), ...(env.MINIKUBE_HOME ? { minikubeHome: env.MINIKUBE_HOME } : {}) };
  return decideLocality(info, await gatherFacts(info, base, run, lookupHost));
}

export interface ResolveOptions {
  /** The context to use. Default: kubectl's current context. */
  context?: string;
  /** Context names the learner allowed with `--allow-context`, even though they are not known to be local. */
  allowContext?: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
}

export type ResolveResult =
  | { ok: true; cluster: RealCluster; description: string; info: KubeContextInfo; locality: Locality }
  | { ok: false; reason: string; why?: NoRealCluster };

/** Why no real cluster can be used, as data: the cluster choice says it in a learner's words (select.ts). */
export type NoRealCluster =
  | { kind: 'no-kubectl' }
  | { kind: 'no-context' }
  | { kind: 'not-local'; context: string; server: string }
  | { kind: 'unreachable'; context: string; startHint?: string };

/**
 * Picks the real cluster for `--cluster current|minikube` (cluster/select.ts calls this):
 * reads the context, refuses one that is not local unless allowed, and checks the API server
 * answers `/readyz` within 5 s. The cluster returned pins that context on every call.
 */
export async function resolveRealCluster(o: ResolveOptions): Promise<ResolveResult> {
  const run = processRunner({ env: o.env, cwd: o.cwd });
  const read = await readKubeContext(run, o.context);
  if (!read.ok) {
    if (read.kind === 'no-current-context') {
      return {
        ok: false,
        reason: `${read.reason}: start a local cluster with "meshwalk setup" (or minikube start), or use --cluster sim`,
        why: { kind: 'no-context' },
      };
    }
    if (read.kind === 'no-kubectl') return { ok: false, reason: read.reason, why: { kind: 'no-kubectl' } };
    if (read.kind === 'no-such-context') {
      const fix =
        o.context === 'minikube'
          ? 'start minikube with "meshwalk setup" (or minikube start)'
          : 'list them with kubectl config get-contexts';
      return { ok: false, reason: `${read.reason}: ${fix}` };
    }
    return { ok: false, reason: read.reason };
  }
  const info = read.info;
  const locality = await localityOf(info, o.env, run);
  const allowed = o.allowContext?.includes(info.context) ?? false;
  if (!locality.local && !allowed)
    return {
      ok: false,
      reason: refusalMessage(info, locality),
      why: { kind: 'not-local', context: info.context, server: info.server },
    };
  const product = locality.local ? locality.product : undefined;
  const hint = startHint(info, product);
  const description = `kube context "${info.context}" (${product ?? 'allowed with --allow-context'}, ${info.server || 'no server'})`;
  const cluster = createRealCluster({
    context: info.context,
    cwd: o.cwd,
    env: o.env,
    description,
    ...(product === 'minikube' ? { minikubeProfile: minikubeProfileOf(info) } : {}),
    ...(hint ? { startHint: hint } : {}),
  });
  const ready = await checkReady(cluster);
  if (!ready.ok)
    return {
      ok: false,
      reason: ready.reason,
      why: { kind: 'unreachable', context: info.context, ...(hint ? { startHint: hint } : {}) },
    };
  return { ok: true, cluster, description, info, locality };
}

/** One request to `/readyz` with a short request timeout: a silent server would hang `kubectl get` for 50 s. */
export async function checkReady(cluster: RealCluster): Promise<{ ok: true } | { ok: false; reason: string }> {
  const r = await cluster.run(['kubectl', '--request-timeout=5s', 'get', '--raw', '/readyz'], { timeoutMs: 15_000 });
  if (r.exitCode === 0) return { ok: true };
  // The real adapter already turned connection failures into one line naming the context.
  const said = r.stderr.trim().split('\n').pop() || `kubectl exited with code ${r.exitCode}`;
  if (r.timedOut) return { ok: false, reason: `cannot reach kube context "${cluster.context}": ${said}` };
  if (/^(cannot reach|kube context|kubeconfig problem)/.test(said)) return { ok: false, reason: said };
  return { ok: false, reason: `kube context "${cluster.context}" is not ready: ${said}` };
}

/** The home directory as the commands' environment says (tests point it elsewhere). */
export function homeDir(env: Record<string, string | undefined>): string {
  return env.HOME ?? env.USERPROFILE ?? '';
}
