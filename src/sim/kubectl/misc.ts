/** `kubectl version`, `config current-context|get-contexts|use-context`, `cluster-info`, `api-resources`. */
import { KUBERNETES_VERSION, kubernetesMinor } from '../kube/kubernetes-version.js';
import { servedResources } from '../kube/resources.js';
import { servedType } from '../kube/istio-crds.js';
import { NODE_IP } from '../kube/workloads.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, refuse } from './common.js';
import { layout } from './table.js';
import { loadYaml } from '../yaml-lib.js';

export const CLIENT_VERSION = 'v1.32.4';
export const VERSION_FLAGS = { client: { value: false }, output: { value: true, short: 'o' } } as const;
export const API_RESOURCES_FLAGS = {
  'api-group': { value: true },
  namespaced: { value: true },
  'no-headers': { value: false },
  output: { value: true, short: 'o' },
} as const;

export async function version(k: Kctl) {
  const o = flag(k.args, 'output');
  const client = bool(k.args, 'client');
  if (o === 'json' || o === 'yaml') {
    const info = (v: string, minor: string) => ({ major: '1', minor, gitVersion: v, platform: 'linux/amd64' });
    const doc: Record<string, unknown> = {
      clientVersion: info(CLIENT_VERSION, kubernetesMinor(CLIENT_VERSION)),
      kustomizeVersion: 'v5.5.0',
    };
    if (!client) doc.serverVersion = info(KUBERNETES_VERSION, kubernetesMinor());
    if (o === 'json') k.out.out(JSON.stringify(doc, null, 2));
    else k.out.out((await loadYaml()).stringify(doc));
    skewWarning(k, client);
    return k.out.done(0);
  }
  if (o !== undefined) return fail(k.out, `error: --output must be 'yaml' or 'json'`);
  k.out.out(`Client Version: ${CLIENT_VERSION}`).out('Kustomize Version: v5.5.0');
  if (!client) k.out.out(`Server Version: ${KUBERNETES_VERSION}`);
  skewWarning(k, client);
  return k.out.done(0);
}

/**
 * kubectl 1.32's skew warning (staging/src/k8s.io/kubectl/pkg/cmd/version/version.go), on stderr after
 * the versions: the learner's kubectl is older than minikube's Kubernetes by more than one minor.
 */
function skewWarning(k: Kctl, clientOnly: boolean): void {
  const [c, s] = [Number(kubernetesMinor(CLIENT_VERSION)), Number(kubernetesMinor())];
  if (clientOnly || Math.abs(c - s) <= 1) return;
  const why = 'exceeds the supported minor version skew of +/-1';
  k.out.err(`WARNING: version difference between client (1.${c}) and server (1.${s}) ${why}`);
}

export async function config(k: Kctl) {
  const [action, arg] = k.args.positionals;
  switch (action) {
    case 'current-context':
      return k.out.out('minikube').done(0);
    case 'get-contexts':
      return k.out
        .out(
          layout([
            ['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'],
            ['*', 'minikube', 'minikube', 'minikube', 'default'],
          ]),
        )
        .done(0);
    case 'use-context':
      if (arg === 'minikube') return k.out.out('Switched to context "minikube".').done(0);
      return fail(k.out, `error: no context exists with the name: "${arg ?? ''}"`);
    default:
      return refuse(
        `kubectl config ${action ?? ''}`.trim(),
        'config current-context, get-contexts and use-context are simulated',
      );
  }
}

export async function clusterInfo(k: Kctl) {
  if (k.args.positionals.length > 0) return refuse(`kubectl cluster-info ${k.args.positionals.join(' ')}`);
  return k.out
    .out(`Kubernetes control plane is running at https://${NODE_IP}:8443`)
    .out(`CoreDNS is running at https://${NODE_IP}:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`)
    .out('')
    .out("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
    .done(0);
}

export async function apiResources(k: Kctl) {
  if (flag(k.args, 'output') !== undefined) return refuse('kubectl api-resources -o');
  const group = flag(k.args, 'api-group');
  const namespaced = flag(k.args, 'namespaced');
  const rows = servedResources(k.store.data.istio)
    .filter((r) => servedType(k.store.data, r))
    .filter((r) => group === undefined || r.group === group)
    .filter((r) => namespaced === undefined || String(r.namespaced) === namespaced)
    .sort((a, b) => (a.group === b.group ? (a.plural < b.plural ? -1 : 1) : a.group < b.group ? -1 : 1))
    .map((r) => [
      r.plural,
      r.shortNames.join(','),
      r.group ? `${r.group}/${r.versions[0]}` : 'v1',
      String(r.namespaced),
      r.kind,
    ]);
  const head = bool(k.args, 'no-headers') ? [] : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']];
  return k.out.out(layout([...head, ...rows])).done(0);
}
