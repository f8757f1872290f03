/**
 * The ingress gateway's Envoy: listeners only on ports some Gateway server declares (else the
 * connection is refused), TLS by SNI with the certificate from the credentialName Secret in the
 * gateway's namespace, its own RequestAuthentication/AuthorizationPolicy, then VirtualService
 * routing (404 with no virtual host or route) and the hop to the backend pod.
 */
import type { K8sObject } from '../../kube/object.js';
import { atLeast, decide as meshDecide, describeOutcome, type Decision } from '../mesh/index.js';
import type { RequestSource } from '../mesh/model.js';
import type { Exchange, Headers, HttpRequestOut, HttpResponse, TlsInfo } from './http.js';
import { header, requestId } from './http.js';
import { targetPortOn, workloadOf } from './cluster-index.js';
import { deliverToPod, type AppFetch } from './deliver.js';
import { connectRefused, envoyResponse, failed, RESET, tlsReset } from './envoy-replies.js';
import { ended, note, noteDecision, type Path } from './path-trace.js';
import { hostMatches, serversOn, virtualServicesFor, type GatewayServer } from './ingress-config.js';
import { firstRoute } from './route-match.js';
import { planRoute, routeOperation } from './route-plan.js';
import { applyRouteToRequest, finish, routeRequest, upstreamFor } from './sidecar-route.js';
import { terminateTls } from './gateway-tls.js';
import { passthrough } from './ingress-passthrough.js';
import { NotSimulated } from './not-simulated.js';
import { type Handled, recordInbound } from './proxy-record.js';
import type { MeshRequest } from '../mesh/index.js';

export interface GatewayCall {
  path: Path;
  source: RequestSource;
  pod: K8sObject;
  /** The gateway Service port the connection arrived on (80, 443, ...). */
  servicePort: number;
  containerPort: number;
  scheme: 'http' | 'https';
  /** TLS server name curl sends (the URL host unless it is an IP). */
  sni: string | undefined;
  insecure: boolean;
  cacert: string | undefined;
  hasClientCert: boolean;
  clientCert?: string;
  request: HttpRequestOut;
  maxTimeS?: number;
  /** Where curl connected (the URL host or the --connect-to host): curl names it when refused. */
  connectHost: string;
  connectPort: number;
  /** Outbound calls of the backend application (Bookinfo's productpage). */
  fetch?: AppFetch;
  /** The client's own sidecar already decided its outbound stage (the caller did). */
  outboundDecided?: boolean;
}

const DATE: [string, string] = ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'];
const AT = 'ingress-gateway';

function serverName(s: GatewayServer): string {
  return `${s.gateway.metadata.namespace ?? 'default'}/${s.gateway.metadata.name}`;
}

function envoyReply(status: number, body = '', extra: Headers = []): HttpResponse {
  return envoyResponse(status, body, 'istio-envoy', extra);
}

