/**
 * Generated names and addresses, shaped like the real ones: `httpbin-7c9f8b6d4-x2x9k` pods
 * (pod-template-hash + 5 random characters), pod IPs in 10.244.0.0/16 (minikube's pod CIDR),
 * Service IPs in 10.96.0.0/12, node ports in 30000-32767. Deterministic from the store's counter.
 */
import type { Store } from './store.js';

/** Kubernetes' "safe" alphabet (no vowels, no 0/1/3), used for hashes and random suffixes. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** As Kubernetes' rand.SafeEncodeString over the decimal hash: what ReplicaSet name hashes look like. */
export function podTemplateHash(template: unknown): string {
  const digits = String(fnv32a(JSON.stringify(template)));
  let out = '';
  for (const c of digits) out += ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length];
  return out;
}

/** A pseudo-random number from the store's counter (stable across runs of the same commands). */
export function pseudoRandom(store: Store): number {
  let h = (store.next() * 2654435761 + store.data.created) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function randomSuffix(store: Store, length = 5): string {
  let r = pseudoRandom(store);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHANUMS[r % ALPHANUMS.length];
    r = Math.floor(r / ALPHANUMS.length) ^ (i * 7919);
    if (r < ALPHANUMS.length) r = pseudoRandom(store);
  }
  return out;
}

export function nextPodIp(store: Store): string {
  const n = store.data.nextPodIp++;
  store.dirty = true;
  return `10.244.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
}

export function nextClusterIp(store: Store): string {
  const used = new Set(store.list('Service').map((s) => (s.spec as { clusterIP?: string } | undefined)?.clusterIP));
  for (;;) {
    const r = pseudoRandom(store);
    const ip = `10.${96 + (r % 16)}.${(r >>> 4) % 256}.${((r >>> 12) % 253) + 2}`;
    if (!used.has(ip)) return ip;
  }
}

export function nextNodePort(store: Store, taken: Set<number>): number {
  const used = new Set(taken);
  for (const s of store.list('Service')) {
    for (const p of (s.spec as { ports?: { nodePort?: number }[] } | undefined)?.ports ?? [])
      if (p.nodePort) used.add(p.nodePort);
  }
  for (;;) {
    const port = 30000 + (pseudoRandom(store) % 2768);
    if (!used.has(port)) return port;
  }
}
