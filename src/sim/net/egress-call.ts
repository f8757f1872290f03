/**
 * Plain HTTP that a client sidecar sends to a host outside the mesh: the DestinationRule for the
 * host may originate TLS (egress-tls-origination: `portLevelSettings` port 80 `tls.mode: SIMPLE`,
 * with the ServiceEntry port's `targetPort: 443`), and the answer comes back through Envoy
 * (`server: envoy`, `x-envoy-upstream-service-time`), as HTTP/1.1 to the app.
 */
import type { ClusterView } from '../types.js';
import { destinationRuleObjectFor, UPSTREAM_TLS_BODY } from '../mesh/index.js';
import type { Exchange, Headers, HttpRequestOut } from './http.js';
import { externalExchange } from './external.js';
import { ended, note, type Path } from './path-trace.js';
import { sidecar503 } from './envoy-replies.js';
import { noInternet } from './not-simulated.js';
import type { ExternalDestination } from './sidecar-route.js';

/** A server outside the cluster answers (or not): the step that ends the path there. */
export function reachOutside(
  path: Path,
  host: string,
  port: number,
  scheme: 'http' | 'https',
  request: HttpRequestOut,
  clientIp: string,
  extra: Headers,
): Exchange {
  const ex = externalExchange(host, port, scheme, request, clientIp, extra);
  const why =
    ex.kind === 'response'
      ? `${scheme}://${host}:${port} answers ${ex.response.status}`
      : `${scheme}://${host}:${port}: ${ex.failure.message.trim()}`;
  return ended(path, 'outside', why, ex);
}

/** The `targetPort` of the ServiceEntry port that declares host:port, if any. */
export function serviceEntryTargetPort(view: ClusterView, host: string, port: number): number | undefined {
  for (const se of view.list('ServiceEntry')) {
    const hosts = (Array.isArray(se.spec?.['hosts']) ? se.spec['hosts'] : []) as unknown[];
    if (!hosts.some((h) => String(h).toLowerCase() === host)) continue;
    const ports = (Array.isArray(se.spec?.['ports']) ? se.spec['ports'] : []) as {
      number?: unknown;
      targetPort?: unknown;
    }[];
    const p = ports.find((x) => Number(x.number) === port);
    if (p?.targetPort !== undefined) return Number(p.targetPort);
  }
  return undefined;
}

/**
 * The DestinationRule by which the client sidecar originates TLS to host:port (tls.mode SIMPLE),
 * if any. A subset's own trafficPolicy replaces the rule's for the subset's cluster (its
 * `portLevelSettings` for the port, else its `tls`), as for Services (destination-rule.ts).
 */
export function originatingRule(path: Path, clientNs: string, host: string, port: number, subset?: string) {
  const dr = destinationRuleObjectFor(path.mesh, clientNs, host, clientNs);
  if (!dr) return undefined;
  const sub = subset === undefined ? undefined : dr.spec.subsetTls.get(subset);
  const mode = (sub ? (sub.portLevel.get(port) ?? sub.tls) : undefined) ?? dr.spec.portLevel.get(port) ?? dr.spec.tls;
  return mode === 'SIMPLE' ? dr : undefined;
}

/**
 * The port the sidecar connects to for a ServiceEntry host's port: the entry's `targetPort`, else
 * the port itself (Istio builds a DNS ServiceEntry's endpoint on the port number unless targetPort
 * is set).
 */
export function upstreamPort(view: ClusterView, host: string, port: number): number {
  return serviceEntryTargetPort(view, host, port) ?? port;
}

export function sidecarToExternal(
  path: Path,
  clientNs: string,
  to: ExternalDestination,
  request: HttpRequestOut,
  clientIp: string,
  extra: Headers,
): Exchange {
  const view = path.view;
  const { host, port } = to;
  const dr = originatingRule(path, clientNs, host, port, to.subset);
  const target = upstreamPort(view, host, port);
  let ex: Exchange;
  if (dr) {
    // The sidecar speaks TLS to the target port; curl still talks plain HTTP/1.1 to its sidecar.
    note(
      path,
      'client-sidecar',
      `DestinationRule ${dr.ref.namespace}/${dr.ref.name} sets tls.mode SIMPLE for ${host} port ${port}${to.subset !== undefined ? ` (subset ${to.subset})` : ''}: the client sidecar originates TLS to ${host}:${target}`,
    );
    const originated = reachOutside(path, host, target, 'https', request, clientIp, extra);
    if (originated.kind === 'failure' && originated.failure.curlCode === 35)
      // The server does not speak TLS on that port (CNN's port 80): the handshake fails in the
      // sidecar, which answers 503 with the upstream's TLS error (BoringSSL's reason, as Envoy
      // prints it in the local reply body).
      return ended(
        path,
        'client-sidecar',
        `${host}:${target} does not speak TLS: the client sidecar's handshake fails, 503`,
        sidecar503(UPSTREAM_TLS_BODY),
      );
    ex =
      originated.kind === 'response'
        ? { kind: 'response', response: originated.response, httpVersion: '1.1' }
        : originated;
  } else {
    ex = reachOutside(path, host, target, 'http', request, clientIp, extra);
    // Plain HTTP to a port that does not speak it (a ServiceEntry targetPort 443 without TLS
    // origination): what that server does with it, and so what the sidecar answers, only the
    // internet can tell.
    if (ex.kind === 'failure') throw noInternet(`plain HTTP from the sidecar to ${host}:${target}`);
  }
  if (ex.kind !== 'response') return ex;
  const headers: Headers = ex.response.headers.filter(([k]) => k.toLowerCase() !== 'server');
  headers.push(
    ['x-envoy-upstream-service-time', String(Math.round((ex.response.delaySeconds ?? 0) * 1000) + 20)],
    ['server', 'envoy'],
  );
  return { ...ex, response: { ...ex.response, headers } };
}
