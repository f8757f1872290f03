/**
 * DestinationRule TLS settings on the client side. An explicit `trafficPolicy.tls.mode` (or the
 * `portLevelSettings` entry for the Service port) overrides auto mTLS. Lookup as Istio does it:
 * the client's namespace, then the service's namespace, then the root namespace; within one
 * namespace an exact host beats a wildcard, and the oldest rule wins between equals.
 */
import type { K8sObject } from '../../kube/object.js';
import type { ObjectRef } from './model.js';
import type { Policy } from './policy.js';
import { newMap, slot } from './nested-cache.js';

export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export interface DestinationRuleSpec {
  host: string;
  tls: ClientTlsMode | undefined;
  /** portLevelSettings keyed by the Service port. */
  portLevel: ReadonlyMap<number, ClientTlsMode | undefined>;
  /** `subsets[].name` -> `subsets[].labels`: each subset is its own Envoy cluster of the matching endpoints. */
  subsets: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** `subsets[].trafficPolicy` TLS, by subset name: it overrides the rule's own for that subset's cluster. */
  subsetTls: ReadonlyMap<
    string,
    { tls: ClientTlsMode | undefined; portLevel: ReadonlyMap<number, ClientTlsMode | undefined> }
  >;
}

export function parseDestinationRule(o: K8sObject): { spec: DestinationRuleSpec } {
  const spec = o.spec ?? {};
  const top = trafficPolicyTls(spec['trafficPolicy']);
  const subsets = new Map<string, Record<string, string>>();
  const subsetTls = new Map<string, ReturnType<typeof trafficPolicyTls>>();
  for (const ss of (Array.isArray(spec['subsets']) ? spec['subsets'] : []) as Record<string, unknown>[]) {
    const labels = (ss?.['labels'] ?? {}) as Record<string, unknown>;
    if (typeof ss?.['name'] !== 'string') continue;
    subsets.set(ss['name'], Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])));
    if (ss['trafficPolicy'] !== undefined) subsetTls.set(ss['name'], trafficPolicyTls(ss['trafficPolicy']));
  }
  return { spec: { host: String(spec['host'] ?? ''), tls: top.tls, portLevel: top.portLevel, subsets, subsetTls } };
}

function trafficPolicyTls(policy: unknown) {
  const tp = (policy ?? {}) as Record<string, unknown>;
  const portLevel = new Map<number, ClientTlsMode | undefined>();
  for (const s of (Array.isArray(tp['portLevelSettings']) ? tp['portLevelSettings'] : []) as Record<
    string,
    unknown
  >[]) {
    const port = Number((s['port'] as { number?: unknown } | undefined)?.number);
    if (Number.isFinite(port)) portLevel.set(port, tlsMode(s['tls']));
  }
  return { tls: tlsMode(tp['tls']), portLevel };
}

function tlsMode(tls: unknown): ClientTlsMode | undefined {
  const m = (tls as { mode?: unknown } | undefined)?.mode;
  return m === 'DISABLE' || m === 'SIMPLE' || m === 'MUTUAL' || m === 'ISTIO_MUTUAL' ? m : undefined;
}

export interface DestinationRuleTls {
  ref: ObjectRef;
  host: string;
  /** undefined: the rule sets no TLS for this port, so auto mTLS still decides. */
  mode: ClientTlsMode | undefined;
  portLevel: boolean;
}

/** The part of the mesh config DestinationRule lookup reads (MeshConfig has it). */
export interface DestinationRuleConfig {
  rootNamespace: string;
  destinationRules: ReadonlyMap<string, Policy<DestinationRuleSpec>[]>;
}

/** Per config, client namespace, service namespace, name, port and subset. */
const cache = new WeakMap<
  DestinationRuleConfig,
  Map<string, Map<string, Map<string, Map<number, Map<string | undefined, DestinationRuleTls | undefined>>>>>
>();

/** The DestinationRule that applies to `svc.ns:port` for a client in `clientNs`, if any. Cached per config. */
export function destinationRuleFor(
  config: DestinationRuleConfig,
  clientNs: string,
  svc: { name: string; namespace: string; port: number; subset?: string },
): DestinationRuleTls | undefined {
  const byService = slot(slot(cache, config, newMap), clientNs, newMap);
  const bySubset = slot(slot(slot(byService, svc.namespace, newMap), svc.name, newMap), svc.port, newMap);
  if (bySubset.has(svc.subset)) return bySubset.get(svc.subset);
  const r = lookup(config, clientNs, svc);
  bySubset.set(svc.subset, r);
  return r;
}

/**
 * The DestinationRule Istio applies to a host for a client in `clientNs` (its subsets, its TLS):
 * the client's namespace first, then the host's namespace, then the root namespace.
 * `host` is a Service FQDN (`httpbin.foo.svc.cluster.local`) or an external name.
 */
export function destinationRuleObjectFor(
  config: DestinationRuleConfig,
  clientNs: string,
  host: string,
  hostNs: string,
): Policy<DestinationRuleSpec> | undefined {
  for (const ns of unique([clientNs, hostNs, config.rootNamespace])) {
    let best: { score: number; dr: Policy<DestinationRuleSpec> } | undefined;
    for (const dr of config.destinationRules.get(ns) ?? []) {
      const score = hostScore(dr.spec.host, dr.ref.namespace, host);
      if (score > 0 && (!best || score > best.score)) best = { score, dr };
    }
    if (best) return best.dr;
  }
  return undefined;
}

function lookup(
  config: DestinationRuleConfig,
  clientNs: string,
  svc: { name: string; namespace: string; port: number; subset?: string },
): DestinationRuleTls | undefined {
  // Service DNS names always end in the cluster domain, cluster.local (not the trust domain).
  const fqdn = `${svc.name}.${svc.namespace}.svc.cluster.local`;
  {
    const found = destinationRuleObjectFor(config, clientNs, fqdn, svc.namespace);
    const best = found ? { dr: found } : undefined;
    if (best) {
      const { dr } = best;
      // A subset's own trafficPolicy replaces the rule's for the subset's cluster (Istio merges it over).
      const sub = svc.subset === undefined ? undefined : dr.spec.subsetTls.get(svc.subset);
      const subMode = sub ? (sub.portLevel.get(svc.port) ?? sub.tls) : undefined;
      if (subMode) return { ref: dr.ref, host: dr.spec.host, mode: subMode, portLevel: sub!.portLevel.has(svc.port) };
      const pl = dr.spec.portLevel.has(svc.port);
      const mode = pl ? (dr.spec.portLevel.get(svc.port) ?? dr.spec.tls) : dr.spec.tls;
      return { ref: dr.ref, host: dr.spec.host, mode, portLevel: pl && dr.spec.portLevel.get(svc.port) !== undefined };
    }
  }
  return undefined;
}

/**
 * 0 = no match; higher = more specific. Hosts are resolved as Istio's ResolveShortnameToFQDN
 * (pilot/pkg/model/config.go) does: a name without a dot gets `.<rule namespace>.svc.cluster.local`;
 * a name with a dot is taken as written, so `httpbin.foo` names no Kubernetes service.
 */
export function hostScore(host: string, drNs: string, fqdn: string): number {
  const full = resolveShortname(host, drNs);
  if (full === fqdn) return 1000;
  if (full === '*') return 1;
  if (full.startsWith('*.') && fqdn.endsWith(full.slice(1))) return full.length;
  return 0;
}

export function resolveShortname(host: string, ns: string): string {
  const h = host.toLowerCase();
  return h === '*' || h.includes('.') ? h : `${h}.${ns}.svc.cluster.local`;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
