/**
 * The engine's caches keyed by several parts (config, namespace, name, port): one map per part, so
 * a lookup on the hot path builds no key string (a string made per lookup is hashed every time;
 * the request's namespaces and names keep their hash).
 */

interface MapLike<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/** The value under `key`, made (and kept) on first use; `make` may return undefined, which is kept too. */
export function slot<K, V>(map: MapLike<K, V>, key: K, make: () => NoInfer<V>): V {
  let v = map.get(key);
  if (v === undefined && !map.has(key)) map.set(key, (v = make()));
  return v as V;
}

/** `make` for a level that holds the next level's map. */
export const newMap = <K, V>(): Map<K, V> => new Map<K, V>();
