/**
 * The Kubernetes release of the simulated minikube node: minikube v1.38.1's default
 * (DefaultKubernetesVersion in kubernetes/minikube pkg/minikube/constants/constants.go at v1.38.1).
 * The API server and the kubelet both run it; it decides, for instance, whether Istio's injector
 * makes the sidecar a native one (kube/native-sidecars.ts).
 */
export const KUBERNETES_VERSION = 'v1.35.1';

/** The minikube release whose node the simulator models (`minikube version`). */
export const MINIKUBE_VERSION = 'v1.38.1';

/** The minor number of a "vX.Y.Z" Kubernetes version ("35" for v1.35.1), as discovery's `minor` field says it. */
export function kubernetesMinor(version: string = KUBERNETES_VERSION): string {
  return /^v?\d+\.(\d+)/.exec(version)?.[1] ?? '';
}
