/**
 * Sets `key` in `map` as its newest entry and drops the oldest beyond `limit`: a Map iterates in
 * insertion order, so deleting before setting keeps the most recently remembered last.
 */
export function rememberRecent<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}
