/**
 * One hop to a pod: ask the mesh engine what the proxies do, then let the application model
 * answer, adding the headers the sidecars add on the way (X-Forwarded-Client-Cert under mTLS,
 * X-Request-Id, X-Envoy-Attempt-Count, X-Forwarded-Proto) and `server: istio-envoy` on the way back.
 */
import type { ClusterView, K8sObject } from '../types.js';
import { decide, type Decision, type MeshConfig, type MeshRequest } from '../mesh/index.js';
import type { RequestSource } from '../mesh/model.js';
import type { Headers, HttpRequestOut, HttpResponse, NetFailure, TlsInfo } from './http.js';
import { appHandshake, type TlsClient } from './app-tls.js';
import { fakeHex, header, requestId } from './http.js';
import { isEgressGatewayPod, isTcpPort, podIp, servicePorts, workloadOf } from './cluster-index.js';
import { recordInbound } from './proxy-record.js';
import { customDenied, rbacPolicyId } from './rbac-log.js';
import { appForPod } from './apps/index.js';
import { NotSimulated } from './not-simulated.js';
import { assertNever } from '../../errors.js';

export type HopResult =
  | { kind: 'response'; response: HttpResponse; viaEnvoy: 'none' | 'outbound' | 'inbound'; tls?: TlsInfo }
  | { kind: 'failure'; failure: NetFailure; tls?: TlsInfo };

export interface Hop {
  view: ClusterView;
  mesh: MeshConfig;
  source: RequestSource;
  pod: K8sObject;
  targetPort: number;
  service?: { name: string; namespace: string; port: number };
  /** The client speaks TLS itself (https:// to a pod): proxies see opaque bytes. */
  appTls: boolean;
  request: HttpRequestOut;
  /** Headers an upstream proxy (the gateway) already added. */
  scheme: 'http' | 'https';
  decisions: Decision[];
  notices: string[];
  /** Outbound calls the application makes from its pod (see AppRequest.call). */
  fetch?: AppFetch;
  /** Where curl connected (URL host or --connect-to host and port), for its "Failed to connect" line. */
  connectHost?: string;
  connectPort?: number;
  /** curl's side of a TLS handshake with the app itself (appTls). */
  tlsClient?: TlsClient;
}

/** The client sidecar's 503 body when nothing listens on the upstream port. */
export const CONNECT_REFUSED_BODY =
  'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused';

export type AppFetch = (pod: K8sObject, url: string, headers: Headers) => HttpResponse | undefined;

export const RESET: NetFailure = { curlCode: 56, message: 'Recv failure: Connection reset by peer' };

/** Why traffic to the egress gateway is refused: its Gateway listeners and routes are not modelled. */
export const EGRESS_GATEWAY_REFUSAL =
  'traffic through the egress gateway (istio-egressgateway: its Gateway listeners, routes, TLS origination and policies) is not simulated';

export function deliverToPod(h: Hop): HopResult {
  if (isEgressGatewayPod(h.pod, h.view)) throw new NotSimulated(EGRESS_GATEWAY_REFUSAL);
  let decided: { req: MeshRequest; d: Decision } | undefined;
  const r = deliverHop(h, (req, d) => (decided = { req, d }));
  if (decided && decided.req.destination.kind === 'workload' && decided.req.destination.workload.sidecar) {
    const { req, d } = decided;
    const response = r.kind === 'response' && r.viaEnvoy === 'inbound' ? r.response : undefined;
    const denied = d.outcome.kind === 'local-reply' && d.outcome.status === 403;
    recordInbound({
      view: h.view,
      pod: h.pod,
      req,
      decision: d,
      ...(response ? { response } : {}),
      details: customDenied(d) ? 'ext_authz_denied' : denied ? rbacDetails(d) : 'via_upstream',
      ...(d.outcome.kind === 'delivered'
        ? { upstreamHost: `${podIp(h.pod)}:${h.targetPort}`, upstreamCluster: `inbound|${h.targetPort}||` }
        : {}),
    });
  }
  return r;
}

