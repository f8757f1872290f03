/**
 * What every parsed mesh object shares: where it lives and whom it selects, and the selector
 * rules themselves (Istio's `selector.matchLabels`, a Sidecar's `workloadSelector.labels`). The
 * policy parsers and the config both use these, so they live below both.
 */
import type { ObjectRef } from './model.js';

/** One parsed policy: where it lives, whom it selects, its spec. Lists keep creation order (oldest first). */
export interface Policy<S> {
  ref: ObjectRef;
  /** `spec.selector.matchLabels` (or Sidecar `workloadSelector.labels`); undefined = the whole namespace. */
  selector: Readonly<Record<string, string>> | undefined;
  spec: S;
}

/** A Service in the registry. */
export interface RegistryService {
  name: string;
  namespace: string;
  ports: readonly { port: number; name?: string; targetPort: number | string }[];
}

/** `spec.selector.matchLabels` when it is a plain string map. */
export function matchLabels(
  spec: Record<string, unknown> | undefined,
  key = 'selector',
): Record<string, string> | undefined {
  const sel = spec?.[key] as Record<string, unknown> | undefined;
  const labels = (key === 'workloadSelector' ? sel?.['labels'] : sel?.['matchLabels']) as
    | Record<string, unknown>
    | undefined;
  if (!labels || typeof labels !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) out[k] = String(v);
  return out;
}

/** A selector matches when every label it names has that value on the workload. */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}
