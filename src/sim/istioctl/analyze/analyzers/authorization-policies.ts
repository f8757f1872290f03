/**
 * auth.AuthorizationPoliciesAnalyzer (pkg/config/analysis/analyzers/authz/authorizationpolicies.go,
 * 1.24.0-1.30.3): IST0127 when no pod in the mesh matches a policy (its namespace's pods, or any namespace's
 * for a selector in the root namespace), and IST0101 for each `source.namespaces` or `notNamespaces` entry
 * that names no existing namespace (`*`, `prefix*` and `*suffix` match as Istio's namespaceMatch does).
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, type Message, message } from '../messages.js';
import { type Resource, type Snapshot, fieldLine, specOf } from '../resource.js';
import { type Labels, selectorMatches, selectorString } from '../labels.js';
import { podInAmbient, podInMesh } from '../in-mesh.js';

interface Source {
  namespaces?: string[];
  notNamespaces?: string[];
}
interface Policy {
  selector?: { matchLabels?: Labels };
  rules?: { from?: { source?: Source }[] }[];
}

export const authorizationPoliciesAnalyzer: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  description: 'Checks the validity of authorization policies',
  analyze({ snapshot, report }) {
    const meshPods = podLabelsByNamespace(snapshot);
    const namespaces = snapshot.list('Namespace').map((n) => n.obj.metadata.name);
    for (const r of snapshot.list('AuthorizationPolicy')) {
      noMatchingWorkloads(r, snapshot.rootNamespace, meshPods, report);
      specOf<Policy>(r).rules?.forEach((rule, i) => {
        rule.from?.forEach((from, j) => {
          const listed = from.source?.namespaces ?? [];
          [...listed, ...(from.source?.notNamespaces ?? [])].forEach((ns, k) => {
            if (namespaces.some((n) => namespaceMatch(n, ns))) return;
            // Istio points notNamespaces entries at the namespaces path too.
            const index = k >= listed.length ? k - listed.length : k;
            const line = fieldLine(r, `{.spec.rules[${i}].from[${j}].source.namespaces[${index}]}`);
            report({ ...message(MESSAGES.ReferencedResourceNotFound, r, 'namespace', ns), line });
          });
        });
      });
    }
  },
};

function noMatchingWorkloads(r: Resource, root: string, meshPods: Map<string, Labels[]>, report: (m: Message) => void) {
  const ns = r.obj.metadata.namespace ?? '';
  const selector = specOf<Policy>(r).selector;
  const set = selector?.matchLabels;
  if (ns === root) {
    if (selector && ![...meshPods.values()].some((pods) => pods.some((p) => selectorMatches(set, p)))) {
      report(message(MESSAGES.NoMatchingWorkloadsFound, r, selectorString(set)));
    }
    return;
  }
  const pods = meshPods.get(ns) ?? [];
  if (!selector) {
    if (pods.length === 0) report(message(MESSAGES.NoMatchingWorkloadsFound, r, ''));
    return;
  }
  if (!pods.some((p) => selectorMatches(set, p))) {
    report(message(MESSAGES.NoMatchingWorkloadsFound, r, selectorString(set)));
  }
}

/** The labels of the pods in the mesh (sidecar or ambient), by namespace. */
function podLabelsByNamespace(snapshot: Snapshot): Map<string, Labels[]> {
  const out = new Map<string, Labels[]>();
  for (const p of snapshot.list('Pod')) {
    const list = out.get(p.obj.metadata.namespace ?? '') ?? [];
    const labels = p.obj.metadata.labels ?? {};
    if (podInMesh(p, snapshot)) list.push(labels);
    if (podInAmbient(p)) list.push(labels);
    out.set(p.obj.metadata.namespace ?? '', list);
  }
  return out;
}

function namespaceMatch(ns: string, exp: string): boolean {
  if (exp === '*') return true;
  if (exp.startsWith('*')) return ns.endsWith(exp.slice(1));
  if (exp.endsWith('*')) return ns.startsWith(exp.slice(0, -1));
  return ns.toLowerCase() === exp.toLowerCase();
}
