import { isAbsolute, join, basename } from 'node:path';
import { readKubeContext, type KubeContextInfo } from './kubeconfig.js';
import { CommandError } from './port.js';
import { createRealCluster, type RealCluster } from './real.js';
import { processRunner, type Runner } from './run-process.js';

/** The local Kubernetes products meshwalk recognises, as Tilt, Skaffold and Garden do (tilt-dev/clusterid product.go). */
export type LocalProduct =
  | 'minikube'
  | 'docker-desktop'
  | 'kind'
  | 'k3d'
  | 'microk8s'
  | 'rancher-desktop'
  | 'colima'
  | 'orbstack'
  | 'crc'
  | 'krucible'
  | 'loopback';

export type Locality = { local: true; product: LocalProduct; why: string } | { local: false; why: string };

export interface LocalityHints {
  /** The user's home directory (for ~/.minikube). */
  home: string;
  /** $MINIKUBE_HOME, if set. */
  minikubeHome?: string;
  /** `host:port` of every minikube node (`minikube profile list -o json`), when minikube is installed. */
  minikubeNodes?: readonly string[];
}

/** Name rules, matched against the cluster name (Tilt) and the context name (Skaffold). Prefixes unless noted. */
const nameRules: readonly [LocalProduct, (n: string) => boolean][] = [
  ['minikube', (n) => n.startsWith('minikube')],
  ['docker-desktop', (n) => n.startsWith('docker-desktop') || n.startsWith('docker-for-desktop')],
  ['kind', (n) => n === 'kind' || n.startsWith('kind-') || n.endsWith('@kind')],
  ['k3d', (n) => n.startsWith('k3d-')],
  ['microk8s', (n) => n.startsWith('microk8s')],
  ['rancher-desktop', (n) => n.startsWith('rancher-desktop')],
  ['colima', (n) => n.startsWith('colima')],
  ['orbstack', (n) => n === 'orbstack'],
  ['crc', (n) => n.startsWith('api-crc-testing') || n === 'crc' || n.startsWith('crc-')],
  ['krucible', (n) => n.startsWith('krucible-')],
];

/**
 * Decides whether a context is a local, disposable cluster. Pure: the caller supplies the
 * minikube node addresses. Order: names (cluster, then context), the minikube CA path
 * (catches `minikube -p foo`, whose context and cluster are both `foo`), a minikube node's
 * address, then well-known local server hosts and loopback.
 */
export function classifyContext(info: KubeContextInfo, hints: LocalityHints): Locality {
  for (const [what, name] of [['cluster', info.cluster], ['context', info.context]] as const) {
    const rule = nameRules.find(([, test]) => test(name));
    if (rule) return { local: true, product: rule[0], why: `${what} name "${name}"` };
  }
  const mkHome = minikubeDir(hints);
  if (info.certificateAuthority && underDir(info.certificateAuthority, mkHome)) {
    return { local: true, product: 'minikube', why: `CA file under ${mkHome}` };
  }
  const hostPort = serverHostPort(info.server);
  if (hostPort && hints.minikubeNodes?.includes(hostPort)) {
    return { local: true, product: 'minikube', why: `server ${hostPort} is a minikube node` };
  }
  const host = hostPort?.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') ?? '';
  if (host === 'api.crc.testing') return { local: true, product: 'crc', why: `server host ${host}` };
  if (host === 'kubernetes.docker.internal') return { local: true, product: 'docker-desktop', why: `server host ${host}` };
  if (host === 'localhost' || host === '::1' || host === '0.0.0.0' || /^127\./.test(host) || host === 'host.docker.internal') {
    return { local: true, product: 'loopback', why: `server ${info.server} is on this machine` };
  }
  return { local: false, why: `cluster "${info.cluster}" at ${info.server || '(no server)'} matches no known local cluster` };
}

/** The one-line refusal for a context that is not known to be local. */
export function refusalMessage(info: KubeContextInfo): string {
  return (
    `refusing kube context "${info.context}": cluster "${info.cluster}" at ${info.server || '(no server)'} is not known to be local ` +
    `(minikube, kind, k3d, docker-desktop, rancher-desktop, microk8s, orbstack, colima, crc). ` +
    `meshwalk creates and deletes objects in the cluster it uses; if this one is disposable, rerun with --allow-context ${info.context}, ` +
    `otherwise switch to a local one: kubectl config use-context minikube`
  );
}

