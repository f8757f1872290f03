/**
 * istioctl, minikube and the programs a learner runs on their own machine. Host programs (curl to
 * the ingress) go to the simulated network; what it does not run (openssl, ...) is refused with
 * a hint to run it for real, since it does not need the cluster.
 */
import { type Program, type SimContext, Output, notSimulated } from './context.js';
import { NODE_IP } from './kube/workloads.js';
import { istioRelease } from './versions.js';
import { MINIKUBE_VERSION } from './kube/kubernetes-version.js';
import { hasProxy } from './kube/native-sidecars.js';
import { readManifests } from './kubectl/manifests.js';
import { inject, shouldInject } from './kube/injection.js';
import { defaultPodSpec } from './kube/defaults.js';
import { toYaml } from './kubectl/output.js';
import type { ProcessResult } from './types.js';
import type { K8sObject } from '../kube/object.js';

/** Tools that do not need a cluster: the learner runs them for real. */
const LOCAL_TOOLS = new Set([
  'openssl',
  'step',
  'cfssl',
  'base64',
  'jq',
  'yq',
  'cat',
  'echo',
  'grep',
  'awk',
  'sed',
  'ls',
  'mkdir',
  'cp',
  'mv',
  'rm',
  'python3',
  'node',
  'docker',
  'helm',
  'git',
]);

export const host: Program = async (argv, ctx) => {
  const program = argv[0] ?? '';
  const needsStdin = argv.some((a) => a === '-' || a.startsWith('@-') || a === '@-' || a === '-T');
  const r = ctx.runProcess({ kind: 'host', cwd: ctx.cwd }, argv, needsStdin ? await ctx.readStdin() : '', ctx.view());
  if (r) return r;
  if (LOCAL_TOOLS.has(program))
    return notSimulated(program, 'it does not need the cluster, so run it for real on your machine');
  return notSimulated(program, 'the simulator runs kubectl, istioctl, minikube and curl');
};

export const minikube: Program = async (argv) => {
  const out = new Output();
  const [sub, ...rest] = argv.slice(1);
  switch (sub) {
    case 'ip':
      return out.out(NODE_IP).done(0);
    case 'status':
      if (rest.length > 0) return notSimulated(`minikube status ${rest.join(' ')}`);
      return out
        .out(
          'minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n',
        )
        .done(0);
    case 'version':
      // The commit tag v1.38.1 points at in kubernetes/minikube.
      return out.out(`minikube version: ${MINIKUBE_VERSION}\ncommit: c93a4cb9311efc66b90d33ea03f75f2c4120e9b0`).done(0);
    default:
      return notSimulated(`minikube ${sub ?? ''}`.trim(), 'minikube ip, status and version are simulated');
  }
};

/** istioctl's subcommands (and their aliases), each loaded when used. */
const ISTIOCTL: Record<string, (words: readonly string[], ctx: SimContext) => Promise<ProcessResult>> = {
  install: async (w, ctx) => (await import('./istioctl/install/install-command.js')).istioctlInstall(w, ctx),
  apply: async (w, ctx) => (await import('./istioctl/install/install-command.js')).istioctlInstall(w, ctx),
  uninstall: async (w, ctx) => (await import('./istioctl/install/uninstall.js')).istioctlUninstall(w, ctx),
  manifest: async (w, ctx) => (await import('./istioctl/install/manifest-generate.js')).istioctlManifest(w, ctx),
  'proxy-config': async (w, ctx) => (await import('./istioctl/proxy-config.js')).proxyConfig(w, ctx),
  pc: async (w, ctx) => (await import('./istioctl/proxy-config.js')).proxyConfig(w, ctx),
  'proxy-status': async (w, ctx) => (await import('./istioctl/proxy-status.js')).proxyStatus(w, ctx),
  ps: async (w, ctx) => (await import('./istioctl/proxy-status.js')).proxyStatus(w, ctx),
  dashboard: async (w) => dashboard(w),
  dash: async (w) => dashboard(w),
  d: async (w) => dashboard(w),
  'kube-inject': async (w, ctx) => kubeInject([...w], ctx, new Output()),
  analyze: async (w, ctx) => (await import('./istioctl/analyze/command.js')).istioctlAnalyze([...w], ctx),
};

