/**
 * Access log entries of an Envoy's outbound side: a client sidecar sending a request out of its
 * pod, and the egress gateway forwarding one to a server outside the mesh. Same fields as the
 * inbound entries (Istio's default access log, pilot/pkg/model/telemetry_logging.go); the
 * upstream cluster is named as istiod names outbound clusters, `outbound|PORT|SUBSET|HOST`
 * (pilot/pkg/model/service.go BuildSubsetKey). A TLS connection passed through unread logs as
 * TCP (`"- - -"`, response code 0), as the egress-gateway task's PASSTHROUGH example shows.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import type { AccessEntry } from '../proxy/proxy-event.js';
import type { HttpRequestOut, HttpResponse } from './http.js';
import { ephemeralPort, header } from './http.js';

export interface OutboundEntry {
  view: ClusterView;
  /** The pod whose istio-proxy logs the line (the client's pod, or the egress gateway's). */
  pod: K8sObject;
  /** The HTTP request as this proxy received it; absent for a TCP (TLS passthrough) connection. */
  request?: HttpRequestOut;
  /** `HTTP/1.1` or `HTTP/2` (between a sidecar and the gateway under mTLS). Default HTTP/1.1. */
  protocol?: string;
  response?: HttpResponse;
  /** Envoy's response code details. Default `via_upstream`. */
  details?: string;
  /** `outbound|80||edition.cnn.com`, `PassthroughCluster`, ... */
  upstreamCluster: string;
  /** `IP:port` the proxy connected to. */
  upstreamHost: string;
  /** The address the connection arrived on at this proxy (`IP:port`). */
  downstreamLocal: string;
  /** The downstream peer's IP (its port is made up). */
  downstreamRemoteIp: string;
  /** TLS server name of the downstream connection, if any. */
  sni?: string;
  /** For TCP: bytes the proxy received from and sent to the downstream. */
  bytes?: { received: number; sent: number };
}

export function recordOutbound(e: OutboundEntry): void {
  if (!e.view.recordProxy) return;
  e.view.recordProxy({
    pod: { namespace: e.pod.metadata.namespace ?? 'default', name: e.pod.metadata.name, uid: e.pod.metadata.uid },
    debug: [],
    access: entry(e),
  });
}

function entry(e: OutboundEntry): AccessEntry {
  const r = e.request;
  const res = e.response;
  const remote = `${e.downstreamRemoteIp}:${ephemeralPort(`${e.downstreamRemoteIp} ${e.upstreamHost} ${r?.path ?? ''}`)}`;
  return {
    authority: r ? (header(r.headers, 'host') ?? null) : null,
    bytes_received: e.bytes?.received ?? 0,
    bytes_sent: e.bytes?.sent ?? (res ? Buffer.byteLength(res.body) : 0),
    connection_termination_details: null,
    downstream_local_address: e.downstreamLocal,
    downstream_remote_address: remote,
    duration: Math.round((res?.delaySeconds ?? 0) * 1000) + 2,
    method: r?.method ?? null,
    path: r?.path ?? null,
    protocol: r ? (e.protocol ?? 'HTTP/1.1') : null,
    request_id: r ? (header(r.headers, 'x-request-id') ?? null) : null,
    requested_server_name: e.sni ?? null,
    response_code: res?.status ?? 0,
    response_code_details: r ? (e.details ?? 'via_upstream') : null,
    response_flags: '-',
    route_name: null,
    start_time: '',
    upstream_cluster: e.upstreamCluster,
    upstream_host: e.upstreamHost,
    upstream_local_address: null,
    upstream_service_time: res ? (header(res.headers, 'x-envoy-upstream-service-time') ?? null) : null,
    upstream_transport_failure_reason: null,
    user_agent: r ? (header(r.headers, 'user-agent') ?? null) : null,
    x_forwarded_for: r ? (header(r.headers, 'x-forwarded-for') ?? null) : null,
  };
}
