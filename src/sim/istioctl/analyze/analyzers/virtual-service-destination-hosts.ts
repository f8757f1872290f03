/**
 * virtualservice.DestinationHostAnalyzer (pkg/config/analysis/analyzers/virtualservice/destinationhosts.go,
 * 1.24.0-1.30.3): IST0101 when a route's (or mirror's) host is no Service or ServiceEntry visible from the
 * VirtualService's namespace, or its port is not one the host exposes; IST0112 when the host has several ports
 * and the route names none; IST0140 when a gateway-bound route without subset goes to a host another
 * VirtualService splits by subset.
 */
import type { Analyzer, AnalysisContext } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { type Resource, fieldLine, fullName, specOf } from '../resource.js';
import { type PlacedDestination, type VirtualServiceSpec, mirrorDestinations, routeDestinations } from '../routes.js';
import { type HostTarget, destinationTarget, serviceHosts } from '../hosts.js';

export const virtualServiceDestinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  description: 'Checks the destination hosts associated with each virtual service',
  analyze(ctx) {
    const hosts = serviceHosts(ctx.snapshot);
    const subsetRoutes = subsetDestinations(ctx.snapshot.list('VirtualService'));
    for (const r of ctx.snapshot.list('VirtualService')) {
      const vs = specOf<VirtualServiceSpec>(r);
      const ns = r.obj.metadata.namespace ?? '';
      const check = (kind: string, d: PlacedDestination) => {
        const target = destinationTarget(hosts, ns, vs.exportTo ?? [], d.destination.host ?? '');
        if (!target) {
          const m = message(MESSAGES.ReferencedResourceNotFound, r, kind, d.destination.host ?? '');
          ctx.report({ ...m, line: fieldLine(r, d.path) });
        } else checkPorts(ctx, r, d, target);
      };
      for (const d of routeDestinations(vs)) check('host', d);
      for (const d of mirrorDestinations(vs)) check('mirror host', d);
      subsetIgnoredAtIngress(ctx, r, subsetRoutes);
    }
  },
};

function checkPorts(ctx: AnalysisContext, r: Resource, d: PlacedDestination, target: HostTarget) {
  const host = d.destination.host ?? '';
  const line = fieldLine(r, d.path);
  const port = d.destination.port;
  if (port === undefined) {
    if (target.ports.length <= 1) return;
    ctx.report({ ...message(MESSAGES.VirtualServiceDestinationPortSelectorRequired, r, host, target.ports), line });
    return;
  }
  if (!target.ports.includes(port.number ?? 0)) {
    const m = message(MESSAGES.ReferencedResourceNotFound, r, 'host:port', `${host}:${port.number ?? 0}`);
    ctx.report({ ...m, line });
  }
}

/** "ns/name" of each VirtualService → the hosts its http routes send to a subset, when the host is its own. */
function subsetDestinations(all: readonly Resource[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of all) {
    const vs = specOf<VirtualServiceSpec>(r);
    for (const rule of vs.http ?? []) {
      for (const route of rule.route ?? []) {
        const d = route.destination;
        if (!d?.subset) continue;
        for (const h of vs.hosts ?? []) {
          if (d.host !== h) continue;
          const key = fullName(r);
          out.set(key, [...(out.get(key) ?? []), h]);
        }
      }
    }
  }
  return out;
}

function subsetIgnoredAtIngress(ctx: AnalysisContext, r: Resource, subsetRoutes: Map<string, string[]>) {
  const vs = specOf<VirtualServiceSpec>(r);
  if ((vs.gateways ?? []).length === 0) return;
  (vs.http ?? []).forEach((rule, i) => {
    (rule.route ?? []).forEach((route, j) => {
      if (route.destination?.subset) return;
      for (const [other, hosts] of subsetRoutes) {
        for (const h of hosts) {
          if (h !== route.destination?.host) continue;
          // Istio formats this path with the rule's name where an index belongs, so it finds no line.
          const line = fieldLine(r, `{.spec.${rule.name ?? ''}[${i}].route[${j}].destination.host}`);
          ctx.report({ ...message(MESSAGES.IngressRouteRulesNotAffected, r, other, fullName(r)), line });
        }
      }
    });
  });
}