/** `istioctl x SUB`: the experimental commands simulated. */
const ISTIOCTL_X: Record<string, (words: readonly string[], ctx: SimContext) => Promise<ProcessResult>> = {
  wait: async (w, ctx) => (await import('./istioctl/wait.js')).istioctlWait(w, ctx),
};

export const istioctl: Program = async (argv, ctx) => {
  const out = new Output();
  const words = argv.slice(1);
  const sub = words[0] ?? '';
  const release = istioRelease(ctx.store.data.istio);
  if (sub === 'version') {
    // Every running Envoy reports to istiod, a native sidecar (an init container) as much as a container.
    const proxies = ctx.store.list('Pod').filter(hasProxy).length;
    if (words.includes('--remote=false') || words.includes('--short')) return out.out(release).done(0);
    return out
      .out(
        `client version: ${release}\ncontrol plane version: ${release}\ndata plane version: ${release} (${proxies} proxies)`,
      )
      .done(0);
  }
  const run = ISTIOCTL[sub];
  if (run) return run(words.slice(1), ctx);
  const experimental = sub === 'experimental' || sub === 'x';
  const runX = experimental ? ISTIOCTL_X[words[1] ?? ''] : undefined;
  if (runX) return runX(words.slice(2), ctx);
  // Name the experimental subcommand too (`istioctl x describe`, `istioctl x authz`): they read Envoy's config dumps.
  const what = experimental ? `istioctl ${sub} ${words[1] ?? ''}` : `istioctl ${sub}`;
  return notSimulated(
    what.trim(),
    'istioctl version, install, uninstall --purge, manifest generate, kube-inject, proxy-status, ' +
      'proxy-config secret/rootca-compare/log, analyze and experimental wait are simulated',
  );
};

/** istioctl dashboard opens a UI through a port-forward; the simulated cluster runs none of them. */
function dashboard(words: readonly string[]): ProcessResult {
  const what = words.find((w) => !w.startsWith('-')) ?? '';
  return notSimulated(
    `istioctl dashboard ${what}`.trim(),
    'the simulated cluster runs no Prometheus, Grafana, Kiali, Jaeger, Zipkin, SkyWalking or Envoy admin UI to open',
  );
}

async function kubeInject(words: string[], ctx: SimContext, out: Output): Promise<ProcessResult> {
  const files: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-f' || w === '--filename') files.push(words[++i] ?? '');
    else if (w.startsWith('--filename=')) files.push(w.slice(11));
    else return notSimulated(`istioctl kube-inject ${w}`);
  }
  if (files.length === 0) return out.err('Error: filename not specified (see --filename or -f)').done(1);
  const read = await readManifests(files, ctx);
  if ('notSimulated' in read) return notSimulated(read.notSimulated);
  if ('error' in read) return out.err(read.error.replace(/^error: /, 'Error: ')).done(1);
  const docs: string[] = [];
  for (const { obj } of read.manifests) {
    const o = structuredClone(obj) as K8sObject;
    const tpl =
      o.kind === 'Pod'
        ? (o as { metadata: K8sObject['metadata']; spec: Record<string, unknown> })
        : (o.spec as { template?: { metadata?: K8sObject['metadata']; spec?: Record<string, unknown> } } | undefined)
            ?.template;
    // kube-inject injects regardless of namespace labels; only the pod's own opt-out counts.
    const injectable = ['Deployment', 'Pod', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind);
    const enabledNs = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: '', labels: { 'istio-injection': 'enabled' } },
    };
    if (tpl?.spec && injectable && shouldInject(enabledNs, tpl.metadata ?? {}, ctx.store.data.istio)) {
      tpl.metadata ??= { name: '' };
      defaultPodSpec(tpl.spec);
      inject(tpl as Parameters<typeof inject>[0], ctx.store.data.istio, o.metadata.name);
      if (o.kind !== 'Pod') delete (tpl.metadata as { name?: string }).name;
    }
    docs.push(await toYaml(o));
  }
  return out.out(docs.join('---\n')).done(0);
}