export function gatewayExchange(c: GatewayCall): Exchange {
  const { path } = c;
  const servers = serversOn(path.view, c.pod, c.servicePort, c.containerPort);
  const log = (line: string) => note(path, AT, line);
  const end = (why: string, ex: Exchange) => ended(path, AT, why, ex);
  // curl names the host it connected to (conn_to_host with --connect-to, else the URL host), never the Host header.
  if (servers.length === 0)
    return end(
      `no Gateway server listens on port ${c.servicePort} (gateway container port ${c.containerPort}): the connection is refused`,
      failed(connectRefused(c.connectHost, c.connectPort)),
    );
  const tlsServers = servers.filter((s) => s.protocol === 'HTTPS' || s.protocol === 'TLS');
  const httpServers = servers.filter((s) => s.protocol === 'HTTP' || s.protocol === 'HTTP2');
  let tls: TlsInfo | undefined;
  let active: GatewayServer[] = httpServers;
  if (c.scheme === 'https') {
    if (tlsServers.length === 0)
      return end(
        `the Gateway servers on port ${c.servicePort} (${servers.map(serverName).join(', ')}) are plaintext ${servers[0]!.protocol}: a TLS handshake fails (curl exit 35)`,
        failed({ curlCode: 35, message: 'OpenSSL/3.5.2: error:0A00010B:SSL routines::wrong version number' }),
      );
    // Filter chains match on SNI = the server's hosts; `*` also takes a handshake without SNI.
    const chosen = tlsServers.find((s) => s.hosts.some((h) => hostMatches(h, c.sni)));
    if (!chosen)
      return end(
        `no HTTPS server on port ${c.servicePort} has a host matching SNI ${c.sni ?? '(none: the URL host is an IP)'} (${tlsServers.map((t) => `${serverName(t)} hosts ${t.hosts.join(', ')}`).join('; ')}): the gateway resets the handshake (curl exit 35)`,
        failed(tlsReset(c.sni ?? header(c.request.headers, 'host') ?? '', c.connectPort)),
      );
    const mode = chosen.tls?.mode ?? 'SIMPLE';
    const cn = chosen.tls?.credentialName;
    log(
      `Gateway ${serverName(chosen)} serves ${chosen.hosts.join(', ')}:${c.servicePort} (matched by port and SNI ${c.sni ?? '(none)'}) with tls.mode ${mode}${cn ? `, credentialName ${cn}` : ', no credentialName'}`,
    );
    if (mode === 'PASSTHROUGH') return passthrough({ ...c, server: chosen });
    if (mode !== 'SIMPLE' && mode !== 'MUTUAL' && mode !== 'OPTIONAL_MUTUAL')
      throw new NotSimulated(`Gateway ${chosen.gateway.metadata.name}: tls.mode ${mode} is not simulated`);
    const hs = terminateTls({
      view: path.view,
      namespace: c.pod.metadata.namespace ?? 'istio-system',
      mode,
      credentialName: cn,
      sni: c.sni,
      checkHost: c.sni ?? header(c.request.headers, 'host') ?? '',
      insecure: c.insecure,
      cacert: c.cacert,
      hasClientCert: c.hasClientCert,
      clientCert: c.clientCert,
      connectPort: c.connectPort,
      log,
    });
    if (!hs.ok) return end(hs.why, { kind: 'failure', failure: hs.failure, ...(hs.tls ? { tls: hs.tls } : {}) });
    tls = hs.tls;
    active = [chosen];
  } else if (httpServers.length === 0) {
    // Only TLS filter chains on this port: a plaintext request matches none and is dropped.
    return end(
      `the Gateway servers on port ${c.servicePort} only take TLS: a plaintext request matches no filter chain and is reset`,
      failed(RESET),
    );
  }
  const version: '1.1' | '2' = tls ? '2' : '1.1';
  const hostHeader = header(c.request.headers, 'host') ?? '';
  const host = hostHeader.replace(/:\d+$/, '');
  if (active.some((s) => s.tls?.httpsRedirect))
    return end('the Gateway server sets tls.httpsRedirect: 301 to https', {
      kind: 'response',
      response: envoyReply(301, '', [['location', `https://${host}${c.request.path}`]]),
      httpVersion: version,
      tls,
    });

  // The gateway's own RequestAuthentication and AuthorizationPolicy run before routing.
  const gw = workloadOf(c.pod, path.view);
  const lower: Record<string, string> = {};
  for (const [k, v] of c.request.headers) lower[k.toLowerCase()] = v;
  const atGateway = deliverGatewayFilters(c, gw, lower);
  const decision = atGateway.decision;
  const http = { method: c.request.method, host: lower['host'] ?? '', path: c.request.path, headers: lower };
  const destination = { kind: 'workload' as const, workload: gw, targetPort: c.containerPort };
  const req: MeshRequest = { source: c.source, destination, appTls: false, http };
  const denied = decision.outcome.kind === 'local-reply' && decision.outcome.status === 403;
  const details = denied ? 'rbac_access_denied_matched_policy[none]' : 'via_upstream';
  // Once the gateway's filters ran, each answer is logged by its istio-proxy (kubectl logs).
  const handled: Omit<Handled, 'response'> = { view: path.view, pod: c.pod, req, decision, details };
  // `why`: the gateway itself answers; without it the response is the backend's, passed on.
  const respond = (response: HttpResponse, why?: string): Exchange => {
    recordInbound({ ...handled, response });
    const ex: Exchange = { kind: 'response', response, httpVersion: version, tls };
    return why === undefined ? ex : end(why, ex);
  };
  if (atGateway.reply) return respond(atGateway.reply, `the gateway answers: ${describeOutcome(decision.outcome)}`);

  // Routing, with the same route semantics as a sidecar (route-plan.ts, sidecar-route.ts); the first
  // bound VirtualService (oldest) with a matching route wins.
  // Claim-based routing (`@request.auth.claims.X` header matches) exists from Istio 1.12 (task jwt-route).
  const rreq = {
    ...routeRequest(c.request, c.servicePort, c.scheme),
    gateways: [...new Set(active.map(serverName))],
    ...(atGateway.claims && atLeast(path.mesh, 1, 12) ? { claims: atGateway.claims } : {}),
  };
  let vs: K8sObject | undefined;
  let route: Record<string, unknown> | undefined;
  for (const v of virtualServicesFor(path.view, active, host)) {
    route = firstRoute(v, rreq);
    if (route) {
      vs = v;
      break;
    }
  }
  if (!vs || !route)
    return respond(
      envoyReply(404),
      `no VirtualService bound to the Gateway server has a route for host ${host} and this request: 404`,
    );
  const routeName = `VirtualService ${vs.metadata.namespace ?? 'default'}/${vs.metadata.name}`;
  const plan = planRoute(route, c.request.path, hostHeader, c.scheme);
  if (plan.kind === 'reply')
    return respond(
      envoyReply(plan.status, plan.body, plan.headers),
      `${routeName}: ${plan.why}: the gateway answers ${plan.status} itself`,
    );
  // destination.port may only be left out for a single-port service (port 0 matches none).
  const up = upstreamFor(path.view, path.mesh, gw.namespace, plan, vs.metadata.namespace ?? 'default', 0);
  if (up.kind === 'no-cluster')
    return respond(envoyReply(503), `${routeName}: ${up.why}: no such cluster, 503 (cluster_not_found)`);
  const pod = up.pods[0];
  const targetPort = pod ? targetPortOn(up.port, pod) : undefined;
  if (!pod || targetPort === undefined)
    return respond(
      envoyReply(503, 'no healthy upstream', [['content-type', 'text/plain']]),
      `${routeName}: ${plan.host} has no ready endpoint: 503 no healthy upstream`,
    );
  log(
    `${routeName} routes ${host}${c.request.path} to ${up.svc.metadata.name}:${up.port.port}, pod ${pod.metadata.name}`,
  );

  const clientIp = c.source.kind === 'outside' ? c.source.ip : c.source.workload.ip;
  // The gateway's own filters (jwt_authn) change headers before the router: the token header is
  // removed unless forwardOriginalToken, claim/payload headers are added.
  const changes = atGateway.headerChanges ?? {};
  const filtered: Headers = [
    ...c.request.headers.filter(([k]) => !(k.toLowerCase() in changes)),
    ...Object.entries(changes).filter((e): e is [string, string] => e[1] !== undefined),
  ];
  const routed = applyRouteToRequest({ ...c.request, headers: filtered }, plan, route);
  // The gateway uses the peer's address (use_remote_address): it appends the peer to
  // X-Forwarded-For with "," (Envoy source/common/http/conn_manager_utility.cc
  // mutateRequestHeaders, appendXff); the request is internal when X-Forwarded-For then holds that
  // one address and it is internal (RFC 1918 / RFC 4193): x-envoy-internal: true (a client's own
  // is dropped first); otherwise the edge request loses the client's decorator
  // (cleanInternalHeaders) and x-envoy-external-address is the peer. Envoy trusted private addresses by default while
  // internal_address_config was unset up to 1.32 (Istio 1.24: its release notes warn that the
  // next release changes it; ISTIO-SECURITY-2024-006); from Istio 1.25 none is taken as internal.
  const sentXff = header(routed.headers, 'x-forwarded-for');
  const xff = sentXff ? `${sentXff},${clientIp}` : clientIp;
  const internal = sentXff === undefined && !atLeast(path.mesh, 1, 25) && internalAddress(clientIp);
  const kept = routed.headers.filter(
    ([k]) =>
      !/^(x-forwarded-for|x-forwarded-proto|x-envoy-internal|x-envoy-attempt-count)$/i.test(k) &&
      (internal || !/^x-envoy-(external-address|decorator-operation)$/i.test(k)),
  );
  const forwarded: Headers = [
    ...kept,
    ['x-forwarded-for', xff],
    ['x-forwarded-proto', c.scheme],
    internal ? ['x-envoy-internal', 'true'] : ['x-envoy-external-address', clientIp],
    ['x-request-id', requestId(path.view.now(), `${c.request.method} ${c.request.path} ${hostHeader}`)],
    ['x-envoy-attempt-count', '1'],
    [
      'x-envoy-decorator-operation',
      routeOperation(
        route,
        `${up.svc.metadata.name}.${up.svc.metadata.namespace ?? 'default'}.svc.cluster.local`,
        up.port.port,
        vs.metadata.name,
      ),
    ],
  ];
  const hop = deliverToPod({
    path,
    source: { kind: 'workload', workload: gw },
    pod,
    targetPort,
    service: { name: up.svc.metadata.name, namespace: up.svc.metadata.namespace ?? 'default', port: up.port.port },
    appTls: false,
    request: { ...routed, headers: forwarded },
    scheme: c.scheme,
    ...(c.fetch ? { fetch: c.fetch } : {}),
  });
  if (hop.kind === 'failure')
    return respond(
      envoyReply(
        503,
        'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
        [['content-type', 'text/plain']],
      ),
      `the connection to ${pod.metadata.name} ended without a response: the gateway answers 503`,
    );
  const res = hop.response;
  const headers: Headers = res.headers.filter(
    ([k]) => !['server', 'x-envoy-upstream-service-time', 'date'].includes(k.toLowerCase()),
  );
  headers.push(
    DATE,
    ['server', 'istio-envoy'],
    ['x-envoy-upstream-service-time', String(Math.round((res.delaySeconds ?? 0) * 1000) + 3)],
  );
  const done = finish(
    path,
    { kind: 'response', response: { ...res, headers, http10: false }, httpVersion: version, tls },
    plan,
    'istio-envoy',
  );
  return done.kind === 'response' ? respond(done.response) : done;
}

