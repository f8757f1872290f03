/**
 * What a client sidecar lets out: meshConfig.outboundTrafficPolicy, the Sidecar resource
 * (outboundTrafficPolicy and egress.hosts, which narrow the registry the proxy knows), and
 * ServiceEntry (which adds hosts to it). REGISTRY_ONLY sends unknown HTTP to the `block_all`
 * virtual host (502, empty body) and unknown TLS/TCP to the BlackHoleCluster
 * (pilot/pkg/networking/core/httproute.go buildCatchAllVirtualHost).
 */
import type { K8sObject } from '../../kube/object.js';
import type { ObjectRef, Workload } from './model.js';
import { matchLabels, selects, type Policy, type RegistryService } from './policy.js';
import { newMap, slot } from './nested-cache.js';

export interface SidecarSpec {
  outboundMode: 'ALLOW_ANY' | 'REGISTRY_ONLY' | undefined;
  /** `egress[].hosts` flattened (`ns/host`); undefined = the sidecar sees the whole registry. */
  egressHosts: readonly string[] | undefined;
}

export interface ServiceEntrySpec {
  hosts: readonly string[];
  ports: readonly number[];
}

export function parseSidecar(o: K8sObject): { selector?: Record<string, string>; spec: SidecarSpec } {
  const spec = o.spec ?? {};
  const mode = (spec['outboundTrafficPolicy'] as { mode?: unknown } | undefined)?.mode;
  const egress = Array.isArray(spec['egress']) ? (spec['egress'] as { hosts?: unknown }[]) : undefined;
  const hosts = egress?.flatMap((e) => (Array.isArray(e.hosts) ? e.hosts.map(String) : []));
  return {
    selector: matchLabels(spec, 'workloadSelector'),
    spec: { outboundMode: mode === 'ALLOW_ANY' || mode === 'REGISTRY_ONLY' ? mode : undefined, egressHosts: hosts },
  };
}

export function parseServiceEntry(o: K8sObject): { spec: ServiceEntrySpec } {
  const spec = o.spec ?? {};
  const hosts = Array.isArray(spec['hosts']) ? spec['hosts'].map(String) : [];
  const ports = Array.isArray(spec['ports'])
    ? (spec['ports'] as { number?: unknown }[]).map((p) => Number(p.number))
    : [];
  return { spec: { hosts, ports } };
}

/** The part of the mesh config egress reads (MeshConfig has it). */
export interface EgressConfig {
  rootNamespace: string;
  outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  sidecars: ReadonlyMap<string, Policy<SidecarSpec>[]>;
  serviceEntries: readonly Policy<ServiceEntrySpec>[];
  services: readonly RegistryService[];
}

/** The Sidecar resource for a workload: selector match in its namespace, then the namespace default, then the root default. */
export function sidecarFor(config: EgressConfig, w: Workload): Policy<SidecarSpec> | undefined {
  const local = config.sidecars.get(w.namespace) ?? [];
  return (
    local.find((s) => s.selector && selects(s.selector, w.labels)) ??
    local.find((s) => !s.selector) ??
    (config.sidecars.get(config.rootNamespace) ?? []).find((s) => !s.selector)
  );
}

export interface EgressView {
  mode: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  /** Where the mode came from: a Sidecar resource, or meshConfig. */
  modeFrom: ObjectRef | 'meshConfig';
  sidecar: Policy<SidecarSpec> | undefined;
}

/** Per config, namespace and pod name. */
const cache = new WeakMap<EgressConfig, Map<string, Map<string, EgressView>>>();

/** Cached per config and workload. */
export function egressViewFor(config: EgressConfig, w: Workload): EgressView {
  const byName = slot(slot(cache, config, newMap), w.namespace, newMap);
  let v = byName.get(w.name);
  if (!v) byName.set(w.name, (v = computeView(config, w)));
  return v;
}

function computeView(config: EgressConfig, w: Workload): EgressView {
  const sidecar = sidecarFor(config, w);
  const mode = sidecar?.spec.outboundMode;
  return { mode: mode ?? config.outboundTrafficPolicy, modeFrom: mode ? sidecar!.ref : 'meshConfig', sidecar };
}

/** Does the client's Sidecar `egress.hosts` let it see `host` declared in namespace `ns`? */
export function hostVisible(view: EgressView, clientNs: string, ns: string, host: string): boolean {
  const hosts = view.sidecar?.spec.egressHosts;
  if (!hosts) return true;
  return hosts.some((entry) => {
    const slash = entry.indexOf('/');
    const nsPart = slash === -1 ? '*' : entry.slice(0, slash);
    const hostPart = slash === -1 ? entry : entry.slice(slash + 1);
    const nsOk = nsPart === '*' || (nsPart === '.' ? ns === clientNs : nsPart === ns);
    return nsOk && dnsMatch(hostPart, host);
  });
}

/** Istio host matching: `*` any, `*.example.com` suffix, else exact (case-insensitive). */
export function dnsMatch(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  return p === h;
}

/** The ServiceEntry declaring an external host:port, if one is visible to the client. */
export function serviceEntryFor(
  config: EgressConfig,
  view: EgressView,
  clientNs: string,
  host: string,
  port: number,
): Policy<ServiceEntrySpec> | undefined {
  return config.serviceEntries.find(
    (se) =>
      se.spec.hosts.some((h) => dnsMatch(h, host)) &&
      (se.spec.ports.length === 0 || se.spec.ports.includes(port)) &&
      hostVisible(view, clientNs, se.ref.namespace, host),
  );
}

/** Envoy has an HTTP listener on `port` when some visible service or ServiceEntry uses it. */
export function hasListener(config: EgressConfig, view: EgressView, clientNs: string, port: number): boolean {
  return (
    config.services.some(
      (s) =>
        s.ports.some((p) => p.port === port) &&
        hostVisible(view, clientNs, s.namespace, `${s.name}.${s.namespace}.svc.cluster.local`),
    ) ||
    config.serviceEntries.some(
      (se) =>
        se.spec.ports.includes(port) && se.spec.hosts.some((h) => hostVisible(view, clientNs, se.ref.namespace, h)),
    )
  );
}
