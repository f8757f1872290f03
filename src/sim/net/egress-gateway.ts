/**
 * The egress gateway's Envoy (istio-egressgateway), as istio.io's "Egress Gateways" and "Egress
 * Gateways with TLS Origination" tasks use it: a client sidecar's mesh route sends plain HTTP for
 * an external host to the gateway's Service; the gateway listens only where a Gateway server
 * selecting it declares the port (HTTP, or HTTPS with tls.mode ISTIO_MUTUAL when a DestinationRule
 * makes the sidecar send Istio mTLS); its own RequestAuthentication and AuthorizationPolicy run
 * (403 `RBAC: access denied`); a VirtualService bound to that Gateway routes the host on to the
 * ServiceEntry host, where the gateway may originate TLS (DestinationRule tls.mode SIMPLE).
 * Auto mTLS does not apply: the gateway's pods carry no `security.istio.io/tlsMode` label
 * (manifests/charts/gateways/istio-egress), so without a DestinationRule the sidecar speaks
 * plaintext and the gateway sees no peer identity.
 */
import type { K8sObject } from '../../kube/object.js';
import { decideTraced, describeOutcome, destinationRuleObjectFor, resolveShortname } from '../mesh/index.js';
import type { Exchange, Headers, HttpRequestOut } from './http.js';
import { header, requestId } from './http.js';
import { workloadOf, type ServicePort } from './cluster-index.js';
import { hostMatches, serversOn, virtualServicesFor, type GatewayServer } from './ingress-config.js';
import { firstRoute } from './route-match.js';
import { planRoute, routeOperation } from './route-plan.js';
import { applyRouteToRequest, finish, routeRequest } from './sidecar-route.js';
import { CONNECT_REFUSED_BODY, envoyExchange, sidecar503 } from './envoy-replies.js';
import { ended, note, noteDecision, type Path } from './path-trace.js';
import { reachOutside } from './egress-call.js';
import { EXTERNAL_HOSTS } from './dns.js';
import { recordOutbound } from './outbound-log.js';
import { NotSimulated, noInternet } from './not-simulated.js';
import { clientTlsToGateway, externalServiceEntry } from './egress-gateway-config.js';
import type { Leg } from './outgoing.js';

const AT = 'egress-gateway';
// What curl gets comes back through its own sidecar, whose outbound listener overwrites `server`
// with Envoy's default `envoy` (pilot/pkg/networking/core/httproute.go GetProxyHeadersFromProxyConfig).

