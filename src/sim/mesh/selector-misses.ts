/**
 * Policies that live where a workload could pick them up but whose selector does not match it:
 * the mistake a learner most often makes (`app: book` for `app=books`), so every trace stage
 * names them. Computed once per config and workload, next to the per-workload policy
 * lists, so the hot decide path only reads a cached string.
 */
import type { Workload } from './model.js';
import { selects, type Policy } from './policy.js';

/** Labels Kubernetes and Istio add to every pod: noise when comparing with a selector. */
const NOISE =
  /^(pod-template-hash|security\.istio\.io\/tlsMode|service\.istio\.io\/canonical-(name|revision)|controller-revision-hash|statefulset\.kubernetes\.io\/pod-name)$/;

export function labelText(labels: Readonly<Record<string, string>>): string {
  const shown = Object.entries(labels).filter(([k]) => !NOISE.test(k));
  return shown.length ? shown.map(([k, v]) => `${k}=${v}`).join(', ') : 'none';
}

/**
 * `mtls/books selects app=book: this pod's labels are app=books, version=v1` for each policy in
 * `policies` with a selector that does not select `w`; '' when there is none.
 */
export function selectorMisses<S>(policies: readonly Policy<S>[], w: Workload): string {
  const missed = policies.filter((p) => p.selector !== undefined && !selects(p.selector, w.labels));
  if (missed.length === 0) return '';
  const labels = labelText(w.labels);
  return missed
    .map((p) => `${p.ref.namespace}/${p.ref.name} selects ${labelText(p.selector!)}: this pod's labels are ${labels}`)
    .join('; ');
}
