/**
 * The application end of a hop the proxies let through: the app model answers (or nothing listens
 * on the port), with the headers the sidecars add on the way in (X-Forwarded-Client-Cert under
 * mTLS, X-Request-Id, X-Envoy-Attempt-Count, X-Forwarded-Proto) and `server: istio-envoy` on the
 * way back. What the app answers is the step that ends the path.
 */
import type { Delivered, Workload } from '../mesh/index.js';
import type { Headers, TlsInfo } from './http.js';
import { appHandshake } from './app-tls.js';
import { fakeHex, header, requestId } from './http.js';
import { appForPod } from './apps/index.js';
import { CONNECT_REFUSED_BODY, connectRefused, sidecar503, tlsReset } from './envoy-replies.js';
import { endedHop, type HopResult } from './hop-result.js';
import type { Hop } from './hop.js';

export interface AppCall {
  hop: Hop;
  server: Workload;
  outcome: Delivered;
  /** The Service port is TCP (tcp_proxy): no HTTP headers are added. */
  tcp: boolean;
  /** The Host header as sent. */
  host: string;
}

export function toApp(c: AppCall): HopResult {
  const { hop: h, server, outcome: o, tcp } = c;
  const { path } = h;
  const clientProxy = h.source.kind === 'workload' && h.source.workload.sidecar;
  const app = appForPod(h.pod, path.view);
  if (!app || (app.ports.length > 0 && !app.ports.includes(h.targetPort))) {
    // Nothing listens on that port of the pod: the kernel refuses; a client sidecar turns it into 503.
    // Behind a client sidecar the TCP connect always succeeds (iptables sends it to Envoy): plain
    // HTTP gets Envoy's 503, TLS from the app sees its connection closed during the handshake (35).
    const nothing = `nothing listens on port ${h.targetPort} of pod ${h.pod.metadata.name}`;
    if (clientProxy && h.appTls)
      return endedHop(path, 'client-sidecar', `${nothing}: the client sidecar closes the TLS connection`, {
        kind: 'failure',
        failure: tlsReset(c.host, h.connectPort ?? h.targetPort),
      });
    if (clientProxy) {
      const r = sidecar503(CONNECT_REFUSED_BODY);
      if (r.kind !== 'response') return r;
      return endedHop(path, 'client-sidecar', `${nothing}: the client sidecar answers 503`, {
        kind: 'response',
        response: r.response,
        viaEnvoy: 'outbound',
      });
    }
    return endedHop(path, 'connect', `${nothing}: the connection is refused`, {
      kind: 'failure',
      failure: connectRefused(h.connectHost ?? server.ip, h.connectPort ?? h.service?.port ?? h.targetPort),
    });
  }
  if (app.guessed) path.notices.push(app.guessed);
  let tls: TlsInfo | undefined;
  if (h.appTls) {
    const hs = appHandshake(app, h.targetPort, h.tlsClient, path.view.now());
    if (!hs.ok)
      return endedHop(path, 'app', `${app.name}'s TLS handshake fails: ${hs.failure.message.trim()}`, {
        kind: 'failure',
        failure: hs.failure,
        ...(hs.tls ? { tls: hs.tls } : {}),
      });
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
      headers.push([
        'x-request-id',
        requestId(path.view.now(), `${h.request.method} ${h.request.path} ${server.name}`),
      ]);
  }
  if (envoy && o.viaClientSidecar && !header(headers, 'x-envoy-attempt-count'))
    headers.push(['x-envoy-attempt-count', '1']);
  // The default route of a service (no VirtualService): decorator `fqdn:port/*` (see routeOperation).
  if (envoy && o.viaClientSidecar && h.service && !header(headers, 'x-envoy-decorator-operation'))
    headers.push([
      'x-envoy-decorator-operation',
      `${h.service.name}.${h.service.namespace}.svc.cluster.local:${h.service.port}/*`,
    ]);
  // A server sidecar takes the decorator as its own span's name and removes it before the app
  // (Envoy source/common/http/conn_manager_impl.cc ActiveStream::traceRequest, inbound: "Remove
  // header so not propagated to service"); only an app without a sidecar sees it.
  if (envoy && o.viaServerSidecar)
    for (let i = headers.length - 1; i >= 0; i--)
      if (headers[i]![0].toLowerCase() === 'x-envoy-decorator-operation') headers.splice(i, 1);
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
  const answers =
    `${app.name} on pod ${h.pod.metadata.name} port ${h.targetPort} answers ${res.status}` +
    (tls ? `; the backend served its own certificate: subject ${tls.subject}, issuer ${tls.issuer}` : '');
  if (!envoy)
    return endedHop(path, 'app', answers, {
      kind: 'response',
      response: res,
      viaEnvoy: 'none',
      ...(tls ? { tls } : {}),
    });
  // Envoy rewrites `server` and reports how long the upstream took.
  const out: Headers = res.headers.filter(([k]) => k.toLowerCase() !== 'server');
  out.push(
    ['server', o.viaServerSidecar ? 'istio-envoy' : 'envoy'],
    ['x-envoy-upstream-service-time', String(Math.round((res.delaySeconds ?? 0) * 1000) + 2)],
  );
  if (o.viaServerSidecar && !header(out, 'date')) out.splice(0, 0, ['date', 'Thu, 01 Jan 2026 00:00:00 GMT']);
  return endedHop(path, 'app', answers, {
    kind: 'response',
    response: { ...res, headers: out, http10: false },
    viaEnvoy: o.viaServerSidecar ? 'inbound' : 'outbound',
  });
}
