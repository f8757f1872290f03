/**
 * Istio config the sidecars had not received at a moment: changes made less than the propagation
 * delay before it. `meshwalk explain` names them, so an explanation of what a request met says
 * when a newer configuration is still on its way (it would explain a different answer).
 */
import type { ClusterData } from './store.js';

export interface InFlight {
  kind: string;
  ns: string;
  name: string;
  /** When the change was made (ms since the epoch). */
  at: number;
  /** Whether the object was deleted (no current object under that name). */
  deleted: boolean;
}

/** Changes made in (`at` − `propagationMs`, `at`], newest first, one per object. */
export function configInFlight(data: ClusterData, at: number, propagationMs: number): InFlight[] {
  if (propagationMs <= 0) return [];
  const seen = new Set<string>();
  const out: InFlight[] = [];
  for (let i = data.history.length - 1; i >= 0; i--) {
    const c = data.history[i];
    if (!c || c.at > at) continue;
    if (c.at <= at - propagationMs) break;
    const key = `${c.kind}/${c.ns}/${c.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const live = data.objects.some(
      (o) => o.kind === c.kind && o.metadata.name === c.name && (o.metadata.namespace ?? '') === c.ns,
    );
    out.push({ kind: c.kind, ns: c.ns, name: c.name, at: c.at, deleted: !live });
  }
  return out;
}

/** One line per change: `a PeerAuthentication books/default applied 0.4 s ago has not reached the sidecars yet`. */
export function describeInFlight(
  changes: readonly InFlight[],
  at: number,
  propagationMs: number,
  now: number,
): string[] {
  const when = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const current = now - at < 50;
  return changes.map((c) => {
    const what = `${c.kind} ${c.ns ? `${c.ns}/` : ''}${c.name}`;
    const verb = c.deleted ? 'deleted' : 'applied';
    const change = `a ${what} ${verb} ${when(at - c.at)} ${current ? 'ago has' : 'before that request had'} not reached the sidecars yet`;
    return `Note: ${change} (changes take ${when(propagationMs)} to propagate); this explains the configuration they had.`;
  });
}
