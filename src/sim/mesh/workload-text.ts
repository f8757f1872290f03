/** How the trace names a workload and its proxy. */
import type { MeshRequest, Workload } from './model.js';

export function describe(w: Workload | undefined, req?: MeshRequest): string {
  if (!w) return req?.source.kind === 'outside' ? `outside the cluster (${req.source.ip})` : '?';
  const what = w.role !== 'app' ? gatewayName(w) : w.sidecar ? 'with sidecar' : 'no sidecar';
  return `${w.namespace}/${w.name} (${what}, service account ${w.serviceAccount})`;
}

export function gatewayName(w: Workload): string {
  return w.role === 'egress-gateway' ? 'egress gateway' : 'ingress gateway';
}
