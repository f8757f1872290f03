/**
 * The ClusterView handed to the simulated network. Pods, Services and the rest are seen at once;
 * Istio config (security.istio.io, networking.istio.io, ...) is seen as it was `propagationMs` ago,
 * rebuilt from the store's change history, as a sidecar sees config only after istiod pushes it.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { isIstioConfig, typeOfKind } from './resources.js';
import { type Store, keyOf } from './store.js';
import { recordProxyEvent } from './proxy-logs.js';

export function clusterView(store: Store, propagationMs: number): ClusterView {
  const asOf = store.now - Math.max(0, propagationMs);
  // Istio objects as of `asOf`: undo every change made after it, newest first.
  let lagged: Map<string, K8sObject | null> | undefined;
  if (propagationMs > 0) {
    lagged = new Map();
    const h = store.data.history;
    for (let i = h.length - 1; i >= 0; i--) {
      const c = h[i];
      if (!c || c.at <= asOf) break;
      lagged.set(keyOf(c.kind, c.ns || undefined, c.name), c.prev);
    }
  }
  const byKind = new Map<string, K8sObject[]>();
  const istio = (kind: string) => {
    const t = typeOfKind(kind, store.data.istio);
    return t !== undefined && isIstioConfig(t);
  };
  const all = (kind: string): K8sObject[] => {
    const hit = byKind.get(kind);
    if (hit) return hit;
    let list = store.list(kind);
    if (lagged && lagged.size > 0 && istio(kind)) {
      const seen = new Set<string>();
      list = list.flatMap((o) => {
        const k = keyOf(o.kind, o.metadata.namespace, o.metadata.name);
        seen.add(k);
        if (!lagged?.has(k)) return [o];
        const prev = lagged.get(k);
        return prev ? [prev] : [];
      });
      for (const [k, prev] of lagged) if (prev && prev.kind === kind && !seen.has(k)) list.push(prev);
    }
    byKind.set(kind, list);
    return list;
  };
  const mesh = store.get('ConfigMap', 'istio-system', 'istio')?.data?.mesh ?? '';
  const registryOnly = /outboundTrafficPolicy:\s*\n\s+mode:\s*REGISTRY_ONLY/.test(mesh);
  const root = /^rootNamespace:\s*(\S+)/m.exec(mesh)?.[1] ?? 'istio-system';
  const trust = /^trustDomain:\s*(\S+)/m.exec(mesh)?.[1] ?? 'cluster.local';
  return {
    istioVersion: store.data.istio,
    rootNamespace: root,
    trustDomain: trust,
    outboundTrafficPolicy: registryOnly ? 'REGISTRY_ONLY' : 'ALLOW_ANY',
    list: (kind, namespace) =>
      namespace === undefined ? all(kind) : all(kind).filter((o) => o.metadata.namespace === namespace),
    get: (kind, namespace, name) =>
      all(kind).find(
        (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
      ),
    now: () => store.now,
    synced: (kind, namespace, name, since) => synced(store, propagationMs, kind, namespace, name, since),
    recordProxy: (e) => recordProxyEvent(store, e),
  };
}

/**
 * The kubelet refreshes Secret and ConfigMap volumes on its periodic sync (pkg/kubelet/kubelet.go
 * syncPod, about a minute plus the cache TTL on a real node). The simulator uses its one
 * propagation clock for that: a pod sees a change `propagationMs` after it is made, and a pod
 * that starts later mounts what exists when it starts.
 */
function synced(
  store: Store,
  propagationMs: number,
  kind: string,
  ns: string,
  name: string,
  since: number,
): K8sObject | undefined {
  // Pod start times are stamped to the second: a change within that second was there at the mount.
  const asOf = Math.max(store.now - Math.max(0, propagationMs), since + 999);
  let obj: K8sObject | null | undefined = store.get(kind, ns, name);
  const h = store.data.mountHistory ?? [];
  for (let i = h.length - 1; i >= 0; i--) {
    const c = h[i]!;
    if (c.at <= asOf) break;
    if (c.kind === kind && c.ns === ns && c.name === name) obj = c.prev;
  }
  return obj ?? undefined;
}
