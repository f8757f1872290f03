/**
 * Plain HTTP that a client sidecar sends to a host outside the mesh: the DestinationRule for the
 * host may originate TLS (egress-tls-origination: `portLevelSettings` port 80 `tls.mode: SIMPLE`,
 * with the ServiceEntry port's `targetPort: 443`), and the answer comes back through Envoy
 * (`server: envoy`, `x-envoy-upstream-service-time`), as HTTP/1.1 to the app.
 */
import type { ClusterView } from '../types.js';
import { destinationRuleObjectFor, type MeshConfig } from '../mesh/index.js';
import type { Exchange, Headers, HttpRequestOut } from './http.js';
import { externalExchange } from './external.js';

/** The `targetPort` of the ServiceEntry port that declares host:port, if any. */
function serviceEntryTargetPort(view: ClusterView, host: string, port: number): number | undefined {
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

export function sidecarToExternal(
  view: ClusterView,
  mesh: MeshConfig,
  clientNs: string,
  host: string,
  port: number,
  request: HttpRequestOut,
  clientIp: string,
  extra: Headers,
): Exchange {
  const dr = destinationRuleObjectFor(mesh, clientNs, host, clientNs);
  const mode = dr ? (dr.spec.portLevel.get(port) ?? dr.spec.tls) : undefined;
  let ex: Exchange;
  if (mode === 'SIMPLE') {
    // The sidecar speaks TLS to the target port; curl still talks plain HTTP/1.1 to its sidecar.
    const originated = externalExchange(
      host,
      serviceEntryTargetPort(view, host, port) ?? 443,
      'https',
      request,
      clientIp,
      extra,
    );
    ex =
      originated.kind === 'response'
        ? { kind: 'response', response: originated.response, httpVersion: '1.1' }
        : originated;
  } else {
    ex = externalExchange(host, port, 'http', request, clientIp, extra);
  }
  if (ex.kind !== 'response') return ex;
  const headers: Headers = ex.response.headers.filter(([k]) => k.toLowerCase() !== 'server');
  headers.push(
    ['x-envoy-upstream-service-time', String(Math.round((ex.response.delaySeconds ?? 0) * 1000) + 20)],
    ['server', 'envoy'],
  );
  return { ...ex, response: { ...ex.response, headers } };
}
