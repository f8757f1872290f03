/**
 * A Gateway server with tls.mode PASSTHROUGH: the gateway's Envoy reads only the ClientHello's
 * SNI and hands the still-encrypted connection to the destination of the first VirtualService
 * `tls:` route whose `match` has that SNI in `sniHosts` (and the port, if it names one), as
 * istiod builds one filter chain per SNI (pilot/pkg/networking/core/gateway.go,
 * buildGatewayNetworkFiltersFromTLSRoutes). No route for the SNI: no filter chain matches and
 * Envoy closes the connection during the handshake (curl 35). The TLS server is the backend app.
 */
import type { K8sObject } from '../../kube/object.js';
import type { Exchange, HttpRequestOut } from './http.js';
import { header } from './http.js';
import { targetPortOn, workloadOf } from './cluster-index.js';
import { deliverToPod } from './deliver.js';
import { tlsReset } from './envoy-replies.js';
import { ended, note, type Path } from './path-trace.js';
import { hostMatches, type GatewayServer } from './ingress-config.js';
import { planRoute } from './route-plan.js';
import { upstreamFor } from './sidecar-route.js';

/** What the gateway knows of the connection when a PASSTHROUGH server takes it. */
export interface PassthroughCall {
  path: Path;
  /** The gateway pod. */
  pod: K8sObject;
  servicePort: number;
  sni: string | undefined;
  insecure: boolean;
  cacert: string | undefined;
  request: HttpRequestOut;
  connectPort: number;
  server: GatewayServer;
}

type TlsRoute = { match?: { port?: number; sniHosts?: string[]; gateways?: string[] }[]; route?: unknown[] };

function boundTo(vs: K8sObject, server: GatewayServer): boolean {
  const ns = vs.metadata.namespace ?? 'default';
  const gateways = (vs.spec as { gateways?: string[] } | undefined)?.gateways ?? [];
  return gateways.some((g) => {
    const [gns, gname] = g.includes('/') ? g.split('/', 2) : [ns, g];
    return gname === server.gateway.metadata.name && gns === (server.gateway.metadata.namespace ?? 'default');
  });
}

/** The first `tls:` route of a VirtualService bound to the server that takes this SNI and port. */
function tlsRouteFor(call: PassthroughCall, server: GatewayServer): { vs: K8sObject; route: TlsRoute } | undefined {
  for (const vs of call.path.view.list('VirtualService')) {
    if (!boundTo(vs, server)) continue;
    for (const route of (vs.spec as { tls?: TlsRoute[] } | undefined)?.tls ?? []) {
      const ok = (route.match ?? []).some(
        (m) =>
          (m.port === undefined || m.port === call.servicePort) &&
          (m.sniHosts ?? []).some((h) => hostMatches(h, call.sni)),
      );
      if (ok) return { vs, route };
    }
  }
  return undefined;
}

export function passthrough(c: PassthroughCall): Exchange {
  const { path } = c;
  const reset = (why: string): Exchange =>
    ended(path, 'ingress-gateway', why, { kind: 'failure', failure: tlsReset(c.sni ?? '', c.connectPort) });
  const found = tlsRouteFor(c, c.server);
  if (!found)
    return reset(
      `PASSTHROUGH: no VirtualService tls route bound to ${c.server.gateway.metadata.name} has sniHosts ` +
        `matching ${c.sni ?? '(no SNI)'} on port ${c.servicePort}: no filter chain, the connection is closed (curl exit 35)`,
    );
  const plan = planRoute(found.route as Record<string, unknown>, '/', c.sni ?? '', 'https');
  const gw = workloadOf(c.pod, path.view);
  if (plan.kind !== 'forward')
    return reset(
      `PASSTHROUGH: VirtualService ${found.vs.metadata.name} tls route forwards nowhere: the connection is closed`,
    );
  const up = upstreamFor(path.view, path.mesh, gw.namespace, plan, found.vs.metadata.namespace ?? 'default', 0);
  const pod = up.kind === 'pods' ? up.pods[0] : undefined;
  const targetPort = pod && up.kind === 'pods' ? targetPortOn(up.port, pod) : undefined;
  if (up.kind !== 'pods' || !pod || targetPort === undefined)
    return reset(
      `PASSTHROUGH: VirtualService ${found.vs.metadata.name} routes SNI ${c.sni ?? ''} to ${plan.host}, ` +
        'which has no endpoint: the connection is closed (curl exit 35)',
    );
  note(
    path,
    'ingress-gateway',
    `PASSTHROUGH: VirtualService ${found.vs.metadata.name} tls route (sniHosts) sends SNI ${c.sni ?? ''} to ` +
      `${up.svc.metadata.name}:${up.port.port}, pod ${pod.metadata.name}; the TLS handshake is the app's own`,
  );
  const hop = deliverToPod({
    path,
    source: { kind: 'workload', workload: gw },
    pod,
    targetPort,
    service: { name: up.svc.metadata.name, namespace: up.svc.metadata.namespace ?? 'default', port: up.port.port },
    appTls: true,
    request: c.request,
    scheme: 'https',
    tlsClient: {
      sni: c.sni,
      checkHost: c.sni ?? header(c.request.headers, 'host') ?? '',
      insecure: c.insecure,
      cacert: c.cacert,
    },
  });
  if (hop.kind === 'failure') return hop;
  return { kind: 'response', response: hop.response, httpVersion: '1.1', ...(hop.tls ? { tls: hop.tls } : {}) };
}
