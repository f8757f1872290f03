/**
 * A ClusterView over a plain list of objects: what `meshwalk explain -f` builds from YAML files,
 * and what tests build with a few lines. Objects keep the order given (creation order).
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';

export interface ObjectViewOptions {
  istioVersion?: string;
  rootNamespace?: string;
  trustDomain?: string;
  outboundTrafficPolicy?: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  /** Fixed clock (ms since the epoch). Default: the time the view was made. */
  now?: number;
}

export function objectView(objects: readonly K8sObject[], o: ObjectViewOptions = {}): ClusterView {
  const now = o.now ?? Date.now();
  return {
    istioVersion: o.istioVersion ?? '1.24',
    rootNamespace: o.rootNamespace ?? 'istio-system',
    trustDomain: o.trustDomain ?? 'cluster.local',
    outboundTrafficPolicy: o.outboundTrafficPolicy ?? 'ALLOW_ANY',
    list: (kind, namespace) =>
      objects.filter(
        (x) => x.kind === kind && (namespace === undefined || (x.metadata.namespace ?? 'default') === namespace),
      ),
    get: (kind, namespace, name) =>
      objects.find(
        (x) =>
          x.kind === kind &&
          x.metadata.name === name &&
          (namespace === undefined || (x.metadata.namespace ?? 'default') === namespace),
      ),
    now: () => now,
  };
}
