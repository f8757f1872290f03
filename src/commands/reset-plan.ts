/**
 * What `meshwalk reset` removes, found through the Cluster port so the same code runs on a real
 * cluster and on the simulated one. Lessons mark what they create: their namespaces carry
 * `meshwalk.dev/lesson=<id>`, and objects they put in shared namespaces (istio-system,
 * default, ...) carry `app.kubernetes.io/managed-by=meshwalk` plus the lesson label. The list
 * asks the server for marked objects only, then checks every object returned itself
 * (reset-guard.ts), so the plan is exactly what will be deleted, dry run or not.
 */
import type { Cluster } from '../cluster/port.js';
import type { K8sObject } from '../kube/object.js';
import { lastLine } from '../cluster/kubectl-failure.js';
import { deletableNamespace, deletableObject, isProtectedNamespace, lessonMark } from './reset-guard.js';
import { LESSON_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './reset-guard.js';

export { LESSON_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE, PROTECTED_NAMESPACES } from './reset-guard.js';

/**
 * Kinds a lesson may create inside a shared namespace, fully qualified so that `gateways` means
 * Istio's and not the Gateway API's. Pods owned by a Deployment go with it.
 */
export const MANAGED_KINDS = [
  'deployments.apps',
  'pods',
  'services',
  'serviceaccounts',
  'configmaps',
  'secrets',
  'peerauthentications.security.istio.io',
  'requestauthentications.security.istio.io',
  'authorizationpolicies.security.istio.io',
  'destinationrules.networking.istio.io',
  'gateways.networking.istio.io',
  'virtualservices.networking.istio.io',
  'serviceentries.networking.istio.io',
  'sidecars.networking.istio.io',
];

/** One thing reset removes. */
export interface Doomed {
  /** For kubectl: `namespace/NAME` or `resource.group/NAME`. */
  ref: string;
  /** Undefined for a namespace. */
  namespace?: string;
  lesson?: string;
  /** A namespace already being deleted: listed, not deleted again. */
  terminating?: boolean;
}

export interface ResetPlan {
  namespaces: Doomed[];
  objects: Doomed[];
  /** Labelled namespaces kept because they are shared (see reset-guard.ts). */
  kept: string[];
  /** Objects the server returned that do not carry meshwalk's marks (its label filter did not hold). */
  ignored: number;
}

export type PlanResult = { ok: true; plan: ResetPlan } | { ok: false; message: string };

/** Lists what reset would remove, for every lesson or only `lesson`. */
export async function planReset(cluster: Cluster, lesson?: string): Promise<PlanResult> {
  const nsSelector = lesson ? `${LESSON_LABEL}=${lesson}` : LESSON_LABEL;
  const ns = await list(cluster, ['namespaces'], nsSelector);
  if (!ns.ok) return ns;
  const marked = ns.items.filter((n) => deletableNamespace(n, lesson));
  const kept = marked.filter((n) => isProtectedNamespace(n.metadata.name)).map((n) => n.metadata.name);
  const namespaces = marked
    .filter((n) => !isProtectedNamespace(n.metadata.name))
    .map((n) => ({
      ref: `namespace/${n.metadata.name}`,
      ...lessonOf(n),
      ...((n.status as { phase?: string } | undefined)?.phase === 'Terminating' ? { terminating: true } : {}),
    }));
  const gone = new Set(namespaces.map((n) => n.ref.slice('namespace/'.length)));

  const objSelector = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}${lesson ? `,${LESSON_LABEL}=${lesson}` : ''}`;
  const objs = await listKinds(cluster, objSelector);
  if (!objs.ok) return objs;
  const ours = objs.items.filter((o) => deletableObject(o, lesson) && MANAGED_KINDS.includes(resourceOf(o)));
  const objects = ours
    // Inside a namespace that goes anyway, or owned by something that goes: nothing to do.
    .filter((o) => !gone.has(o.metadata.namespace ?? '') && !o.metadata.ownerReferences?.length)
    .map((o) => ({
      ref: `${resourceOf(o)}/${o.metadata.name}`,
      namespace: o.metadata.namespace ?? '',
      ...lessonOf(o),
    }));
  const ignored = ns.items.length - marked.length + objs.items.length - ours.length;
  return { ok: true, plan: { namespaces, objects, kept, ignored } };
}

/** Deletes the plan, namespaced objects first; `--ignore-not-found` makes a rerun harmless. */
export async function applyReset(
  cluster: Cluster,
  plan: ResetPlan,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const byNs = new Map<string, string[]>();
  for (const o of plan.objects) byNs.set(o.namespace ?? '', [...(byNs.get(o.namespace ?? '') ?? []), o.ref]);
  for (const [ns, refs] of byNs) {
    const r = await cluster.run(['kubectl', 'delete', '-n', ns, ...refs, '--ignore-not-found', '--wait=false'], {
      timeoutMs: 60_000,
    });
    if (r.exitCode !== 0)
      return { ok: false, message: `deleting in ${ns} failed: ${lastLine(r.stderr) ?? 'no output'}` };
  }
  const names = plan.namespaces.filter((n) => !n.terminating).map((n) => n.ref);
  if (names.length > 0) {
    // --wait=false: a namespace takes a while to empty; the learner need not watch it.
    const r = await cluster.run(['kubectl', 'delete', ...names, '--ignore-not-found', '--wait=false'], {
      timeoutMs: 60_000,
    });
    if (r.exitCode !== 0)
      return { ok: false, message: `deleting namespaces failed: ${lastLine(r.stderr) ?? 'no output'}` };
  }
  return { ok: true };
}

type Listed = { ok: true; items: K8sObject[] } | { ok: false; message: string };

async function list(cluster: Cluster, kinds: readonly string[], selector: string): Promise<Listed> {
  const r = await cluster.run(['kubectl', 'get', kinds.join(','), '-A', '-l', selector, '-o', 'json'], {
    timeoutMs: 60_000,
  });
  if (r.exitCode !== 0) return { ok: false, message: lastLine(r.stderr) ?? 'no output' };
  try {
    const items = (JSON.parse(r.stdout) as { items?: unknown }).items;
    return { ok: true, items: Array.isArray(items) ? items.filter(isObject) : [] };
  } catch {
    return { ok: false, message: `kubectl get ${kinds.join(',')} printed something that is not JSON` };
  }
}

/** All managed kinds in one call; when a kind is not installed (no Istio CRDs), one call per kind, skipping it. */
async function listKinds(cluster: Cluster, selector: string): Promise<Listed> {
  const all = await list(cluster, MANAGED_KINDS, selector);
  if (all.ok || !/doesn't have a resource type|could not find the requested resource|not simulated/i.test(all.message))
    return all;
  const items: K8sObject[] = [];
  for (const kind of MANAGED_KINDS) {
    const one = await list(cluster, [kind], selector);
    if (one.ok) items.push(...one.items);
    else if (!/doesn't have a resource type|could not find the requested resource|not simulated/i.test(one.message))
      return one;
  }
  return { ok: true, items };
}

function isObject(i: unknown): i is K8sObject {
  const o = i as Partial<K8sObject> | null;
  if (typeof o !== 'object' || o === null) return false;
  return (
    typeof o.kind === 'string' &&
    typeof o.apiVersion === 'string' &&
    typeof o.metadata === 'object' &&
    o.metadata !== null
  );
}

/** `authorizationpolicies.security.istio.io` from apiVersion + kind (Kubernetes' plural rules for these kinds). */
function resourceOf(o: K8sObject): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  const k = o.kind.toLowerCase();
  const plural = /[^aeiou]y$/.test(k) ? `${k.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(k) ? `${k}es` : `${k}s`;
  return group ? `${plural}.${group}` : plural;
}

function lessonOf(o: K8sObject): { lesson?: string } {
  const l = lessonMark(o, undefined);
  return l ? { lesson: l } : {};
}
