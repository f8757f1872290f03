/**
 * Host names as the analyzers compare them (pkg/config/host/name.go Matches, names.go NamesForNamespace;
 * analyzers/util/hosts.go, service_lookup.go): short names become `name.ns.svc.cluster.local`, a name with a
 * dot is taken as written, and a Service or ServiceEntry is visible to the namespaces its exportTo names.
 */
import type { Snapshot } from './resource.js';
import { specOf } from './resource.js';

const FQDN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

export function toFqdn(namespace: string, host: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** "ns/name" of the resource a host names: from its FQDN, else a short name in `defaultNamespace`. */
export function resourceNameOfHost(defaultNamespace: string, host: string): string {
  const m = FQDN.exec(host);
  return m ? `${m[2]}/${m[1]}` : `${defaultNamespace}/${host}`;
}

/** Host.Matches: wildcards match by suffix, in either direction. */
export function hostMatches(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** The hosts of `ns/host` entries visible in `namespace` (own namespace or `*`), namespace stripped. */
export function namesForNamespace(hosts: readonly string[], namespace: string): string[] {
  return hosts.flatMap((h) => {
    const slash = h.indexOf('/');
    if (slash < 0) return [h];
    const ns = h.slice(0, slash);
    return ns === namespace || ns === '*' ? [h.slice(slash + 1)] : [];
  });
}

/** What a destination host resolves to: the ports it exposes. */
export interface HostTarget {
  ports: number[];
}

interface ServiceEntrySpec {
  hosts?: string[];
  exportTo?: string[];
  ports?: { number?: number }[];
}
interface ServiceSpec {
  ports?: { port?: number }[];
}

/** "scope/fqdn" → target, for every ServiceEntry host and Service (util.InitServiceEntryHostMap). */
export function serviceHosts(snapshot: Snapshot): Map<string, HostTarget> {
  const out = new Map<string, HostTarget>();
  const put = (scope: string, ns: string, host: string, t: HostTarget) => out.set(`${scope}/${toFqdn(ns, host)}`, t);
  for (const r of snapshot.list('ServiceEntry')) {
    const se = specOf<ServiceEntrySpec>(r);
    const ns = r.obj.metadata.namespace ?? '';
    const target = { ports: (se.ports ?? []).map((p) => p.number ?? 0) };
    for (const h of se.hosts ?? []) {
      const exportTo = se.exportTo ?? [];
      if (exportTo.length === 0) put('*', ns, h, target);
      for (const e of exportTo) {
        put(e === '.' ? ns : e, ns, h, target);
        if (e === '*') break;
      }
    }
  }
  for (const r of snapshot.list('Service')) {
    const ns = r.obj.metadata.namespace ?? '';
    const target = { ports: (specOf<ServiceSpec>(r).ports ?? []).map((p) => p.port ?? 0) };
    const anno = r.obj.metadata.annotations?.['networking.istio.io/exportTo'];
    const scopes = anno ? anno.split(',').map((s) => (s.trim() === '.' ? ns : s.trim())) : ['*'];
    for (const scope of scopes) put(scope, ns, r.obj.metadata.name, target);
  }
  return out;
}

/** util.GetDestinationHost: the Service or ServiceEntry a route's host reaches from `ns`, if any. */
export function destinationTarget(
  hosts: Map<string, HostTarget>,
  ns: string,
  exportTo: readonly string[],
  host: string,
): HostTarget | undefined {
  const fqdn = toFqdn(ns, host);
  const all = hosts.get(`*/${fqdn}`);
  if (all) return all;
  const scopes = exportTo.length === 0 ? [ns] : exportTo.map((e) => (e === '.' ? ns : e));
  for (const scope of scopes) {
    const hit = hosts.get(`${scope}/${fqdn}`);
    if (hit) return hit;
  }
  for (const [key, target] of hosts) {
    const slash = key.indexOf('/');
    const [scope, seHost] = [key.slice(0, slash), key.slice(slash + 1)];
    if (!seHost.startsWith('*') || (scope !== '*' && scope !== ns)) continue;
    if (host.replace(/^\*/, '').endsWith(seHost.slice(1))) return target;
  }
  return undefined;
}