/** Envoy's response code details for an RBAC denial (rbac_filter.cc: the matched policy or none). */
function rbacDetails(d: Decision): string {
  const deny = d.trace.find((t) => t.stage === 'authz-deny' && t.matched && !t.dryRun);
  return `rbac_access_denied_matched_policy[${deny?.policy ? rbacPolicyId(deny, 'DENY') : 'none'}]`;
}

function deliverHop(h: Hop, decided: (req: MeshRequest, d: Decision) => void): HopResult {
  const server = workloadOf(h.pod, h.view);
  const lower: Record<string, string> = {};
  for (const [k, v] of h.request.headers) lower[k.toLowerCase()] = v;
  const svc = h.service ? h.view.get('Service', h.service.namespace, h.service.name) : undefined;
  const tcp = !h.appTls && isTcpPort(svc ? servicePorts(svc).find((p) => p.port === h.service!.port) : undefined);
  const req: MeshRequest = {
    source: h.source,
    destination: { kind: 'workload', workload: server, targetPort: h.targetPort, service: h.service },
    appTls: h.appTls,
    http:
      h.appTls || tcp
        ? undefined
        : { method: h.request.method, host: lower['host'] ?? '', path: h.request.path, headers: lower },
  };
  const d = decide(req, h.mesh);
  h.decisions.push(d);
  decided(req, d);
  const o = d.outcome;
  const clientProxy = h.source.kind === 'workload' && h.source.workload.sidecar;
  // Over tcp_proxy nobody answers in HTTP: a failed or denied upstream connection closes the
  // client's connection (through a client sidecar: closed without a reply, curl 52; else reset, 56).
  if (tcp && o.kind !== 'delivered' && o.kind !== 'not-simulated') {
    return { kind: 'failure', failure: clientProxy ? { curlCode: 52, message: 'Empty reply from server' } : RESET };
  }
  switch (o.kind) {
    case 'not-simulated':
      throw new NotSimulated(o.reason);
    case 'reset':
      return { kind: 'failure', failure: h.appTls ? tlsReset(lower['host'] ?? '', h.targetPort) : RESET };
    case 'closed':
      return {
        kind: 'failure',
        failure: h.appTls
          ? tlsReset(lower['host'] ?? '', h.targetPort)
          : { curlCode: 52, message: 'Empty reply from server' },
      };
    case 'tls-failure':
      return { kind: 'failure', failure: tlsReset(lower['host'] ?? '', h.targetPort) };
    case 'local-reply': {
      const headers: Headers = [...Object.entries(o.headers)];
      if (o.body) headers.push(['content-length', String(Buffer.byteLength(o.body))]);
      else headers.push(['content-length', '0']);
      headers.push(
        ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
        ['server', o.by === 'client-sidecar' ? 'envoy' : 'istio-envoy'],
      );
      if (o.by === 'client-sidecar' && o.status === 503) headers.push(['x-envoy-upstream-service-time', '2']);
      return {
        kind: 'response',
        response: { status: o.status, headers, body: o.body },
        viaEnvoy: o.by === 'client-sidecar' ? 'outbound' : 'inbound',
      };
    }
    case 'delivered':
      break;
    default:
      return assertNever(o, 'outcome');
  }
  const app = appForPod(h.pod, h.view);
  if (!app || (app.ports.length > 0 && !app.ports.includes(h.targetPort))) {
    // Nothing listens on that port of the pod: the kernel refuses; a client sidecar turns it into 503.
    // Behind a client sidecar the TCP connect always succeeds (iptables sends it to Envoy): plain
    // HTTP gets Envoy's 503, TLS from the app sees its connection closed during the handshake (35).
    if (clientProxy)
      return h.appTls
        ? { kind: 'failure', failure: tlsReset(lower['host'] ?? '', h.connectPort ?? h.targetPort) }
        : localReply503(CONNECT_REFUSED_BODY);
    return {
      kind: 'failure',
      failure: {
        curlCode: 7,
        message: `Failed to connect to ${h.connectHost ?? server.ip} port ${h.connectPort ?? h.service?.port ?? h.targetPort} after 0 ms: Could not connect to server`,
      },
    };
  }
  if (app.guessed) h.notices.push(app.guessed);
  let tls: TlsInfo | undefined;
  if (h.appTls) {
    const hs = appHandshake(app, h.targetPort, h.tlsClient, h.view.now());
    if (!hs.ok) return { kind: 'failure', failure: hs.failure, ...(hs.tls ? { tls: hs.tls } : {}) };
    tls = hs.tls;
  }

  // Headers the proxies add before the app sees the request.
  const headers: Headers = h.request.headers.filter(([k]) => !(k.toLowerCase() in o.headerChanges));
  for (const [k, v] of Object.entries(o.headerChanges)) if (v !== undefined) headers.push([k, v]);
  // TLS from the client to the app: the proxies pass opaque bytes and add nothing.
  const envoy = !tcp && !h.appTls && (o.viaClientSidecar || o.viaServerSidecar);
  if (envoy) {
    if (!header(headers, 'x-forwarded-proto')) headers.push(['x-forwarded-proto', h.scheme]);
    if (!header(headers, 'x-request-id'))
      headers.push(['x-request-id', requestId(h.view.now(), `${h.request.method} ${h.request.path} ${server.name}`)]);
  }
  if (envoy && o.viaClientSidecar && !header(headers, 'x-envoy-attempt-count'))
    headers.push(['x-envoy-attempt-count', '1']);
  // The default route of a service (no VirtualService): decorator `fqdn:port/*` (see routeOperation).
  if (envoy && o.viaClientSidecar && h.service && !header(headers, 'x-envoy-decorator-operation'))
    headers.push([
      'x-envoy-decorator-operation',
      `${h.service.name}.${h.service.namespace}.svc.cluster.local:${h.service.port}/*`,
    ]);
  if (envoy && o.mtls && o.peerSpiffe && o.serverSpiffe) {
    headers.push([
      'x-forwarded-client-cert',
      `By=${o.serverSpiffe};Hash=${fakeHex(o.peerSpiffe, 64)};Subject="";URI=${o.peerSpiffe}`,
    ]);
  }
  const clientIp = o.viaServerSidecar ? '127.0.0.6' : h.source.kind === 'workload' ? h.source.workload.ip : h.source.ip;
  const fetch = h.fetch;
  const call = fetch ? (url: string, extra: Headers = []) => fetch(h.pod, url, extra) : undefined;
  const res = app.handle({
    method: h.request.method,
    path: h.request.path,
    headers,
    body: h.request.body,
    clientIp,
    scheme: h.scheme,
    ...(call ? { call } : {}),
  });
  if (!envoy) return { kind: 'response', response: res, viaEnvoy: 'none', ...(tls ? { tls } : {}) };
  // Envoy rewrites `server` and reports how long the upstream took.
  const out: Headers = res.headers.filter(([k]) => k.toLowerCase() !== 'server');
  out.push(
    ['server', o.viaServerSidecar ? 'istio-envoy' : 'envoy'],
    ['x-envoy-upstream-service-time', String(Math.round((res.delaySeconds ?? 0) * 1000) + 2)],
  );
  if (o.viaServerSidecar && !header(out, 'date')) out.splice(0, 0, ['date', 'Thu, 01 Jan 2026 00:00:00 GMT']);
  return {
    kind: 'response',
    response: { ...res, headers: out, http10: false },
    viaEnvoy: o.viaServerSidecar ? 'inbound' : 'outbound',
  };
}

export function localReply503(body: string): HopResult {
  return {
    kind: 'response',
    viaEnvoy: 'outbound',
    response: {
      status: 503,
      headers: [
        ['content-length', String(body.length)],
        ['content-type', 'text/plain'],
        ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
        ['server', 'envoy'],
      ],
      body,
    },
  };
}

export function tlsReset(host: string, port: number): NetFailure {
  return {
    curlCode: 35,
    message: `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${host.split(':')[0]}:${port} `,
  };
}
