/**
 * One hop to a pod, the server side of the path: the mesh engine decides what the proxies do
 * (the client sidecar's TLS choice, the server sidecar's PeerAuthentication,
 * RequestAuthentication and AuthorizationPolicy, via `decide`), the outcome becomes what the
 * client sees, and a delivered request goes on to the application (app-stage.ts). The inbound
 * proxy's access log and RBAC lines are recorded for `kubectl logs`.
 */
import { decideTraced, describeOutcome, type Decision, type MeshRequest } from '../mesh/index.js';
import type { Headers } from './http.js';
import { isEgressGatewayPod, isTcpPort, podIp, servicePorts, workloadOf } from './cluster-index.js';
import { recordInbound } from './proxy-record.js';
import { customDenied, rbacPolicyId } from './rbac-log.js';
import { NotSimulated } from './not-simulated.js';
import { assertNever } from '../../errors.js';
import { EMPTY_REPLY, RESET, tlsReset } from './envoy-replies.js';
import { noteDecision, type PathStage } from './path-trace.js';
import { endedHop, type HopResult } from './hop-result.js';
import { toApp } from './app-stage.js';
import type { Hop } from './hop.js';

export type { AppFetch, Hop } from './hop.js';

/**
 * A sidecar's route to an external host through istio-egressgateway is modelled (egress-gateway.ts);
 * a request that reaches the gateway's pod any other way (its Service or pod IP called directly) is not.
 */
const EGRESS_GATEWAY_REFUSAL =
  'a request sent straight to istio-egressgateway (not routed there by a sidecar for an external host) is not simulated';

export function deliverToPod(h: Hop): HopResult {
  if (isEgressGatewayPod(h.pod, h.path.view)) throw new NotSimulated(EGRESS_GATEWAY_REFUSAL);
  let decided: { req: MeshRequest; d: Decision } | undefined;
  const r = deliverHop(h, (req, d) => (decided = { req, d }));
  if (decided && decided.req.destination.kind === 'workload' && decided.req.destination.workload.sidecar) {
    const { req, d } = decided;
    const response = r.kind === 'response' && r.viaEnvoy === 'inbound' ? r.response : undefined;
    const denied = d.outcome.kind === 'local-reply' && d.outcome.status === 403;
    recordInbound({
      view: h.path.view,
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

/** Which proxy a local reply of the engine came from, as a stage of the path. */
function replier(by: 'client-sidecar' | 'server-sidecar' | 'gateway'): PathStage {
  return by === 'gateway' ? 'ingress-gateway' : by;
}

function deliverHop(h: Hop, decided: (req: MeshRequest, d: Decision) => void): HopResult {
  const { path } = h;
  const server = workloadOf(h.pod, path.view);
  const lower: Record<string, string> = {};
  for (const [k, v] of h.request.headers) lower[k.toLowerCase()] = v;
  const svc = h.service ? path.view.get('Service', h.service.namespace, h.service.name) : undefined;
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
  const d = decideTraced(req, path.mesh);
  noteDecision(path, server.sidecar ? 'server-sidecar' : 'client-sidecar', d);
  decided(req, d);
  const o = d.outcome;
  const clientProxy = h.source.kind === 'workload' && h.source.workload.sidecar;
  const why = describeOutcome(o);
  // Over tcp_proxy nobody answers in HTTP: a failed or denied upstream connection closes the
  // client's connection (through a client sidecar: closed without a reply, curl 52; else reset, 56).
  if (tcp && o.kind !== 'delivered' && o.kind !== 'not-simulated') {
    const at: PathStage = clientProxy ? 'client-sidecar' : 'server-sidecar';
    return endedHop(path, at, `${why}; over TCP the connection is ${clientProxy ? 'closed' : 'reset'}`, {
      kind: 'failure',
      failure: clientProxy ? EMPTY_REPLY : RESET,
    });
  }
  const host = lower['host'] ?? '';
  switch (o.kind) {
    case 'not-simulated':
      throw new NotSimulated(o.reason);
    case 'reset':
      return endedHop(path, 'server-sidecar', why, {
        kind: 'failure',
        failure: h.appTls ? tlsReset(host, h.targetPort) : RESET,
      });
    case 'closed':
      return endedHop(path, 'client-sidecar', why, {
        kind: 'failure',
        failure: h.appTls ? tlsReset(host, h.targetPort) : EMPTY_REPLY,
      });
    case 'tls-failure':
      return endedHop(path, 'client-sidecar', why, { kind: 'failure', failure: tlsReset(host, h.targetPort) });
    case 'local-reply': {
      const headers: Headers = [...Object.entries(o.headers)];
      if (o.body) headers.push(['content-length', String(Buffer.byteLength(o.body))]);
      else headers.push(['content-length', '0']);
      headers.push(
        ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
        ['server', o.by === 'client-sidecar' ? 'envoy' : 'istio-envoy'],
      );
      if (o.by === 'client-sidecar' && o.status === 503) headers.push(['x-envoy-upstream-service-time', '2']);
      return endedHop(path, replier(o.by), why, {
        kind: 'response',
        response: { status: o.status, headers, body: o.body },
        viaEnvoy: o.by === 'client-sidecar' ? 'outbound' : 'inbound',
      });
    }
    case 'delivered':
      return toApp({ hop: h, server, outcome: o, tcp, host });
    default:
      return assertNever(o, 'outcome');
  }
}
