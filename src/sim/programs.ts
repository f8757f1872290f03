/**
 * istioctl, minikube and the programs a learner runs on their own machine. Host programs (curl to
 * the ingress) go to the simulated network; what it does not run (openssl, ...) is refused with
 * a hint to run it for real, since it does not need the cluster.
 */
import { type Program, Output, notSimulated } from './context.js';
import { NODE_IP } from './kube/workloads.js';
import { istioRelease } from './versions.js';
import { MINIKUBE_VERSION } from './kube/kubernetes-version.js';
import { type ContainerLists, runningContainers } from './kube/native-sidecars.js';
import { readManifests } from './kubectl/manifests.js';
import { inject, shouldInject } from './kube/injection.js';
import { defaultPodSpec } from './kube/defaults.js';
import { toYaml } from './kubectl/output.js';
import type { K8sObject } from './types.js';

/** Tools that do not need a cluster: the learner runs them for real. */
const LOCAL_TOOLS = new Set(['openssl', 'step', 'cfssl', 'base64', 'jq', 'yq', 'cat', 'echo', 'grep', 'awk', 'sed', 'ls', 'mkdir', 'cp', 'mv', 'rm', 'python3', 'node', 'docker', 'helm', 'git']);

export const host: Program = async (argv, ctx) => {
  const program = argv[0] ?? '';
  const needsStdin = argv.some((a) => a === '-' || a.startsWith('@-') || a === '@-' || a === '-T');
  const r = ctx.runProcess({ kind: 'host' }, argv, needsStdin ? await ctx.readStdin() : '', ctx.view());
  if (r) return r;
  if (LOCAL_TOOLS.has(program)) return notSimulated(program, 'it does not need the cluster, so run it for real on your machine');
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
      return out.out('minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n').done(0);
    case 'version':
      // The commit tag v1.38.1 points at in kubernetes/minikube.
      return out.out(`minikube version: ${MINIKUBE_VERSION}\ncommit: c93a4cb9311efc66b90d33ea03f75f2c4120e9b0`).done(0);
    default:
      return notSimulated(`minikube ${sub ?? ''}`.trim(), 'minikube ip, status and version are simulated');
  }
};

export const istioctl: Program = async (argv, ctx) => {
  const out = new Output();
  const words = argv.slice(1);
  const sub = words[0];
  const release = istioRelease(ctx.store.data.istio);
  if (sub === 'version') {
    // Every running Envoy reports to istiod, a native sidecar (an init container) as much as a container.
    const hasProxy = (p: K8sObject) =>
      runningContainers(p.spec as ContainerLists | undefined).some((c) => c.name === 'istio-proxy');
    const proxies = ctx.store.list('Pod').filter(hasProxy).length;
    if (words.includes('--remote=false') || words.includes('--short')) return out.out(release).done(0);
    return out.out(`client version: ${release}\ncontrol plane version: ${release}\ndata plane version: ${release} (${proxies} proxies)`).done(0);
  }
  if ((sub === 'experimental' || sub === 'x') && words[1] === 'wait') return (await import('./istioctl/wait.js')).istioctlWait(words.slice(2), ctx);
  if (sub === 'kube-inject') return kubeInject(words.slice(1), ctx, out);
  if (sub === 'proxy-config' || sub === 'pc') return (await import('./istioctl/proxy-config.js')).proxyConfig(words.slice(1), ctx);
  if (sub === 'analyze') return (await import('./istioctl/analyze/command.js')).istioctlAnalyze(words.slice(1), ctx);
  // Name the experimental subcommand too (`istioctl x describe`, `istioctl x authz`): they read Envoy's config dumps.
  const what = sub === 'experimental' || sub === 'x' ? `istioctl ${sub} ${words[1] ?? ''}` : `istioctl ${sub ?? ''}`;
  return notSimulated(what.trim(), 'istioctl version, kube-inject, experimental wait and proxy-config secret/rootca-compare are simulated');
};

async function kubeInject(words: string[], ctx: Parameters<Program>[1], out: Output) {
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
    const tpl = o.kind === 'Pod' ? (o as { metadata: K8sObject['metadata']; spec: Record<string, unknown> }) : (o.spec as { template?: { metadata?: K8sObject['metadata']; spec?: Record<string, unknown> } } | undefined)?.template;
    // kube-inject injects regardless of namespace labels; only the pod's own opt-out counts.
    const injectable = ['Deployment', 'Pod', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind);
    const enabledNs = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: '', labels: { 'istio-injection': 'enabled' } } };
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
