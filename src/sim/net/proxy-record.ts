/**
 * Hands what a request did at a proxy to the view's recorder (kubectl logs reads it): the RBAC
 * debug lines and the access log entry of the inbound side (server sidecar or gateway). The
 * entry's fields are those of Istio's default JSON access log (EnvoyJSONLogFormatIstio,
 * pilot/pkg/model/telemetry_logging.go); durations and byte counts are the simulator's.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import type { Decision, MeshRequest } from '../mesh/index.js';
import type { AccessEntry } from '../proxy/proxy-event.js';
import type { HttpResponse } from './http.js';
import { header } from './http.js';
import { rbacDebugLines } from './rbac-log.js';

export interface Handled {
  view: ClusterView;
  /** The pod whose Envoy handled the request inbound. */
  pod: K8sObject;
  req: MeshRequest;
  decision: Decision;
  /** What the proxy sent back, when it answered in HTTP. */
  response?: HttpResponse;
  /** Envoy's response code details (`via_upstream`, `rbac_access_denied_matched_policy[none]`, ...). */
  details?: string;
  /** The upstream the proxy sent the request to (`IP:port`), when it did. */
  upstreamHost?: string;
  upstreamCluster?: string;
  routeName?: string;
}

export function recordInbound(h: Handled): void {
  if (!h.view.recordProxy) return;
  const debug = rbacDebugLines(h.req, h.decision);
  h.view.recordProxy({
    pod: { namespace: h.pod.metadata.namespace ?? 'default', name: h.pod.metadata.name, uid: h.pod.metadata.uid },
    debug,
    ...(h.req.http && h.response ? { access: accessEntry(h) } : {}),
  });
}

function accessEntry(h: Handled): AccessEntry {
  const http = h.req.http!;
  const res = h.response!;
  const client = h.req.source.kind === 'workload' ? h.req.source.workload.ip : h.req.source.ip;
  const dest = h.req.destination;
  const local = dest.kind === 'workload' ? `${dest.workload.ip}:${dest.targetPort}` : '';
  return {
    authority: http.host,
    bytes_received: 0,
    bytes_sent: Buffer.byteLength(res.body),
    connection_termination_details: null,
    downstream_local_address: local,
    downstream_remote_address: `${client}:0`,
    duration: Math.round((res.delaySeconds ?? 0) * 1000) + 1,
    method: http.method,
    path: http.path,
    protocol: 'HTTP/1.1',
    request_id: http.headers['x-request-id'] ?? null,
    requested_server_name: null,
    response_code: res.status,
    response_code_details: h.details ?? 'via_upstream',
    // UAEX: the external authorizer denied; an RBAC denial sets no flag.
    response_flags: h.details?.startsWith('ext_authz') ? 'UAEX' : '-',
    route_name: h.routeName ?? 'default',
    start_time: '',
    upstream_cluster: h.upstreamCluster ?? null,
    upstream_host: h.upstreamHost ?? null,
    upstream_local_address: null,
    upstream_service_time: header(res.headers, 'x-envoy-upstream-service-time') ?? null,
    upstream_transport_failure_reason: null,
    user_agent: http.headers['user-agent'] ?? null,
    x_forwarded_for: http.headers['x-forwarded-for'] ?? null,
  };
}