function deliverGatewayFilters(
  c: GatewayCall,
  gw: ReturnType<typeof workloadOf>,
  lower: Record<string, string>,
): {
  decision: Decision;
  reply?: HttpResponse;
  claims?: Readonly<Record<string, unknown>>;
  headerChanges?: Record<string, string | undefined>;
} {
  const d = meshDecide(
    {
      source: c.source,
      destination: { kind: 'workload', workload: gw, targetPort: c.containerPort },
      appTls: false,
      http: { method: c.request.method, host: lower['host'] ?? '', path: c.request.path, headers: lower },
      outboundDecided: c.outboundDecided === true,
    },
    c.path.mesh,
  );
  noteDecision(c.path, AT, d);
  const o = d.outcome;
  if (o.kind === 'not-simulated') throw new NotSimulated(o.reason);
  if (o.kind === 'local-reply') return { decision: d, reply: envoyReply(o.status, o.body, Object.entries(o.headers)) };
  if (o.kind !== 'delivered') return { decision: d, reply: envoyReply(503) };
  return { decision: d, ...(o.claims ? { claims: o.claims } : {}), headerChanges: o.headerChanges };
}

/** Envoy's default internal addresses (Network::Utility::isInternalAddress): RFC 1918, RFC 4193, loopback. */
function internalAddress(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (ip.includes(':')) return /^f[cd]/i.test(ip) || ip === '::1';
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}
