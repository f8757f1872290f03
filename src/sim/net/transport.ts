/**
 * From a client's request to an Exchange: resolve the name (or use --resolve / --connect-to),
 * find what listens behind the address (a Service's endpoint, a pod, a node port, an outside
 * server), and hand over to the gateway, the pod hop or the outside server.
 */
import type { ClusterView, K8sObject, ProcessOrigin } from '../types.js';
import type { Decision, MeshConfig } from '../mesh/index.js';
import type { RequestSource } from '../mesh/model.js';
import type { Exchange, HttpRequestOut } from './http.js';
import {
  appContainer,
  endpoints,
  isEgressGatewayPod,
  isGatewayPod,
  isTcpPort,
  podIp,
  servicePorts,
  targetPortOn,
  workloadOf,
  type ServicePort,
} from './cluster-index.js';
import { resolveHost, type Resolved } from './dns.js';
import {
  CONNECT_REFUSED_BODY,
  EGRESS_GATEWAY_REFUSAL,
  deliverToPod,
  localReply503,
  tlsReset,
  type AppFetch,
} from './deliver.js';
import { gatewayExchange } from './ingress.js';
import { externalExchange } from './external.js';
import { sidecarToExternal } from './egress-call.js';
import { appForPod } from './apps/index.js';
import { appHandshake, type TlsClient } from './app-tls.js';
import { decide, decideOutbound, UPSTREAM_RESET_BODY, type Outcome } from '../mesh/index.js';
import { header, httpDate } from './http.js';
import { NotSimulated } from './not-simulated.js';
import { assertNever } from '../../errors.js';
import { meshVirtualService, routeRequest, routeVirtualService } from './sidecar-route.js';
import { resolveShortname } from '../mesh/index.js';

export interface Outgoing {
  scheme: 'http' | 'https';
  /** URL host (SNI and Host come from it). */
  host: string;
  port: number;
  /** Where to connect after --connect-to. */
  connectHost: string;
  connectPort: number;
  /** --resolve address for connectHost:connectPort, if any. */
  resolveTo?: string;
  request: HttpRequestOut;
  insecure: boolean;
  cacert?: string;
  hasClientCert: boolean;
  /** PEM of the --cert file (read on the host). */
  clientCert?: string;
}

export interface Sent {
  exchange: Exchange;
  /** The address connected to, for curl -v and %{remote_ip}. */
  remoteIp?: string;
  decisions: Decision[];
  notices: string[];
  /** VirtualService routing steps of the client's sidecar (for explain). */
  routing: string[];
  /** What the ingress gateway's listeners did: the Gateway server matched, why TLS failed (for explain). */
  gateway: string[];
}

/** The learner's machine as the cluster sees it after NodePort SNAT (externalTrafficPolicy: Cluster). */
export const OUTSIDE_IP = '10.244.0.1';
/** The learner's machine on minikube's docker network (192.168.49.0/24, the node is .2). */
export const HOST_IP = '192.168.49.1';

/** What curl sees when the client's own sidecar answers or drops the request. */
function clientSidecarExchange(o: Outcome, out: Outgoing): Exchange {
  switch (o.kind) {
    case 'local-reply':
      return {
        kind: 'response',
        httpVersion: '1.1',
        response: {
          status: o.status,
          headers: [
            ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
            ['server', 'envoy'],
            ['content-length', String(o.body.length)],
          ],
          body: o.body,
        },
      };
    case 'tls-failure':
      return {
        kind: 'failure',
        failure: {
          curlCode: 35,
          message: `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${out.host}:${out.port} `,
        },
      };
    case 'closed':
      return { kind: 'failure', failure: { curlCode: 52, message: 'Empty reply from server' } };
    case 'reset':
      return { kind: 'failure', failure: { curlCode: 56, message: 'Recv failure: Connection reset by peer' } };
    case 'not-simulated':
      throw new NotSimulated(o.reason);
    case 'delivered':
      throw new Error('clientSidecarExchange: delivered is not a client-side answer');
    default:
      return assertNever(o, 'outcome');
  }
}

function dated(ex: Exchange, view: ClusterView): Exchange {
  if (ex.kind !== 'response' || !ex.response.headers.some(([k]) => k.toLowerCase() === 'date')) return ex;
  const now = httpDate(view.now());
  return {
    ...ex,
    response: {
      ...ex.response,
      headers: ex.response.headers.map(([k, v]) => (k.toLowerCase() === 'date' ? [k, now] : [k, v])),
    },
  };
}

