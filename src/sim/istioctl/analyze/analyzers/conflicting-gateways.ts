/**
 * gateway.ConflictingGatewayAnalyzer (pkg/config/analysis/analyzers/gateway/conflictinggateway.go): IST0145 when
 * two Gateways select the same workload and declare the same host with the same bind on a port, and IST0101
 * when a Gateway's selector matches no pod. Gateways select the same workload when their selectors are equal,
 * or one's text contains the other's and some pod matches both. Until 1.24 every port of the other Gateway
 * counts; from 1.25 only the same port number (the fix in 1.25.0).
 *
 * Istio's duplicate check (pilot/pkg/model CheckDuplicates) also records the hosts it saw in the other
 * Gateway's map, in Go's random map order; that side effect is not modelled, each pair is compared afresh.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { fieldLine, fullName, specOf } from '../resource.js';
import { type Labels, selectorMatches, selectorString } from '../labels.js';

interface Server {
  port?: { number?: number };
  hosts?: string[];
  bind?: string;
}
interface GatewaySpec {
  selector?: Labels;
  servers?: Server[];
}

/** One Gateway's servers on one selector and port: gateway "ns/name" → host → bind. */
type ByGateway = Map<string, Map<string, string>>;

export const conflictingGatewayAnalyzer: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  description: "Checks a gateway's selector, port number and hosts",
  analyze({ snapshot, report, minor }) {
    const byKey = new Map<string, ByGateway>();
    for (const r of snapshot.list('Gateway')) {
      const gw = specOf<GatewaySpec>(r);
      for (const s of gw.servers ?? []) {
        const key = `${selectorString(gw.selector)}~${s.port?.number ?? 0}`;
        const entry = byKey.get(key) ?? new Map<string, Map<string, string>>();
        entry.set(fullName(r), new Map((s.hosts ?? []).map((h) => [h, s.bind ?? ''])));
        byKey.set(key, entry);
      }
    }
    const pods = snapshot.list('Pod').map((p) => p.obj.metadata.labels ?? {});
    for (const r of snapshot.list('Gateway')) {
      const gw = specOf<GatewaySpec>(r);
      const selector = selectorString(gw.selector);
      const same = [...byKey].filter(([key]) => {
        const other = key.slice(0, key.lastIndexOf('~'));
        if (other === selector) return true;
        if (!other.includes(selector) && !selector.includes(other)) return false;
        const otherSet = parseSelector(other);
        return pods.some((p) => selectorMatches(gw.selector, p) && selectorMatches(otherSet, p));
      });
      if (selector !== '' && same.length === 0) {
        const line = fieldLine(r, `{.spec.selector.${selector.slice(0, Math.max(0, selector.indexOf('=')))}}`);
        report({ ...message(MESSAGES.ReferencedResourceNotFound, r, 'selector', selector), line });
        continue;
      }
      const self = fullName(r);
      for (const s of gw.servers ?? []) {
        const port = String(s.port?.number ?? 0);
        const conflicts: string[] = [];
        for (const [key, gateways] of same) {
          if (minor >= 25 && key.slice(key.lastIndexOf('~') + 1) !== port) continue;
          for (const [name, hosts] of gateways) {
            const duplicate = (s.hosts ?? []).some((h) => hosts.has(h) && hosts.get(h) === (s.bind ?? ''));
            if (name !== self && duplicate) conflicts.push(name);
          }
        }
        if (conflicts.length === 0) continue;
        conflicts.sort();
        const hosts = (s.hosts ?? []).join(',');
        report(message(MESSAGES.ConflictingGateways, r, conflicts.join(','), selector, port, hosts));
      }
    }
  },
};

/** parseSelectorFromString: "k=v,k2=v2" back to a set. */
function parseSelector(s: string): Labels {
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) out[kv[0] ?? ''] = kv[1] ?? '';
  }
  return out;
}