export function toEgressGatewayPod(
  leg: Leg,
  pod: K8sObject,
  targetPort: number,
  service: { svc: K8sObject; port: ServicePort; subset?: string | undefined } | undefined,
  request: HttpRequestOut,
): Exchange {
  const { path, out, source } = leg;
  const view = path.view;
  if (source.kind !== 'workload' || !source.workload.sidecar)
    throw new NotSimulated('a request to the egress gateway from a client without a sidecar is not simulated');
  if (out.scheme !== 'http')
    throw new NotSimulated('TLS from the application sent to the egress gateway by an HTTP route is not simulated');
  const client = source.workload;
  const gw = workloadOf(pod, view);
  const svcName = service?.svc.metadata.name ?? 'istio-egressgateway';
  const svcNs = service?.svc.metadata.namespace ?? view.rootNamespace;
  const svcPort = service?.port.port ?? targetPort;
  const fqdn = `${svcName}.${svcNs}.svc.cluster.local`;
  const host = (header(request.headers, 'host') ?? '').replace(/:\d+$/, '');
  const servers = serversOn(view, pod, svcPort, targetPort);
  if (servers.length === 0)
    return ended(
      path,
      'client-sidecar',
      `no Gateway server selects the egress gateway on port ${svcPort} (container port ${targetPort}): it refuses the connection, the client sidecar answers 503`,
      sidecar503(CONNECT_REFUSED_BODY),
    );
  const tls = clientTlsToGateway(path, client.namespace, fqdn, svcNs, svcPort, service?.subset);
  // Under Istio mTLS the sidecar's SNI is the rule's `sni`, else the cluster's own name.
  const sni =
    tls.mode === 'ISTIO_MUTUAL' ? (tls.sni ?? `outbound_.${svcPort}_.${service?.subset ?? ''}_.${fqdn}`) : undefined;
  const server = listenerFor(servers, tls.mode, sni ?? host);
  note(
    path,
    AT,
    `the client sidecar sends ${tls.mode === 'ISTIO_MUTUAL' ? `Istio mTLS (${tls.why})` : `plaintext HTTP (${tls.why})`} to ${fqdn}:${svcPort}; Gateway ${serverName(server)} serves ${server.hosts.join(', ')} on port ${svcPort} (${server.protocol}${server.tls?.mode ? ` ${server.tls.mode}` : ''})`,
  );
  const lower: Record<string, string> = {};
  for (const [k, v] of request.headers) lower[k.toLowerCase()] = v;
  // The request id the client sidecar generates: both proxies log it.
  const reqId =
    header(request.headers, 'x-request-id') ?? requestId(view.now(), `${request.method} ${request.path} ${host}`);
  const logged: HttpRequestOut = { ...request, headers: [...request.headers, ['x-request-id', reqId]] };
  const d = decideTraced(
    {
      source,
      destination: {
        kind: 'workload',
        workload: gw,
        targetPort,
        service: {
          name: svcName,
          namespace: svcNs,
          port: svcPort,
          ...(service?.subset ? { subset: service.subset } : {}),
        },
      },
      appTls: false,
      http: { method: request.method, host: lower['host'] ?? '', path: request.path, headers: lower },
      outboundDecided: true,
    },
    path.mesh,
  );
  noteDecision(path, AT, d);
  const o = d.outcome;
  const logAtGateway = (ex: Exchange, upstream?: { cluster: string; host: string }, details?: string) => {
    if (ex.kind !== 'response') return;
    recordOutbound({
      view,
      pod,
      // The gateway appends its downstream (the client's sidecar) to X-Forwarded-For.
      request: { ...logged, headers: [...logged.headers, ['x-forwarded-for', client.ip]] },
      protocol: tls.mode === 'ISTIO_MUTUAL' ? 'HTTP/2' : 'HTTP/1.1',
      response: ex.response,
      ...(details ? { details } : {}),
      upstreamCluster: upstream?.cluster ?? '-',
      upstreamHost: upstream?.host ?? '-',
      downstreamLocal: `${gw.ip}:${targetPort}`,
      downstreamRemoteIp: client.ip,
      ...(sni ? { sni } : {}),
    });
  };
  if (o.kind === 'not-simulated') throw new NotSimulated(o.reason);
  if (o.kind === 'local-reply') {
    const ex = ended(
      path,
      AT,
      `the egress gateway answers: ${describeOutcome(o)}`,
      envoyExchange(o.status, o.body, 'envoy', Object.entries(o.headers)),
    );
    logAtGateway(
      ex,
      undefined,
      o.status === 403 ? 'rbac_access_denied_matched_policy[none]' : 'jwt_authn_access_denied',
    );
    return ex;
  }
  if (o.kind !== 'delivered')
    throw new NotSimulated(`the egress gateway ending a request with ${o.kind} is not simulated`);
  const ex = routeAtGateway(path, server, request, svcPort, o.claims, o.headerChanges, client.ip, (e, up) =>
    logAtGateway(e, up),
  );
  // The client sidecar's own line: its cluster is the gateway Service's (and subset's).
  if (ex.kind === 'response' && leg.origin.kind === 'pod')
    recordOutbound({
      view,
      pod: leg.origin.pod,
      request: logged,
      response: ex.response,
      upstreamCluster: `outbound|${svcPort}|${service?.subset ?? ''}|${fqdn}`,
      upstreamHost: `${gw.ip}:${targetPort}`,
      downstreamLocal: `${EXTERNAL_HOSTS[host] ?? host}:${leg.out.connectPort}`,
      downstreamRemoteIp: client.ip,
    });
  return ex;
}

/** The Gateway server that takes the sidecar's connection, or a refusal where the listener and the sidecar disagree. */
function listenerFor(servers: GatewayServer[], mode: string | undefined, name: string): GatewayServer {
  if (mode === 'ISTIO_MUTUAL') {
    const s = servers.find((x) => x.tls?.mode === 'ISTIO_MUTUAL' && x.hosts.some((h) => hostMatches(h, name)));
    if (!s)
      throw new NotSimulated(
        `Istio mTLS from the sidecar to an egress gateway port without an ISTIO_MUTUAL server for ${name} is not simulated`,
      );
    return s;
  }
  if (mode !== undefined && mode !== 'DISABLE')
    throw new NotSimulated(`a DestinationRule tls.mode ${mode} towards the egress gateway is not simulated`);
  const s = servers.find((x) => x.protocol === 'HTTP' || x.protocol === 'HTTP2');
  if (!s)
    throw new NotSimulated(
      `plaintext HTTP from the sidecar to an egress gateway port whose servers are ${servers.map((x) => `${x.protocol} ${x.tls?.mode ?? ''}`.trim()).join(', ')} is not simulated`,
    );
  return s;
}

function serverName(s: GatewayServer): string {
  return `${s.gateway.metadata.namespace ?? 'default'}/${s.gateway.metadata.name}`;
}