function isGatewayService(svc: K8sObject, view: ClusterView): boolean {
  return svc.metadata.namespace === view.rootNamespace && svc.metadata.name === 'istio-ingressgateway';
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

/**
 * The pod a program runs in, as a client. istio-iptables exempts the proxy's own UID (1337) from
 * the outbound redirect (tools/istio-iptables: `-m owner --uid-owner 1337 -j RETURN`), so a
 * program run in the istio-proxy container leaves the pod as if there were no sidecar.
 */
export function clientWorkload(origin: Extract<ProcessOrigin, { kind: 'pod' }>, view: ClusterView) {
  const w = workloadOf(origin.pod, view);
  return origin.container === 'istio-proxy' && w.role === 'app' ? { ...w, sidecar: false } : w;
}

/** How deep applications may call each other (productpage -> reviews -> ratings is 3). */
const MAX_APP_DEPTH = 4;
let appDepth = 0;

export function send(origin: ProcessOrigin, out: Outgoing, view: ClusterView, mesh: MeshConfig): Sent {
  const decisions: Decision[] = [];
  const notices: string[] = [];
  const routing: string[] = [];
  const gatewayLog: string[] = [];
  // An application's own outbound GET, from its pod and through its sidecar like curl's.
  const fetch: AppFetch = (pod, url, headers) => {
    if (appDepth >= MAX_APP_DEPTH) return undefined;
    const u = new URL(url);
    const port = u.port ? Number(u.port) : 80;
    const request: HttpRequestOut = {
      method: 'GET',
      path: `${u.pathname}${u.search}`,
      headers: [['Host', u.port ? `${u.hostname}:${u.port}` : u.hostname], ...headers],
      body: '',
    };
    appDepth++;
    try {
      const sent = send(
        { kind: 'pod', pod, container: appContainer(pod)?.name ?? '' },
        {
          scheme: 'http',
          host: u.hostname,
          port,
          connectHost: u.hostname,
          connectPort: port,
          request,
          insecure: false,
          hasClientCert: false,
        },
        view,
        mesh,
      );
      decisions.push(...sent.decisions);
      return sent.exchange.kind === 'response' ? sent.exchange.response : undefined;
    } finally {
      appDepth--;
    }
  };
  const resolved: Resolved | undefined = out.resolveTo
    ? resolveHost(out.resolveTo, origin, view)
    : resolveHost(out.connectHost, origin, view);
  if (!resolved)
    return {
      exchange: { kind: 'failure', failure: { curlCode: 6, message: `Could not resolve host: ${out.connectHost}` } },
      decisions,
      notices,
      routing,
      gateway: gatewayLog,
    };
  // let: a NodePort Service with externalTrafficPolicy Local keeps the outside client's address.
  let source: RequestSource =
    origin.kind === 'pod'
      ? { kind: 'workload', workload: clientWorkload(origin, view) }
      : { kind: 'outside', ip: OUTSIDE_IP };
  const refused = (): Exchange => ({
    kind: 'failure',
    failure: {
      curlCode: 7,
      message: `Failed to connect to ${out.connectHost} port ${out.connectPort} after 0 ms: Could not connect to server`,
    },
  });
  // curl (lib/connect.c) words the failure with the strerror of COULDNT_CONNECT and only then maps
  // the kernel's ETIMEDOUT (about 130 s of SYN retries on Linux) to exit 28.
  const timeout = (): Exchange => ({
    kind: 'failure',
    failure: {
      curlCode: 28,
      message: `Failed to connect to ${out.connectHost} port ${out.connectPort} after 130000 ms: Could not connect to server`,
    },
  });
  // Every server's `date:` reads the cluster clock (never before the served certificate's start).
  const result = (exchange: Exchange): Sent => ({
    exchange: dated(exchange, view),
    remoteIp: resolved.ip,
    decisions,
    notices,
    routing,
    gateway: gatewayLog,
  });
  const sni = /^\d+\.\d+\.\d+\.\d+$/.test(out.host) ? undefined : out.host;
  const tlsClient: TlsClient = {
    sni,
    checkHost: sni ?? header(out.request.headers, 'host') ?? '',
    insecure: out.insecure,
    cacert: out.cacert,
  };

  const toPod = (
    pod: K8sObject,
    targetPort: number,
    service?: { svc: K8sObject; port: ServicePort },
    request: HttpRequestOut = out.request,
  ): Exchange => {
    if (isGatewayPod(pod, view)) {
      const svcPort =
        service?.port.port ??
        servicePorts(view.get('Service', pod.metadata.namespace, 'istio-ingressgateway') ?? ({} as K8sObject)).find(
          (p) => targetPortOn(p, pod) === targetPort,
        )?.port ??
        targetPort;
      // A pod with a sidecar reaches the gateway through its own sidecar first (its egress rules apply).
      const viaSidecar = source.kind === 'workload' && source.workload.sidecar && source.workload.role === 'app';
      if (viaSidecar) {
        const gwSvc = service?.svc ?? view.get('Service', pod.metadata.namespace, 'istio-ingressgateway');
        const d = decideOutbound(
          {
            source,
            appTls: out.scheme === 'https',
            destination: {
              kind: 'workload',
              workload: workloadOf(pod, view),
              targetPort,
              service: {
                name: gwSvc?.metadata.name ?? 'istio-ingressgateway',
                namespace: pod.metadata.namespace ?? view.rootNamespace,
                port: svcPort,
              },
            },
            ...(out.scheme === 'http'
              ? {
                  http: {
                    method: request.method,
                    host: header(request.headers, 'host') ?? '',
                    path: request.path,
                    headers: {},
                  },
                }
              : {}),
          },
          mesh,
        );
        decisions.push(d);
        if (d.outcome.kind !== 'delivered') return clientSidecarExchange(d.outcome, out);
      }
      const ex = gatewayExchange({
        view,
        mesh,
        source,
        pod,
        servicePort: svcPort,
        containerPort: targetPort,
        scheme: out.scheme,
        sni,
        insecure: out.insecure,
        cacert: out.cacert,
        hasClientCert: out.hasClientCert,
        clientCert: out.clientCert,
        request,
        decisions,
        notices,
        outboundDecided: viaSidecar,
        connectHost: out.connectHost,
        connectPort: out.connectPort,
        fetch,
        log: (line) => gatewayLog.push(line),
      });
      // The client sidecar turns a refused or reset upstream connection into its own 503.
      if (viaSidecar && out.scheme === 'https' && ex.kind === 'failure' && ex.failure.curlCode === 7)
        return { kind: 'failure', failure: tlsReset(out.host, out.port) };
      if (viaSidecar && out.scheme === 'http' && ex.kind === 'failure') {
        const r = localReply503(ex.failure.curlCode === 7 ? CONNECT_REFUSED_BODY : UPSTREAM_RESET_BODY);
        return r.kind === 'response' ? { kind: 'response', response: r.response, httpVersion: '1.1' } : r;
      }
      return ex;
    }
    const hop = deliverToPod({
      view,
      mesh,
      source,
      pod,
      targetPort,
      appTls: out.scheme === 'https',
      request,
      scheme: out.scheme,
      decisions,
      notices,
      connectHost: out.connectHost,
      connectPort: out.connectPort,
      fetch,
      service: service
        ? {
            name: service.svc.metadata.name,
            namespace: service.svc.metadata.namespace ?? 'default',
            port: service.port.port,
          }
        : undefined,
      tlsClient,
    });
    return hop.kind === 'failure'
      ? hop
      : { kind: 'response', response: hop.response, httpVersion: '1.1', ...(hop.tls ? { tls: hop.tls } : {}) };
  };

  // HTTP the app sends through its own sidecar follows the VirtualService bound to `mesh` for the host.
  const routedBySidecar =
    source.kind === 'workload' && source.workload.sidecar && source.workload.role === 'app' && out.scheme === 'http';
  const viaVirtualService = (vs: K8sObject, port: number, external?: (r: HttpRequestOut) => Exchange): Exchange => {
    const w = (source as Extract<RequestSource, { kind: 'workload' }>).workload;
    return routeVirtualService({
      view,
      mesh,
      vs,
      clientNs: w.namespace,
      request: out.request,
      server: 'envoy',
      external,
      log: (line) => routing.push(`client sidecar: ${line}`),
      route: routeRequest(out.request, port, out.scheme, { labels: w.labels, namespace: w.namespace }),
      forward: (pod, tp, svc, sp, request) => toPod(pod, tp, { svc, port: sp }, request),
    });
  };
  const toService = (svc: K8sObject, sp: ServicePort | undefined): Exchange => {
    if (!sp) return source.kind === 'workload' && source.workload.sidecar ? timeoutOrClosed() : timeout();
    const vs =
      routedBySidecar && !isGatewayService(svc, view) && !isTcpPort(sp)
        ? meshVirtualService(view, `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.cluster.local`)
        : undefined;
    if (vs) return viaVirtualService(vs, sp.port);
    const pod = endpoints(svc, view)[0];
    if (!pod) {
      if (source.kind === 'workload' && source.workload.sidecar) {
        const r = localReply503('no healthy upstream');
        return r.kind === 'response' ? { kind: 'response', response: r.response, httpVersion: '1.1' } : r;
      }
      return refused();
    }
    const tp = targetPortOn(sp, pod);
    if (tp === undefined) return refused();
    return toPod(pod, tp, { svc, port: sp });
  };
  const timeoutOrClosed = (): Exchange => ({
    kind: 'failure',
    failure: { curlCode: 52, message: 'Empty reply from server' },
  });

  switch (resolved.kind) {
    case 'service':
      return result(
        toService(
          resolved.svc,
          servicePorts(resolved.svc).find((p) => p.port === out.connectPort),
        ),
      );
    case 'node': {
      for (const svc of view.list('Service')) {
        const sp = servicePorts(svc).find((p) => p.nodePort === out.connectPort);
        if (!sp) continue;
        // kube-proxy SNATs NodePort traffic to a node address unless externalTrafficPolicy is Local
        // (authz-ingress: "preserve the client IP"); the learner's machine is the docker network's gateway.
        if (
          source.kind === 'outside' &&
          (svc.spec as { externalTrafficPolicy?: string } | undefined)?.externalTrafficPolicy === 'Local'
        )
          source = { kind: 'outside', ip: HOST_IP };
        return result(toService(svc, sp));
      }
      return result(refused());
    }
    case 'pod': {
      const pod = resolved.pod;
      if (isGatewayPod(pod, view)) return result(toPod(pod, out.connectPort));
      const app = appForPod(pod, view);
      if (!app || (app.ports.length > 0 && !app.ports.includes(out.connectPort))) return result(refused());
      return result(toPod(pod, out.connectPort));
    }
    case 'loopback': {
      if (origin.kind !== 'pod') return result(refused());
      const app = appForPod(origin.pod, view);
      if (!app || !app.ports.includes(out.connectPort)) return result(refused());
      const hs = out.scheme === 'https' ? appHandshake(app, out.connectPort, tlsClient, view.now()) : undefined;
      if (hs && !hs.ok) return result({ kind: 'failure', failure: hs.failure, ...(hs.tls ? { tls: hs.tls } : {}) });
      const res = app.handle({
        method: out.request.method,
        path: out.request.path,
        headers: out.request.headers,
        body: out.request.body,
        clientIp: '127.0.0.1',
        scheme: out.scheme,
      });
      return result({ kind: 'response', response: res, httpVersion: '1.1', ...(hs?.ok ? { tls: hs.tls } : {}) });
    }
    case 'external': {
      if (source.kind === 'workload' && source.workload.sidecar) {
        const d = decide(
          {
            source,
            destination: { kind: 'external', host: resolved.host, port: out.connectPort },
            appTls: out.scheme === 'https',
            http:
              out.scheme === 'https'
                ? undefined
                : { method: out.request.method, host: out.host, path: out.request.path, headers: {} },
          },
          mesh,
        );
        decisions.push(d);
        if (d.outcome.kind !== 'delivered') return result(clientSidecarExchange(d.outcome, out));
        const extra: [string, string][] =
          out.scheme === 'http'
            ? [
                ['x-envoy-attempt-count', '1'],
                ['x-envoy-decorator-operation', `${resolved.host}:${out.connectPort}/*`],
              ]
            : [];
        const clientIp = podIp(origin.kind === 'pod' ? origin.pod : ({} as K8sObject));
        const clientNs = source.workload.namespace;
        const leave = (request: HttpRequestOut) =>
          out.scheme === 'http'
            ? sidecarToExternal(view, mesh, clientNs, resolved.host, out.connectPort, request, clientIp, extra)
            : externalExchange(resolved.host, out.connectPort, out.scheme, request, clientIp, extra);
        // A VirtualService for a ServiceEntry host (egress-control: timeout 3s on httpbin.org).
        const vs =
          routedBySidecar && declaredByServiceEntry(view, resolved.host)
            ? meshVirtualService(view, resolved.host)
            : undefined;
        // egress-gateway: a mesh route that sends the external host to a gateway Service is not modelled.
        if (vs && routesToEgressGateway(view, vs)) throw new NotSimulated(EGRESS_GATEWAY_REFUSAL);
        if (vs) return result(viaVirtualService(vs, out.connectPort, leave));
        return result(leave(out.request));
      }
      return result(externalExchange(resolved.host, out.connectPort, out.scheme, out.request, '', []));
    }
    case 'nowhere':
      return result(timeout());
    default: {
      const never: never = resolved;
      return never;
    }
  }
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
