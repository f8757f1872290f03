import { classifyKubectlStderr } from './kubectl-failure.js';
import { CommandError } from './port.js';
import type { Runner } from './run-process.js';
import { lastLine } from './kubectl-failure.js';

/** What meshwalk needs to know about one kube context. Secrets are never read. */
export interface KubeContextInfo {
  /** The context's name (what `--context` takes). */
  context: string;
  /** The kubeconfig cluster entry the context points at. */
  cluster: string;
  /** The API server URL, e.g. https://192.168.49.2:8443. Empty when the entry has none. */
  server: string;
  /** The cluster's CA *file* path, when it is a file (minikube writes ~/.minikube/ca.crt). */
  certificateAuthority?: string;
  /** The context's default namespace, if set. */
  namespace?: string;
  /** The cluster's `proxy-url`: kubectl then reaches the server through that proxy. */
  proxyUrl?: string;
}

export type ReadContextResult =
  | { ok: true; info: KubeContextInfo }
  | { ok: false; reason: string; kind: 'no-kubectl' | 'no-current-context' | 'no-such-context' | 'bad-kubeconfig' };

/**
 * Reads one context through kubectl itself (`kubectl config view --minify -o json`), so the
 * KUBECONFIG merge rules are kubectl's and credentials come back REDACTED (client libraries such as
 * @kubernetes/client-node merge several files differently). Without `context`, the current context.
 */
export async function readKubeContext(run: Runner, context?: string): Promise<ReadContextResult> {
  const argv = ['kubectl', 'config', 'view', '--minify', '-o', 'json', ...(context ? ['--context', context] : [])];
  let r;
  try {
    r = await run(argv, { timeoutMs: 10_000 });
  } catch (err) {
    if (err instanceof CommandError) return { ok: false, kind: 'no-kubectl', reason: err.message };
    throw err;
  }
  if (r.exitCode !== 0) {
    const f = classifyKubectlStderr(r.stderr);
    const said = f?.line ?? lastLine(r.stderr) ?? `exit code ${r.exitCode}`;
    if (!context && /current-context must exist|no context exists/.test(r.stderr)) {
      return { ok: false, kind: 'no-current-context', reason: `no current kube context (${said})` };
    }
    if (f?.kind === 'no-context' || /context was not found|does not exist/.test(r.stderr)) {
      return { ok: false, kind: 'no-such-context', reason: `kube context "${context ?? ''}" not found (${said})` };
    }
    return { ok: false, kind: 'bad-kubeconfig', reason: `cannot read the kubeconfig: ${said}` };
  }
  const info = parseMinifiedConfig(r.stdout);
  if (typeof info === 'string')
    return { ok: false, kind: 'bad-kubeconfig', reason: `cannot read the kubeconfig: ${info}` };
  return { ok: true, info };
}

interface MinifiedConfig {
  'current-context'?: string;
  contexts?: { name?: string; context?: { cluster?: string; namespace?: string } }[];
  clusters?: { name?: string; cluster?: { server?: string; 'certificate-authority'?: string; 'proxy-url'?: string } }[];
}

/** Parses `kubectl config view --minify -o json`; a string is what was wrong with it. */
export function parseMinifiedConfig(json: string): KubeContextInfo | string {
  let cfg: MinifiedConfig;
  try {
    cfg = JSON.parse(json) as MinifiedConfig;
  } catch {
    return 'kubectl config view printed something that is not JSON';
  }
  const name = cfg['current-context'] ?? '';
  const ctx = cfg.contexts?.find((c) => c.name === name) ?? cfg.contexts?.[0];
  if (!name || !ctx) return 'no current kube context';
  const clusterName = ctx.context?.cluster ?? '';
  const cluster = cfg.clusters?.find((c) => c.name === clusterName) ?? cfg.clusters?.[0];
  const ca = cluster?.cluster?.['certificate-authority'];
  const ns = ctx.context?.namespace;
  const proxy = cluster?.cluster?.['proxy-url'];
  return {
    context: name,
    cluster: clusterName,
    server: cluster?.cluster?.server ?? '',
    ...(ca ? { certificateAuthority: ca } : {}),
    ...(ns ? { namespace: ns } : {}),
    ...(proxy ? { proxyUrl: proxy } : {}),
  };
}
