/**
 * A Gateway server with tls.mode PASSTHROUGH: the gateway's Envoy reads only the ClientHello's
 * SNI and hands the still-encrypted connection to the destination of the first VirtualService
 * `tls:` route whose `match` has that SNI in `sniHosts` (and the port, if it names one), as
 * istiod builds one filter chain per SNI (pilot/pkg/networking/core/gateway.go,
 * buildGatewayNetworkFiltersFromTLSRoutes). No route for the SNI: no filter chain matches and
 * Envoy closes the connection during the handshake (curl 35). The TLS server is the backend app.
 */
import type { ClusterView, K8sObject } from '../types.js';
import type { Decision, MeshConfig } from '../mesh/index.js';
import type { Exchange, HttpRequestOut } from './http.js';
import { header } from './http.js';
import { targetPortOn, workloadOf } from './cluster-index.js';
import { deliverToPod, tlsReset } from './deliver.js';
import { hostMatches, type GatewayServer } from './ingress-config.js';
import { planRoute } from './route-plan.js';
import { upstreamFor } from './sidecar-route.js';

/** What the gateway knows of the connection when a PASSTHROUGH server takes it. */
export interface PassthroughCall {
  view: ClusterView;
  mesh: MeshConfig;
  /** The gateway pod. */
  pod: K8sObject;
  servicePort: number;
  sni: string | undefined;
  insecure: boolean;
  cacert: string | undefined;
  request: HttpRequestOut;
  decisions: Decision[];
  notices: string[];
  connectPort: number;
  server: GatewayServer;
  log: (line: string) => void;
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
  for (const vs of call.view.list('VirtualService')) {
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
  const reset = (): Exchange => ({ kind: 'failure', failure: tlsReset(c.sni ?? '', c.connectPort) });
  const found = tlsRouteFor(c, c.server);
  if (!found) {
    c.log(
      `PASSTHROUGH: no VirtualService tls route bound to ${c.server.gateway.metadata.name} has sniHosts ` +
        `matching ${c.sni ?? '(no SNI)'} on port ${c.servicePort}: no filter chain, the connection is closed (curl exit 35)`,
    );
    return reset();
  }
  const plan = planRoute(found.route as Record<string, unknown>, '/', c.sni ?? '', 'https');
  const gw = workloadOf(c.pod, c.view);
  if (plan.kind !== 'forward') return reset();
  const up = upstreamFor(c.view, c.mesh, gw.namespace, plan, found.vs.metadata.namespace ?? 'default', 0);
  const pod = up.kind === 'pods' ? up.pods[0] : undefined;
  const targetPort = pod && up.kind === 'pods' ? targetPortOn(up.port, pod) : undefined;
  if (up.kind !== 'pods' || !pod || targetPort === undefined) {
    c.log(
      `PASSTHROUGH: VirtualService ${found.vs.metadata.name} routes SNI ${c.sni ?? ''} to ${plan.host}, ` +
        'which has no endpoint: the connection is closed (curl exit 35)',
    );
    return reset();
  }
  c.log(
    `PASSTHROUGH: VirtualService ${found.vs.metadata.name} tls route (sniHosts) sends SNI ${c.sni ?? ''} to ` +
      `${up.svc.metadata.name}:${up.port.port}, pod ${pod.metadata.name}; the TLS handshake is the app's own`,
  );
  const hop = deliverToPod({
    view: c.view,
    mesh: c.mesh,
    source: { kind: 'workload', workload: gw },
    pod,
    targetPort,
    service: { name: up.svc.metadata.name, namespace: up.svc.metadata.namespace ?? 'default', port: up.port.port },
    appTls: true,
    request: c.request,
    scheme: 'https',
    decisions: c.decisions,
    notices: c.notices,
    tlsClient: {
      sni: c.sni,
      checkHost: c.sni ?? header(c.request.headers, 'host') ?? '',
      insecure: c.insecure,
      cacert: c.cacert,
    },
  });
  if (hop.kind === 'failure') {
    c.log(`the backend's handshake failed: ${hop.failure.message}`);
    return hop;
  }
  if (hop.tls) c.log(`the backend served its own certificate: subject ${hop.tls.subject}, issuer ${hop.tls.issuer}`);
  return { kind: 'response', response: hop.response, httpVersion: '1.1', ...(hop.tls ? { tls: hop.tls } : {}) };
}
