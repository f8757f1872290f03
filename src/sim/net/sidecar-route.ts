/**
 * VirtualServices in the client sidecar (and at the gateway, for the upstream part): the
 * VirtualService bound to `mesh` for the destination host picks the route; the route answers
 * locally or forwards to a destination whose cluster is the Service port, or a DestinationRule
 * subset of its endpoints. Outcomes as Envoy gives them: no matching route 404 (route_not_found),
 * a destination without a cluster (an undefined subset) 503 with an empty body
 * (cluster_not_found), a cluster without endpoints 503 `no healthy upstream`, a route timeout
 * 504 `upstream request timeout`. Each decision is a `route` step of the request's path.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { destinationRuleObjectFor, resolveShortname, type MeshConfig } from '../mesh/index.js';
import type { Exchange, Headers, HttpRequestOut } from './http.js';
import { header } from './http.js';
import { endpoints, servicePorts, targetPortOn, type ServicePort } from './cluster-index.js';
import { firstRoute, type RouteRequest } from './route-match.js';
import { applyHeaderOps, planRoute, rewritePath, routeOperation, type RoutePlan } from './route-plan.js';
import { envoyExchange, envoyResponse } from './envoy-replies.js';
import { ended, note, type Path } from './path-trace.js';

/** `*` any, `*.x` suffix, else exact; case-insensitive (VirtualService hosts against a FQDN). */
function hostCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  return p === h;
}

/**
 * The VirtualService a sidecar uses for `host` (a Service FQDN or an external name): bound to the
 * reserved gateway `mesh` (the default when `gateways` is absent), hosts resolved as Istio
 * resolves short names. Several for one host: the oldest wins (Istio keeps the first by creation).
 * `http`: only those with HTTP routes (the lookup for plain HTTP the sidecar routes).
 */
export function meshVirtualService(
  view: ClusterView,
  host: string,
  opts: { http?: boolean } = {},
): K8sObject | undefined {
  for (const vs of view.list('VirtualService')) {
    const spec = (vs.spec ?? {}) as { hosts?: unknown[]; gateways?: unknown[]; http?: unknown };
    const gateways = Array.isArray(spec.gateways) && spec.gateways.length > 0 ? spec.gateways.map(String) : ['mesh'];
    if (!gateways.includes('mesh')) continue;
    // For HTTP, a VirtualService with no `http` routes (only `tls`/`tcp`) builds no virtual host:
    // the host keeps its default route (Istio pilot/pkg/networking/core/route/route.go
    // buildSidecarVirtualHostsForVirtualService returns nothing when it has no HTTP routes, and
    // BuildSidecarVirtualHostWrapper then gives the service its default route).
    if (opts.http && !(Array.isArray(spec.http) && spec.http.length > 0)) continue;
    const ns = vs.metadata.namespace ?? 'default';
    if ((spec.hosts ?? []).some((h) => hostCovers(resolveShortname(String(h), ns), host))) return vs;
  }
  return undefined;
}

export type Upstream =
  | { kind: 'pods'; svc: K8sObject; port: ServicePort; pods: K8sObject[] }
  /** The route names a cluster that does not exist (no such Service/port, or an undefined subset). */
  | { kind: 'no-cluster'; why: string };

