/**
 * Resolves a RequestAuthentication `jwksUri` the way istiod would fetch it: a known public sample,
 * or a file a workload in the cluster serves from a mounted ConfigMap (e.g. nginx serving
 * jwks.json). Anything else cannot be fetched, and Istio then fails every token.
 */
import type { ClusterView } from '../types.js';
import { endpoints } from './cluster-index.js';
import { knownJwks } from './known-jwks.js';

export function jwksResolver(view: ClusterView): (uri: string) => string | undefined {
  return (uri) => {
    const known = knownJwks(uri);
    if (known) return known;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return undefined;
    }
    const parts = url.hostname.replace(/\.svc\.cluster\.local$|\.svc$/, '').split('.');
    if (parts.length !== 2) return undefined;
    const svc = view.get('Service', parts[1], parts[0]!);
    const pod = svc ? endpoints(svc, view)[0] : undefined;
    if (!pod) return undefined;
    const file = url.pathname.split('/').pop() ?? '';
    const volumes = (pod.spec as { volumes?: { configMap?: { name?: string } }[] } | undefined)?.volumes ?? [];
    for (const v of volumes) {
      const cm = v.configMap?.name ? view.get('ConfigMap', pod.metadata.namespace, v.configMap.name) : undefined;
      const data = cm?.data?.[file];
      if (data) return data;
    }
    return undefined;
  };
}
