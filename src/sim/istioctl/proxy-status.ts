/**
 * `istioctl proxy-status` (alias `ps`): one row per proxy connected to istiod, as
 * istioctl/pkg/writer/pilot/status.go prints it at each tag (tabwriter padding 5, rows sorted by
 * proxy id):
 *   1.10-1.12  NAME CDS LDS EDS RDS ISTIOD VERSION
 *   1.13       + CLUSTER
 *   1.14-1.22  + ECDS; a sidecar's ECDS is NOT SENT
 *   1.23+      each status carries the time since the last push ("SYNCED (5m2s)"); an xDS type
 *              the proxy never asked for is IGNORED
 * On the simulated cluster every proxy has acknowledged what istiod sent. A gateway gets routes
 * (RDS) only once a Gateway resource selects it. `proxy-status POD` (the config diff) is not simulated.
 */
import { hasProxy } from '../kube/native-sidecars.js';
import { Output, type SimContext, notSimulated } from '../context.js';
import type { ProcessResult } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { istioMinor, istioRelease } from '../versions.js';
import { tabwrite } from '../kubectl/tabwriter.js';
import { humanDuration } from '../kubectl/table.js';
import { podsOf } from '../kube/workloads.js';

function gatewayHasRoutes(ctx: SimContext, pod: K8sObject): boolean {
  const labels = pod.metadata.labels ?? {};
  return ctx.store.list('Gateway').some((g) => {
    const sel = (g.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
    return Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v);
  });
}

/** When istiod last pushed to the pod: its start, or the latest Istio config change after it. */
function lastPush(ctx: SimContext, pod: K8sObject): number {
  const started = Date.parse(pod.metadata.creationTimestamp ?? '') || ctx.store.now;
  const lastChange = ctx.store.data.history.at(-1)?.at ?? 0;
  return Math.min(ctx.store.now, Math.max(started, lastChange + ctx.propagationMs));
}

export async function proxyStatus(words: readonly string[], ctx: SimContext): Promise<ProcessResult> {
  const minor = istioMinor(ctx.store.data.istio) ?? 0;
  if (minor < 10)
    return notSimulated(
      `istioctl proxy-status on Istio ${ctx.store.data.istio}`,
      'its table (with a PILOT column) is not modelled',
    );
  let ns: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-n' || w === '--namespace') ns = words[++i];
    else if (w.startsWith('--namespace=')) ns = w.slice(12);
    else if (w.startsWith('-')) return notSimulated(`istioctl proxy-status ${w.split('=')[0] ?? w}`);
    else
      return notSimulated(
        'istioctl proxy-status POD',
        "it diffs the proxy's Envoy configuration with istiod's, which the simulator does not model",
      );
  }
  const istiod = ctx.store.get('Deployment', 'istio-system', 'istiod');
  const istiodPod = istiod ? podsOf(ctx.store, istiod)[0] : undefined;
  // multixds ControlPlaneNotFoundError (istioctl/pkg/multixds/gather.go).
  if (!istiodPod) return new Output().err('Error: no running Istio pods in "istio-system"').done(1);
  const proxies = ctx.store
    .list('Pod')
    .filter(hasProxy)
    .filter((p) => ns === undefined || p.metadata.namespace === ns);
  const release = istioRelease(ctx.store.data.istio);
  const rows = proxies
    .map((p) => ({ id: `${p.metadata.name}.${p.metadata.namespace ?? 'default'}`, pod: p }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ id, pod }) => {
      const since = minor >= 23 ? ` (${humanDuration(ctx.store.now - lastPush(ctx, pod))})` : '';
      const synced = `SYNCED${since}`;
      const gateway =
        pod.metadata.labels?.['istio'] === 'ingressgateway' || pod.metadata.labels?.['istio'] === 'egressgateway';
      const rds = gateway && !gatewayHasRoutes(ctx, pod) ? 'NOT SENT' : synced;
      const ecds = minor >= 23 ? 'IGNORED' : 'NOT SENT';
      const cols = [
        id,
        ...(minor >= 13 ? ['Kubernetes'] : []),
        synced,
        synced,
        synced,
        rds,
        ...(minor >= 14 ? [ecds] : []),
        istiodPod.metadata.name,
        release,
      ];
      return cols.join('\t');
    });
  const header = [
    'NAME',
    ...(minor >= 13 ? ['CLUSTER'] : []),
    'CDS',
    'LDS',
    'EDS',
    'RDS',
    ...(minor >= 14 ? ['ECDS'] : []),
    'ISTIOD',
    'VERSION',
  ];
  return new Output().out(tabwrite([header.join('\t'), ...rows].map((r) => `${r}\n`).join(''), 5)).done(0);
}