/** The command that starts a stopped local cluster, for "cannot reach" messages. */
export function startHint(info: KubeContextInfo, product: LocalProduct | undefined): string | undefined {
  switch (product) {
    case 'minikube':
      return info.context === 'minikube' ? 'minikube start' : `minikube start -p ${info.context}`;
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
    case 'krucible':
    case 'loopback':
    case undefined:
      return undefined;
  }
}

/** classifyContext with the minikube node addresses looked up only when the cheap rules found nothing. */
export async function localityOf(info: KubeContextInfo, env: Record<string, string | undefined>, run: Runner): Promise<Locality> {
  const hints: LocalityHints = { home: homeDir(env), ...(env.MINIKUBE_HOME ? { minikubeHome: env.MINIKUBE_HOME } : {}) };
  const first = classifyContext(info, hints);
  if (first.local) return first;
  return classifyContext(info, { ...hints, minikubeNodes: await minikubeNodes(run) });
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
      return { ok: false, reason: `${read.reason}: start a local cluster with "meshwalk setup" (or minikube start), or use --cluster sim`, why: { kind: 'no-context' } };
    }
    if (read.kind === 'no-kubectl') return { ok: false, reason: read.reason, why: { kind: 'no-kubectl' } };
    if (read.kind === 'no-such-context') {
      const fix = o.context === 'minikube' ? 'start minikube with "meshwalk setup" (or minikube start)' : 'list them with kubectl config get-contexts';
      return { ok: false, reason: `${read.reason}: ${fix}` };
    }
    return { ok: false, reason: read.reason };
  }
  const info = read.info;
  const locality = await localityOf(info, o.env, run);
  const allowed = o.allowContext?.includes(info.context) ?? false;
  if (!locality.local && !allowed) return { ok: false, reason: refusalMessage(info), why: { kind: 'not-local', context: info.context, server: info.server } };
  const product = locality.local ? locality.product : undefined;
  const hint = startHint(info, product);
  const description = `kube context "${info.context}" (${product ?? 'allowed with --allow-context'}, ${info.server || 'no server'})`;
  const cluster = createRealCluster({
    context: info.context,
    cwd: o.cwd,
    env: o.env,
    description,
    ...(product === 'minikube' ? { minikubeProfile: info.context } : {}),
    ...(hint ? { startHint: hint } : {}),
  });
  const ready = await checkReady(cluster);
  if (!ready.ok) return { ok: false, reason: ready.reason, why: { kind: 'unreachable', context: info.context, ...(hint ? { startHint: hint } : {}) } };
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

async function minikubeNodes(run: Runner): Promise<string[]> {
  try {
    const r = await run(['minikube', 'profile', 'list', '-o', 'json'], { timeoutMs: 10_000 });
    if (r.exitCode !== 0) return [];
    const parsed = JSON.parse(r.stdout) as { valid?: { Config?: { Nodes?: { IP?: string; Port?: number }[] } }[] };
    return (parsed.valid ?? []).flatMap((p) => (p.Config?.Nodes ?? []).filter((n) => n.IP).map((n) => `${n.IP}:${n.Port ?? 8443}`));
  } catch (err) {
    if (err instanceof CommandError || err instanceof SyntaxError) return []; // no minikube, or odd output: not minikube
    throw err;
  }
}

function serverHostPort(server: string): string | undefined {
  try {
    const u = new URL(server);
    return `${u.hostname}:${u.port || (u.protocol === 'http:' ? '80' : '443')}`;
  } catch {
    return undefined;
  }
}

function minikubeDir(h: LocalityHints): string {
  if (h.minikubeHome) return basename(h.minikubeHome) === '.minikube' ? h.minikubeHome : join(h.minikubeHome, '.minikube');
  return join(h.home, '.minikube');
}

function underDir(file: string, dir: string): boolean {
  if (!isAbsolute(file)) return false;
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const [f, d] = process.platform === 'win32' ? [norm(file).toLowerCase(), norm(dir).toLowerCase()] : [norm(file), norm(dir)];
  return f.startsWith(`${d}/`);
}

/** The home directory as the commands' environment says (tests point it elsewhere). */
export function homeDir(env: Record<string, string | undefined>): string {
  return env.HOME ?? env.USERPROFILE ?? '';
}
