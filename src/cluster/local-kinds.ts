/**
 * The local Kubernetes products meshwalk recognises by name, as Tilt (cluster name) and
 * Skaffold (context name) do. A name alone proves nothing: anyone can call a context
 * `minikube`; locality.ts also checks the server address.
 */
import type { KubeContextInfo } from './kubeconfig.js';

export type LocalProduct =
  | 'minikube'
  | 'docker-desktop'
  | 'kind'
  | 'k3d'
  | 'microk8s'
  | 'rancher-desktop'
  | 'colima'
  | 'orbstack'
  | 'crc';

/** Name rules, matched against the cluster name, then the context name. Prefixes unless noted. */
export const NAME_RULES: readonly [LocalProduct, (n: string) => boolean][] = [
  ['minikube', (n) => n.startsWith('minikube')],
  ['docker-desktop', (n) => n.startsWith('docker-desktop') || n.startsWith('docker-for-desktop')],
  ['kind', (n) => n === 'kind' || n.startsWith('kind-') || n.endsWith('@kind')],
  ['k3d', (n) => n.startsWith('k3d-')],
  ['microk8s', (n) => n.startsWith('microk8s')],
  ['rancher-desktop', (n) => n.startsWith('rancher-desktop')],
  ['colima', (n) => n.startsWith('colima')],
  ['orbstack', (n) => n === 'orbstack'],
  ['crc', (n) => n.startsWith('api-crc-testing') || n === 'crc' || n.startsWith('crc-')],
];

export function productByName(name: string): LocalProduct | undefined {
  return NAME_RULES.find(([, test]) => test(name))?.[0];
}

/** minikube names the cluster entry after the profile; a renamed context keeps it. */
export function minikubeProfileOf(info: KubeContextInfo): string {
  return info.cluster || info.context;
}
