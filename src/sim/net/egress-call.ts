/**
 * Plain HTTP that a client sidecar sends to a host outside the mesh: the DestinationRule for the
 * host may originate TLS (egress-tls-origination: `portLevelSettings` port 80 `tls.mode: SIMPLE`,
 * with the ServiceEntry port's `targetPort: 443`), and the answer comes back through Envoy
 * (`server: envoy`, `x-envoy-upstream-service-time`), as HTTP/1.1 to the app.
 */
import type { ClusterView } from '../types.js';
import { destinationRuleObjectFor } from '../mesh/index.js';
import type { Exchange, Headers, HttpRequestOut } from './http.js';
import { externalExchange } from './external.js';
import { ended, note, type Path } from './path-trace.js';

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

/** The DestinationRule by which the client sidecar originates TLS to host:port (tls.mode SIMPLE), if any. */
export function originatingRule(path: Path, clientNs: string, host: string, port: number) {
  const dr = destinationRuleObjectFor(path.mesh, clientNs, host, clientNs);
  const mode = dr ? (dr.spec.portLevel.get(port) ?? dr.spec.tls) : undefined;
  return mode === 'SIMPLE' ? dr : undefined;
}

export function sidecarToExternal(
  path: Path,
  clientNs: string,
  host: string,
  port: number,
  request: HttpRequestOut,
  clientIp: string,
  extra: Headers,
): Exchange {
  const view = path.view;
  const dr = originatingRule(path, clientNs, host, port);
  let ex: Exchange;
  if (dr) {
    // The sidecar speaks TLS to the target port; curl still talks plain HTTP/1.1 to its sidecar.
    const target = serviceEntryTargetPort(view, host, port) ?? 443;
    note(
      path,
      'client-sidecar',
      `DestinationRule ${dr.ref.namespace}/${dr.ref.name} sets tls.mode SIMPLE for ${host} port ${port}: the client sidecar originates TLS to ${host}:${target}`,
    );
    const originated = reachOutside(path, host, target, 'https', request, clientIp, extra);
    ex =
      originated.kind === 'response'
        ? { kind: 'response', response: originated.response, httpVersion: '1.1' }
        : originated;
  } else {
    ex = reachOutside(path, host, port, 'http', request, clientIp, extra);
  }
  if (ex.kind !== 'response') return ex;
  const headers: Headers = ex.response.headers.filter(([k]) => k.toLowerCase() !== 'server');
  headers.push(
    ['x-envoy-upstream-service-time', String(Math.round((ex.response.delaySeconds ?? 0) * 1000) + 20)],
    ['server', 'envoy'],
  );
  return { ...ex, response: { ...ex.response, headers } };
}
