/**
 * virtualservice.DestinationRuleAnalyzer (pkg/config/analysis/analyzers/virtualservice/destinationrules.go,
 * 1.24.0-1.30.3): IST0101 when a route or mirror names a subset that no DestinationRule for its host defines.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { fieldLine, specOf } from '../resource.js';
import { type VirtualServiceSpec, mirrorDestinations, routeDestinations } from '../routes.js';
import { resourceNameOfHost } from '../hosts.js';

interface RuleSpec {
  host?: string;
  subsets?: { name?: string }[];
}

export const virtualServiceDestinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  description: 'Checks the destination rules associated with each virtual service',
  analyze({ snapshot, report }) {
    const defined = new Set<string>();
    for (const r of snapshot.list('DestinationRule')) {
      const dr = specOf<RuleSpec>(r);
      const host = resourceNameOfHost(r.obj.metadata.namespace ?? '', dr.host ?? '');
      for (const s of dr.subsets ?? []) defined.add(`${host}+${s.name ?? ''}`);
    }
    for (const r of snapshot.list('VirtualService')) {
      const vs = specOf<VirtualServiceSpec>(r);
      const ns = r.obj.metadata.namespace ?? '';
      const missing = (host: string, subset: string | undefined) =>
        Boolean(subset) && !defined.has(`${resourceNameOfHost(ns, host)}+${subset}`);
      const kinds = [
        ['host+subset in destinationrule', routeDestinations(vs)],
        ['mirror+subset in destinationrule', mirrorDestinations(vs)],
      ] as const;
      for (const [what, list] of kinds) {
        for (const { destination: d, path } of list) {
          if (!missing(d.host ?? '', d.subset)) continue;
          const m = message(MESSAGES.ReferencedResourceNotFound, r, what, `${d.host ?? ''}+${d.subset ?? ''}`);
          report({ ...m, line: fieldLine(r, path) });
        }
      }
    }
  },
};
