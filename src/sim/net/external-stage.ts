/**
 * A request to a host outside the cluster. Without a sidecar it goes straight out. Through the
 * client's sidecar: the outbound stage decides (REGISTRY_ONLY, ServiceEntry), a VirtualService
 * bound to `mesh` for a ServiceEntry host routes it (egress-control: a 3s timeout on httpbin.org),
 * a DestinationRule may originate TLS (egress-call.ts), and the sidecar's headers come along.
 */
import type { ClusterView, K8sObject } from '../types.js';
import { decide, resolveShortname } from '../mesh/index.js';
import type { Exchange, HttpRequestOut } from './http.js';
import { endpoints, isEgressGatewayPod, podIp } from './cluster-index.js';
import { EGRESS_GATEWAY_REFUSAL } from './deliver.js';
import { NotSimulated } from './not-simulated.js';
import { reachOutside, sidecarToExternal } from './egress-call.js';
import { outboundStop, sidecarRoute } from './client-outbound.js';
import { throughClientSidecar } from './client-source.js';
import { meshVirtualService } from './sidecar-route.js';
import { toPod } from './connect-stage.js';
import type { Leg } from './outgoing.js';

export function toExternal(leg: Leg, host: string): Exchange {
  const { path, out, source, origin } = leg;
  const port = out.connectPort;
  if (source.kind !== 'workload' || !source.workload.sidecar)
    return reachOutside(path, host, port, out.scheme, out.request, '', []);
  const d = decide(
    {
      source,
      destination: { kind: 'external', host, port },
      appTls: out.scheme === 'https',
      http:
        out.scheme === 'https'
          ? undefined
          : { method: out.request.method, host: out.host, path: out.request.path, headers: {} },
    },
    path.mesh,
  );
  const stopped = outboundStop(leg, d);
  if (stopped) return stopped;
  const extra: [string, string][] =
    out.scheme === 'http'
      ? [
          ['x-envoy-attempt-count', '1'],
          ['x-envoy-decorator-operation', `${host}:${port}/*`],
        ]
      : [];
  const clientIp = podIp(origin.kind === 'pod' ? origin.pod : ({} as K8sObject));
  const clientNs = source.workload.namespace;
  const leave = (request: HttpRequestOut) =>
    out.scheme === 'http'
      ? sidecarToExternal(path, clientNs, host, port, request, clientIp, extra)
      : reachOutside(path, host, port, out.scheme, request, clientIp, extra);
  // A VirtualService for a ServiceEntry host (egress-control: timeout 3s on httpbin.org).
  const routed = throughClientSidecar(source) && out.scheme === 'http';
  const vs = routed && declaredByServiceEntry(path.view, host) ? meshVirtualService(path.view, host) : undefined;
  // egress-gateway: a mesh route that sends the external host to a gateway Service is not modelled.
  if (vs && routesToEgressGateway(path.view, vs)) throw new NotSimulated(EGRESS_GATEWAY_REFUSAL);
  if (vs)
    return sidecarRoute(
      leg,
      vs,
      port,
      (pod, tp, svc, sp, request) => toPod(leg, pod, tp, { svc, port: sp }, request),
      leave,
    );
  return leave(out.request);
}

function declaredByServiceEntry(view: ClusterView, host: string): boolean {
  return view
    .list('ServiceEntry')
    .some(
      (se) =>
        Array.isArray(se.spec?.['hosts']) &&
        (se.spec['hosts'] as unknown[]).some((h) => String(h).toLowerCase() === host),
    );
}

/** Whether some route of the VirtualService names a Service whose endpoints are the egress gateway. */
function routesToEgressGateway(view: ClusterView, vs: K8sObject): boolean {
  const ns = vs.metadata.namespace ?? 'default';
  const http = ((vs.spec ?? {})['http'] as { route?: { destination?: { host?: unknown } }[] }[] | undefined) ?? [];
  return http.some((r) =>
    (r.route ?? []).some((d) => {
      const host = resolveShortname(String(d.destination?.host ?? ''), ns);
      const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
      const svc = m ? view.get('Service', m[2], m[1]!) : undefined;
      return svc !== undefined && endpoints(svc, view).some((p) => isEgressGatewayPod(p, view));
    }),
  );
}
