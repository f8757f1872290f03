/**
 * Whether Istio's CRDs are installed. They come with the cluster's install (the base chart) and
 * go with `istioctl uninstall --purge`; without them the API server serves no Istio kind, so
 * kubectl fails on them as it does for any missing CRD.
 */
import type { ClusterData, Store } from './store.js';
import { type ResourceType, isIstioConfig } from './resources.js';

export function istioCrdsInstalled(data: Pick<ClusterData, 'istioCrdsRemoved'>): boolean {
  return data.istioCrdsRemoved !== true;
}

export function setIstioCrds(store: Store, installed: boolean): void {
  if (istioCrdsInstalled(store.data) === installed) return;
  if (installed) delete store.data.istioCrdsRemoved;
  else store.data.istioCrdsRemoved = true;
  store.dirty = true;
}

/** The type, unless it is an Istio kind whose CRD was removed. */
export function servedType<T extends ResourceType | undefined>(
  data: Pick<ClusterData, 'istioCrdsRemoved'>,
  type: T,
): T | undefined {
  return type && !istioCrdsInstalled(data) && isIstioConfig(type) ? undefined : type;
}