/** The gateway's own routes: a VirtualService bound to its Gateway sends the host on to the server outside. */
function routeAtGateway(
  path: Path,
  server: GatewayServer,
  request: HttpRequestOut,
  port: number,
  claims: Readonly<Record<string, unknown>> | undefined,
  headerChanges: Record<string, string | undefined>,
  clientIp: string,
  log: (ex: Exchange, upstream?: { cluster: string; host: string }) => void,
): Exchange {
  const view = path.view;
  const host = (header(request.headers, 'host') ?? '').replace(/:\d+$/, '');
  const reply = (why: string, status: number, body = '', extra: Headers = []) => {
    const ex = ended(path, AT, why, envoyExchange(status, body, 'envoy', extra));
    log(ex);
    return ex;
  };
  if (!server.hosts.some((h) => hostMatches(h, host)))
    return reply(`Gateway ${serverName(server)} does not serve host ${host}: 404`, 404);
  const rreq = {
    ...routeRequest(request, port, 'http'),
    gateways: [serverName(server)],
    ...(claims ? { claims } : {}),
  };
  let vs: K8sObject | undefined;
  let route: Record<string, unknown> | undefined;
  for (const v of virtualServicesFor(view, [server], host)) {
    route = firstRoute(v, rreq);
    if (route) {
      vs = v;
      break;
    }
  }
  if (!vs || !route)
    return reply(
      `no VirtualService bound to Gateway ${serverName(server)} has a route for ${host} port ${port}: 404 (route_not_found)`,
      404,
    );
  const name = `VirtualService ${vs.metadata.namespace ?? 'default'}/${vs.metadata.name}`;
  const plan = planRoute(route, request.path, header(request.headers, 'host') ?? '', 'http');
  if (plan.kind === 'reply')
    return reply(
      `${name}: ${plan.why}: the egress gateway answers ${plan.status} itself`,
      plan.status,
      plan.body,
      plan.headers,
    );
  const target = resolveShortname(plan.host, vs.metadata.namespace ?? 'default');
  if (target.endsWith('.svc.cluster.local'))
    throw new NotSimulated(`the egress gateway routing to a service in the cluster (${target}) is not simulated`);
  const se = externalServiceEntry(view, target);
  const destPort = plan.port ?? (se?.ports.length === 1 ? se.ports[0]!.number : port);
  const cluster = `outbound|${destPort}||${target}`;
  if (!se)
    return reply(
      `${name} routes to ${target}, which no ServiceEntry declares: no cluster ${cluster}, 503 (cluster_not_found)`,
      503,
    );
  const ip = EXTERNAL_HOSTS[target];
  if (!ip) throw noInternet(`the egress gateway's request to ${target}:${destPort}`);
  note(path, 'route', `egress gateway: ${name}: to ${target} port ${destPort}`);
  const dr = destinationRuleObjectFor(path.mesh, server.gateway.metadata.namespace ?? 'default', target, se.namespace);
  const mode = dr ? (dr.spec.portLevel.get(destPort) ?? dr.spec.tls) : undefined;
  if (mode && mode !== 'SIMPLE' && mode !== 'DISABLE')
    throw new NotSimulated(`DestinationRule ${dr!.ref.name}: tls.mode ${mode} at the egress gateway is not simulated`);
  const connectPort = se.ports.find((p) => p.number === destPort)?.targetPort ?? destPort;
  // The gateway's jwt_authn filter changes headers before the router, as at the ingress gateway.
  const filtered: Headers = [
    ...request.headers.filter(([k]) => !(k.toLowerCase() in headerChanges)),
    ...Object.entries(headerChanges).filter((e): e is [string, string] => e[1] !== undefined),
  ];
  const routed = applyRouteToRequest({ ...request, headers: filtered }, plan, route);
  const forwarded: HttpRequestOut = {
    ...routed,
    headers: [
      ...routed.headers.filter(([k]) => !['x-envoy-decorator-operation', 'x-forwarded-for'].includes(k.toLowerCase())),
      ['x-forwarded-for', clientIp],
      ['x-envoy-decorator-operation', routeOperation(route, target, destPort, vs.metadata.name)],
    ],
  };
  if (mode === 'SIMPLE')
    note(
      path,
      AT,
      `DestinationRule ${dr!.ref.namespace}/${dr!.ref.name} sets tls.mode SIMPLE for ${target} port ${destPort}: the egress gateway originates TLS to ${target}:${connectPort}`,
    );
  const upstream = reachOutside(
    path,
    target,
    connectPort,
    mode === 'SIMPLE' ? 'https' : 'http',
    forwarded,
    clientIp,
    [],
  );
  const back: Exchange =
    upstream.kind === 'response'
      ? {
          kind: 'response',
          httpVersion: '1.1',
          response: {
            ...upstream.response,
            headers: [
              ...upstream.response.headers.filter(([k]) => k.toLowerCase() !== 'server'),
              ['x-envoy-upstream-service-time', String(Math.round((upstream.response.delaySeconds ?? 0) * 1000) + 30)],
              ['server', 'envoy'],
            ],
          },
        }
      : upstream;
  const done = finish(path, back, plan, 'istio-envoy');
  log(done, { cluster, host: `${ip}:${connectPort}` });
  return done;
}