/** The endpoints a forwarding route reaches from a client in `clientNs`. */
export function upstreamFor(
  view: ClusterView,
  mesh: MeshConfig,
  clientNs: string,
  plan: Extract<RoutePlan, { kind: 'forward' }>,
  vsNs: string,
  defaultPort: number,
): Upstream {
  const fqdn = resolveShortname(plan.host, vsNs);
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(fqdn);
  const svc = m ? view.get('Service', m[2]!, m[1]!) : undefined;
  if (!svc) return { kind: 'no-cluster', why: `no service ${fqdn}` };
  const ports = servicePorts(svc);
  // destination.port may be left out when the service has a single port.
  const port =
    ports.find((p) => p.port === (plan.port ?? defaultPort)) ??
    (plan.port === undefined && ports.length === 1 ? ports[0] : undefined);
  if (!port) return { kind: 'no-cluster', why: `service ${fqdn} has no port ${plan.port ?? defaultPort}` };
  let pods = endpoints(svc, view);
  if (plan.subset !== undefined) {
    const dr = destinationRuleObjectFor(mesh, clientNs, fqdn, svc.metadata.namespace ?? 'default');
    const labels = dr?.spec.subsets.get(plan.subset);
    if (!labels)
      return { kind: 'no-cluster', why: `subset ${plan.subset} is not defined by a DestinationRule for ${fqdn}` };
    pods = pods.filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v));
  }
  return { kind: 'pods', svc, port, pods };
}

/** Sends the routed request to one endpoint: (pod, container port, service, request, subset) -> Exchange. */
export type Forward = (
  pod: K8sObject,
  targetPort: number,
  svc: K8sObject,
  port: ServicePort,
  request: HttpRequestOut,
  subset: string | undefined,
) => Exchange;

/** A route's destination outside the cluster: the host, its port (the request's when the route names none), the subset. */
export interface ExternalDestination {
  host: string;
  port: number;
  subset?: string;
}

export interface SidecarRouteCall {
  path: Path;
  /** Which proxy routes ("client sidecar", "egress gateway"), named in each route step. */
  who: string;
  vs: K8sObject;
  clientNs: string;
  route: RouteRequest;
  request: HttpRequestOut;
  /** `envoy` (client sidecar) or `istio-envoy` (gateway). */
  server: string;
  forward: Forward;
  /** For a route whose destination is not a Service (a ServiceEntry host): where the route sends it. */
  external?: (request: HttpRequestOut, to: ExternalDestination) => Exchange;
}

/** Routes one request through a VirtualService, as the proxy that holds it would. */
export function routeVirtualService(c: SidecarRouteCall): Exchange {
  const route = firstRoute(c.vs, c.route);
  const name = `VirtualService ${c.vs.metadata.namespace ?? 'default'}/${c.vs.metadata.name}`;
  const line = (what: string) => `${c.who}: ${name}${route ? ` route ${routeIndex(c.vs, route)}` : ''}: ${what}`;
  const reply = (why: string, status: number, body: string, extra: Headers = []): Exchange =>
    ended(c.path, 'route', line(why), envoyExchange(status, body, c.server, extra));
  if (!route) return reply('no http route matches the request: 404 (route_not_found)', 404, '');
  const plan = planRoute(route, c.request.path, c.route.authority, c.route.scheme);
  if (plan.kind === 'reply')
    return reply(`${plan.why}: the proxy answers ${plan.status} itself`, plan.status, plan.body, plan.headers);
  note(
    c.path,
    'route',
    line(
      `to ${plan.host}${plan.subset !== undefined ? ` subset ${plan.subset}` : ''}${plan.port !== undefined ? ` port ${plan.port}` : ''}${plan.timeoutS !== undefined ? `, timeout ${plan.timeoutS}s` : ''}${plan.delayS ? `, fault delay ${plan.delayS}s` : ''}`,
    ),
  );
  const vsNs = c.vs.metadata.namespace ?? 'default';
  const target = resolveShortname(plan.host, vsNs);
  // A destination outside the cluster (a ServiceEntry host such as httpbin.org): forwarded as is.
  if (c.external && !target.endsWith('.svc.cluster.local'))
    return finish(
      c.path,
      c.external(
        withOperation(applyRouteToRequest(c.request, plan, route), route, target, plan.port ?? c.route.port, c.vs),
        {
          host: target,
          port: plan.port ?? c.route.port,
          ...(plan.subset !== undefined ? { subset: plan.subset } : {}),
        },
      ),
      plan,
      c.server,
    );
  const up = upstreamFor(c.path.view, c.path.mesh, c.clientNs, plan, vsNs, c.route.port);
  if (up.kind === 'no-cluster') return reply(`${up.why}: no such cluster, 503 (cluster_not_found)`, 503, '');
  const pod = up.pods[0];
  const targetPort = pod ? targetPortOn(up.port, pod) : undefined;
  if (!pod || targetPort === undefined)
    return reply('the destination has no ready endpoint: 503 no healthy upstream', 503, 'no healthy upstream', [
      ['content-type', 'text/plain'],
    ]);
  const fqdn = `${up.svc.metadata.name}.${up.svc.metadata.namespace ?? 'default'}.svc.cluster.local`;
  const routed = withOperation(applyRouteToRequest(c.request, plan, route), route, fqdn, up.port.port, c.vs);
  return finish(c.path, c.forward(pod, targetPort, up.svc, up.port, routed, plan.subset), plan, c.server);
}

