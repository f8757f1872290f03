/**
 * Whether a pod counts as in the mesh for the analyzers (analyzers/util/in_mesh.go PodInMesh, PodInAmbientMode):
 * it has an `istio-proxy` container, or its `sidecar.istio.io/inject` label, then annotation, says "true", or
 * else its namespace has `istio-injection=enabled`; or ambient redirection is enabled on it.
 */
import type { Resource, Snapshot } from './resource.js';

export function podInMesh(pod: Resource, snapshot: Snapshot): boolean {
  const { labels = {}, annotations = {}, namespace = '' } = pod.obj.metadata;
  if (hasProxy(pod.obj.spec ?? {})) return true;
  const label = labels['sidecar.istio.io/inject'];
  if (label !== undefined) return label === 'true';
  const annotation = annotations['sidecar.istio.io/inject'];
  if (annotation !== undefined) return annotation === 'true';
  const ns = snapshot.find('Namespace', undefined, namespace);
  return ns?.obj.metadata.labels?.['istio-injection'] === 'enabled';
}

export function podInAmbient(pod: Resource): boolean {
  return pod.obj.metadata.annotations?.['ambient.istio.io/redirection'] === 'enabled';
}

interface Container {
  name?: string;
  image?: string;
}

/** An `istio-proxy` container with an image, among containers and init containers (native sidecars). */
export function hasProxy(spec: { containers?: Container[]; initContainers?: Container[] }): boolean {
  const proxy = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((c) => c.name === 'istio-proxy');
  return Boolean(proxy?.image);
}
