/**
 * The client of a request as the mesh sees it: the workload of the pod a program runs in, or the
 * learner's machine outside the cluster.
 */
import type { ClusterView, ProcessOrigin } from '../types.js';
import type { RequestSource } from '../mesh/model.js';
import { workloadOf } from './cluster-index.js';

/** The learner's machine as the cluster sees it after NodePort SNAT (externalTrafficPolicy: Cluster). */
export const OUTSIDE_IP = '10.244.0.1';
/** The learner's machine on minikube's docker network (192.168.49.0/24, the node is .2). */
export const HOST_IP = '192.168.49.1';

/**
 * The pod a program runs in, as a client. istio-iptables exempts the proxy's own UID (1337) from
 * the outbound redirect (tools/istio-iptables: `-m owner --uid-owner 1337 -j RETURN`), so a
 * program run in the istio-proxy container leaves the pod as if there were no sidecar.
 */
export function clientWorkload(origin: Extract<ProcessOrigin, { kind: 'pod' }>, view: ClusterView) {
  const w = workloadOf(origin.pod, view);
  return origin.container === 'istio-proxy' && w.role === 'app' ? { ...w, sidecar: false } : w;
}

export function sourceOf(origin: ProcessOrigin, view: ClusterView): RequestSource {
  return origin.kind === 'pod'
    ? { kind: 'workload', workload: clientWorkload(origin, view) }
    : { kind: 'outside', ip: OUTSIDE_IP };
}

/** An application with its own sidecar: its outbound traffic goes through that Envoy first. */
export function throughClientSidecar(source: RequestSource): boolean {
  return source.kind === 'workload' && source.workload.sidecar && source.workload.role === 'app';
}
