/**
 * What the egress gateway's configuration says, read for one request: the TLS the client sidecar
 * uses towards the gateway's Service (its DestinationRule, a subset's own trafficPolicy first) and
 * the ServiceEntry that gives the external host its ports (the gateway's cluster for it exists
 * only when one does).
 */
import type { ClusterView } from '../types.js';
import { destinationRuleFor } from '../mesh/index.js';
import type { Path } from './path-trace.js';

export interface GatewayTls {
  /** undefined: no DestinationRule sets TLS; auto mTLS sends plaintext to a gateway. */
  mode: string | undefined;
  /** `tls.sni` of the rule, if it sets one. */
  sni?: string;
  why: string;
}

export function clientTlsToGateway(
  path: Path,
  clientNs: string,
  fqdn: string,
  namespace: string,
  port: number,
  subset: string | undefined,
): GatewayTls {
  const name = fqdn.split('.')[0]!;
  const dr = destinationRuleFor(path.mesh, clientNs, { name, namespace, port, ...(subset ? { subset } : {}) });
  if (!dr?.mode)
    return {
      mode: undefined,
      why: 'no DestinationRule sets TLS, and auto mTLS does not apply to the gateway, whose pods carry no security.istio.io/tlsMode label',
    };
  const raw = path.view.get('DestinationRule', dr.ref.namespace, dr.ref.name)?.spec ?? {};
  const sni = sniOf(raw, port, subset);
  return {
    mode: dr.mode,
    ...(sni ? { sni } : {}),
    why: `DestinationRule ${dr.ref.namespace}/${dr.ref.name} sets tls.mode ${dr.mode}${subset ? ` (subset ${subset})` : ''}${sni ? `, sni ${sni}` : ''}`,
  };
}

type Tp = { tls?: { sni?: unknown }; portLevelSettings?: { port?: { number?: unknown }; tls?: { sni?: unknown } }[] };

function sniOf(spec: Record<string, unknown>, port: number, subset: string | undefined): string | undefined {
  const pick = (tp: Tp | undefined) => {
    const pl = tp?.portLevelSettings?.find((p) => Number(p.port?.number) === port)?.tls?.sni ?? tp?.tls?.sni;
    return pl === undefined ? undefined : String(pl);
  };
  const subsets = (spec['subsets'] ?? []) as { name?: unknown; trafficPolicy?: Tp }[];
  const sub = subset === undefined ? undefined : subsets.find((s) => s.name === subset)?.trafficPolicy;
  return pick(sub) ?? pick(spec['trafficPolicy'] as Tp | undefined);
}

export interface ExternalEntry {
  /** The ServiceEntry's namespace (DestinationRule lookup falls back to it). */
  namespace: string;
  ports: { number: number; targetPort?: number }[];
}

/** The ServiceEntry declaring `host`, if any (exported to every namespace, the default). */
export function externalServiceEntry(view: ClusterView, host: string): ExternalEntry | undefined {
  for (const se of view.list('ServiceEntry')) {
    const hosts = (Array.isArray(se.spec?.['hosts']) ? se.spec['hosts'] : []) as unknown[];
    if (!hosts.some((h) => String(h).toLowerCase() === host)) continue;
    const ports = (Array.isArray(se.spec?.['ports']) ? se.spec['ports'] : []) as {
      number?: unknown;
      targetPort?: unknown;
    }[];
    return {
      namespace: se.metadata.namespace ?? 'default',
      ports: ports.map((p) => ({
        number: Number(p.number),
        ...(p.targetPort !== undefined ? { targetPort: Number(p.targetPort) } : {}),
      })),
    };
  }
  return undefined;
}
