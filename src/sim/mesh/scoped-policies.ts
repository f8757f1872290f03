/**
 * Which policies of one kind apply to a workload, as Istio scopes RequestAuthentication and
 * AuthorizationPolicy: those in the root namespace, then those in the workload's own namespace,
 * each kept when it has no selector or its selector picks the workload's labels.
 */
import type { Workload } from './model.js';
import { selects, type MeshConfig, type Policy } from './config.js';
import { selectorMisses } from './selector-misses.js';
import { newMap, slot } from './nested-cache.js';

/** Per config, per workload (namespace, then pod name): the applicable list. One cache per policy kind. */
export type ScopeCache<S> = WeakMap<MeshConfig, Map<string, Map<string, Policy<S>[]>>>;

/**
 * The policies from `byNamespace` that apply to `w`, root namespace first, each in creation
 * order; cached, so decisions on the hot path do one map lookup. When some policy's selector
 * misses the workload, `onMissed(list, text)` runs once, as the list is built, so a caller can
 * attach its explanation to the cached list instead of recomputing it per decision.
 */
export function scopedPolicies<S>(
  cache: ScopeCache<S>,
  config: MeshConfig,
  byNamespace: ReadonlyMap<string, Policy<S>[]>,
  w: Workload,
  onMissed: (list: Policy<S>[], missed: string) => void,
): Policy<S>[] {
  const byName = slot(slot(cache, config, newMap), w.namespace, newMap);
  let list = byName.get(w.name);
  if (!list) {
    const namespaces = w.namespace === config.rootNamespace ? [w.namespace] : [config.rootNamespace, w.namespace];
    const all = namespaces.flatMap((ns) => byNamespace.get(ns) ?? []);
    list = all.filter((p) => !p.selector || selects(p.selector, w.labels));
    const missed = selectorMisses(all, w);
    if (missed) onMissed(list, missed);
    byName.set(w.name, list);
  }
  return list;
}
