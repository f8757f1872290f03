import type { K8sObject } from './object.js';

/**
 * A read-only view of a cluster at one moment, for the simulated network and the mesh engine:
 * the simulator's store (src/sim/kube/view.ts) or a real cluster read once (src/cluster/real-view.ts).
 * Kinds are the Kubernetes kind names (`Pod`, `Service`, `PeerAuthentication`, ...).
 */
export interface ClusterView {
  /** The Istio minor version installed, e.g. "1.24". */
  readonly istioVersion: string;
  /** Istio's root namespace (mesh-wide policy lives here). Default `istio-system`. */
  readonly rootNamespace: string;
  /** The mesh's trust domain. Default `cluster.local`. */
  readonly trustDomain: string;
  /** meshConfig.outboundTrafficPolicy.mode. Default `ALLOW_ANY`. */
  readonly outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  /** Objects of a kind, in one namespace or (namespace undefined) in all; creation order. */
  list(kind: string, namespace?: string): readonly K8sObject[];
  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined;
  /** Milliseconds since the epoch, as the simulated cluster sees it (tests pin it). */
  now(): number;
  /**
   * A Secret or ConfigMap as the kubelet last projected it into a pod started at `since` (ms);
   * absent: as `get` sees it.
   */
  synced?(kind: 'Secret' | 'ConfigMap', namespace: string, name: string, since: number): K8sObject | undefined;
}
