/**
 * A request to a host outside the cluster. Without a sidecar it goes straight out. Through the
 * client's sidecar: the outbound stage decides (REGISTRY_ONLY, ServiceEntry), a VirtualService
 * bound to `mesh` for a ServiceEntry host routes it (egress-control: a 3s timeout on httpbin.org),
 * a DestinationRule may originate TLS (egress-call.ts), and the sidecar's headers come along.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { decideTraced, resolveShortname } from '../mesh/index.js';
import type { Exchange, HttpRequestOut } from './http.js';
import { header } from './http.js';
import { endpoints, isEgressGatewayPod, podIp } from './cluster-index.js';
import { NotSimulated } from './not-simulated.js';
import { reachOutside, sidecarToExternal } from './egress-call.js';
import { outboundStop, sidecarRoute } from './client-outbound.js';
import { throughClientSidecar } from './client-source.js';
import { meshVirtualService, type ExternalDestination } from './sidecar-route.js';
import { toPod } from './connect-stage.js';
import type { Leg } from './outgoing.js';
import { EXTERNAL_HOSTS } from './dns.js';
import { recordOutbound } from './outbound-log.js';
import { upstreamPort } from './egress-call.js';

export function toExternal(leg: Leg, host: string): Exchange {
  const { path, out, source, origin } = leg;
  const port = out.connectPort;
  if (source.kind !== 'workload' || !source.workload.sidecar)
    return reachOutside(path, host, port, out.scheme, out.request, '', []);
  const d = decideTraced(
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
  const clientIp = podIp(origin.kind === 'pod' ? origin.pod : ({} as K8sObject));
  const clientNs = source.workload.namespace;
  const declared = declaredByServiceEntry(path.view, host, port);
  // Plain HTTP through the sidecar: the router adds the attempt count, and the default route's
  // decorator (`host:port/*`) unless a VirtualService route already set its own.
  const leave = (request: HttpRequestOut, to: ExternalDestination = { host, port }) => {
    const extra: [string, string][] =
      out.scheme === 'http'
        ? [
            ['x-envoy-attempt-count', '1'],
            ...(header(request.headers, 'x-envoy-decorator-operation') === undefined
              ? ([['x-envoy-decorator-operation', `${host}:${port}/*`]] as [string, string][])
              : []),
          ]
        : [];
    const ex =
      out.scheme === 'http'
        ? sidecarToExternal(path, clientNs, to, request, clientIp, extra)
        : reachOutside(path, host, port, out.scheme, request, clientIp, extra);
    logDirect(leg, to, declared, request, ex);
    return ex;
  };
  // A VirtualService for a ServiceEntry host (egress-control: timeout 3s on httpbin.org).
  const routed = throughClientSidecar(source) && out.scheme === 'http';
  const vs = declared ? meshVirtualService(path.view, host) : undefined;
  // egress-gateway's HTTPS section: `tls` routes with sniHosts send the app's TLS to the gateway.
  if (vs && !routed && tlsRoutesToEgressGateway(path.view, vs)) throw new NotSimulated(EGRESS_GATEWAY_TLS_REFUSAL);
  const httpVs = routed && declared ? meshVirtualService(path.view, host, { http: true }) : undefined;
  if (httpVs)
    return sidecarRoute(
      leg,
      httpVs,
      port,
      (pod, tp, svc, sp, request, subset) => toPod(leg, pod, tp, { svc, port: sp, subset }, request),
      leave,
    );
  return leave(out.request);
}

/**
 * Whether a ServiceEntry declares host:port. A port it does not list has no cluster and no virtual
 * host for the name: the sidecar treats it as any unknown destination (Istio builds a ServiceEntry's
 * listeners and routes per declared port).
 */
function declaredByServiceEntry(view: ClusterView, host: string, port: number): boolean {
  return view.list('ServiceEntry').some((se) => {
    const hosts = Array.isArray(se.spec?.['hosts']) ? (se.spec['hosts'] as unknown[]) : [];
    const ports = Array.isArray(se.spec?.['ports']) ? (se.spec['ports'] as { number?: unknown }[]) : [];
    return hosts.some((h) => String(h).toLowerCase() === host) && ports.some((p) => Number(p?.number) === port);
  });
}

/** Why TLS from the app routed to the egress gateway is refused: its PASSTHROUGH hop is not modelled. */
export const EGRESS_GATEWAY_TLS_REFUSAL =
  'TLS from the application routed through the egress gateway (VirtualService tls routes, a PASSTHROUGH Gateway server) is not simulated';

/** Whether some `tls` route of the VirtualService names a Service whose endpoints are the egress gateway. */
function tlsRoutesToEgressGateway(view: ClusterView, vs: K8sObject): boolean {
  const ns = vs.metadata.namespace ?? 'default';
  const tls = ((vs.spec ?? {})['tls'] as { route?: { destination?: { host?: unknown } }[] }[] | undefined) ?? [];
  return tls.some((r) =>
    (r.route ?? []).some((d) => {
      const host = resolveShortname(String(d.destination?.host ?? ''), ns);
      const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
      const svc = m ? view.get('Service', m[2], m[1]!) : undefined;
      return svc !== undefined && endpoints(svc, view).some((p) => isEgressGatewayPod(p, view));
    }),
  );
}

/**
 * The client sidecar's access log line for a request it sent out itself: to the ServiceEntry
 * host's cluster, or through PassthroughCluster (ALLOW_ANY, host not in the registry).
 */
function logDirect(leg: Leg, to: ExternalDestination, declared: boolean, request: HttpRequestOut, ex: Exchange): void {
  const { out, origin, source, path } = leg;
  if (origin.kind !== 'pod' || source.kind !== 'workload' || ex.kind !== 'response') return;
  const ip = EXTERNAL_HOSTS[to.host] ?? to.host;
  const port = out.scheme === 'http' && declared ? upstreamPort(path.view, to.host, to.port) : out.connectPort;
  recordOutbound({
    view: path.view,
    pod: origin.pod,
    ...(out.scheme === 'http'
      ? { request, response: ex.response }
      : { sni: to.host, bytes: { received: 0, sent: Buffer.byteLength(ex.response.body) } }),
    upstreamCluster: declared ? `outbound|${to.port}|${to.subset ?? ''}|${to.host}` : 'PassthroughCluster',
    upstreamHost: `${ip}:${port}`,
    downstreamLocal: `${EXTERNAL_HOSTS[leg.out.connectHost] ?? ip}:${out.connectPort}`,
    downstreamRemoteIp: source.workload.ip,
  });
}