/** The route's decorator, which the proxy sends upstream (see routeOperation). */
function withOperation(
  request: HttpRequestOut,
  route: Record<string, unknown>,
  host: string,
  port: number,
  vs: K8sObject,
): HttpRequestOut {
  return {
    ...request,
    headers: [...request.headers, ['x-envoy-decorator-operation', routeOperation(route, host, port, vs.metadata.name)]],
  };
}

/** The request as the route forwards it: header changes, authority and path rewrites. */
export function applyRouteToRequest(
  request: HttpRequestOut,
  plan: Extract<RoutePlan, { kind: 'forward' }>,
  route: Record<string, unknown>,
): HttpRequestOut {
  let headers = applyHeaderOps(request.headers, plan.request);
  if (plan.rewriteAuthority !== undefined)
    headers = headers.map(([k, v]) => (k.toLowerCase() === 'host' ? [k, plan.rewriteAuthority!] : [k, v]));
  const path = plan.rewriteUri !== undefined ? rewritePath(route, request.path, plan.rewriteUri) : request.path;
  return { ...request, path, headers };
}

function routeIndex(vs: K8sObject, route: Record<string, unknown>): number {
  return (((vs.spec ?? {})['http'] as unknown[] | undefined) ?? []).indexOf(route) + 1;
}

/** Route timeout (counted from when the router forwards, after any fault delay) and response header changes. */
export function finish(
  path: Path,
  ex: Exchange,
  plan: Extract<RoutePlan, { kind: 'forward' }>,
  server: string,
): Exchange {
  if (ex.kind !== 'response') return ex;
  const took = ex.response.delaySeconds ?? 0;
  if (plan.timeoutS !== undefined && took > plan.timeoutS) {
    const r = envoyResponse(504, 'upstream request timeout', server, [['content-type', 'text/plain']]);
    return ended(
      path,
      'route',
      `the upstream took ${took}s, over the route timeout of ${plan.timeoutS}s: 504 upstream request timeout`,
      { ...ex, response: { ...r, delaySeconds: plan.timeoutS + plan.delayS } },
    );
  }
  const headers = applyHeaderOps(ex.response.headers, plan.response);
  const delaySeconds = took + plan.delayS;
  return { ...ex, response: { ...ex.response, headers, ...(delaySeconds ? { delaySeconds } : {}) } };
}

/** The route request fields of an outgoing request. */
export function routeRequest(
  request: HttpRequestOut,
  port: number,
  scheme: 'http' | 'https',
  source?: { labels: Readonly<Record<string, string>>; namespace: string },
): RouteRequest {
  const lower: Record<string, string> = {};
  for (const [k, v] of request.headers) lower[k.toLowerCase()] = v;
  return {
    method: request.method,
    path: request.path,
    headers: lower,
    authority: header(request.headers, 'host') ?? '',
    port,
    scheme,
    ...(source ? { sourceLabels: source.labels, sourceNamespace: source.namespace } : {}),
  };
}
