/**
 * Native sidecars: Istio's injector can put `istio-proxy` among the init containers with
 * `restartPolicy: Always` (a Kubernetes sidecar container) instead of among the containers.
 * - ENABLE_NATIVE_SIDECARS defaults to false up to 1.26 (pilot/pkg/features/experimental.go at
 *   1.26.0) and to "auto" from 1.27.0 (pilot/pkg/features/pilot.go). Auto turns them on when the
 *   pod's node runs a kubelet of 1.33 or later (DetectNativeSidecar, pkg/kube/inject/webhook.go at
 *   1.27.0 to 1.31.0-rc.0). The simulated node runs KUBERNETES_VERSION, so 1.27 and later inject
 *   native sidecars and 1.4-1.26 do not.
 * - The pod annotation `sidecar.istio.io/nativeSidecar: "true"|"false"` overrides the default from
 *   1.24.0 (the `$nativeSidecar` line of manifests/charts/istio-control/istio-discovery/files/
 *   injection-template.yaml); 1.19-1.23 read only the environment variable.
 * A native sidecar still runs beside the app: READY counts it, `kubectl exec -c istio-proxy` reaches
 * it, and everything that asks "does this pod have a proxy" must look at both lists
 * (runningContainers below).
 */
import type { K8sObject } from '../../kube/object.js';
import { istioMinor } from '../versions.js';
import { KUBERNETES_VERSION, kubernetesMinor } from './kubernetes-version.js';

/** The first kubelet minor DetectNativeSidecar accepts (minVersion := 33 in webhook.go). */
const NATIVE_SIDECAR_KUBELET_MINOR = 33;

/** True when Istio `istio` injects `istio-proxy` as a native sidecar into a pod with these annotations. */
export function injectsNativeSidecar(istio: string, annotations: Record<string, string> = {}): boolean {
  const minor = istioMinor(istio) ?? 0;
  const asked = annotations['sidecar.istio.io/nativeSidecar'];
  if (minor >= 24 && asked === 'true') return true;
  if (minor >= 24 && asked === 'false') return false;
  return minor >= 27 && Number(kubernetesMinor(KUBERNETES_VERSION)) >= NATIVE_SIDECAR_KUBELET_MINOR;
}

interface NamedContainer {
  name?: string;
  restartPolicy?: unknown;
}

/** The part of a pod spec that lists containers. */
export interface ContainerLists<C extends NamedContainer = NamedContainer> {
  containers?: C[];
  initContainers?: C[];
}

/** True for an init container that keeps running beside the app (`restartPolicy: Always`). */
export function isSidecarContainer(c: NamedContainer): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * The containers that run for the pod's lifetime: `spec.containers`, then the init containers with
 * `restartPolicy: Always` (as the kubelet and kubectl's READY column count them).
 */
export function runningContainers<C extends NamedContainer>(spec: ContainerLists<C> | undefined): C[] {
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? []).filter(isSidecarContainer)];
}

/** The pod runs an Envoy (`istio-proxy`), as a container or as a native sidecar. */
export function hasProxy(pod: K8sObject): boolean {
  return runningContainers(pod.spec as ContainerLists | undefined).some((c) => c.name === 'istio-proxy');
}
