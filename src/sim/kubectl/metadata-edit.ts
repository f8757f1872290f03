/**
 * What `kubectl label` and `kubectl annotate` share: splitting `TYPE NAME... key=value key-` as
 * cmdutil.GetResourcesAndPairs and ParsePairs do, `--all`, and the per-object update loop
 * (NotFound printed and skipped, the first refusal stops the run as the builder's visitor does).
 */
import type { ProcessResult } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { notFound, serverUpdate } from '../kube/api.js';
import { formatApiError, isApiError, type ApiError } from '../kube/api-error.js';
import { qualifiedSingular } from '../kube/resources.js';
import { bool } from './flags.js';
import { type Kctl, type Target, fail } from './common.js';

const isPair = (s: string) => (s.includes('=') && !s.startsWith('=')) || (s.endsWith('-') && s !== '-');

/** GetResourcesAndPairs: resources first, then pairs; a resource after a pair is an error. */
export function splitPairs(
  k: Kctl,
  words: readonly string[],
  pairType: string,
): { resources: string[]; pairs: string[] } | ProcessResult {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const w of words) {
    if (isPair(w)) pairs.push(w);
    else if (pairs.length > 0)
      return fail(k.out, `error: all resources must be specified before ${pairType} changes: ${w}`);
    else resources.push(w);
  }
  return { resources, pairs };
}

/** ParsePairs with removal: `k=v` sets (the last one wins), `k-` removes. */
export function parsePairs(pairs: readonly string[]): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const a of pairs) {
    if (a.includes('=') && !a.startsWith('=')) set[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    else remove.push(a.slice(0, -1));
  }
  return { set, remove };
}

/** `TYPE --all`: every object of the type in the namespace. */
export function expandAll(k: Kctl, targets: readonly Target[]): Target[] {
  return targets.flatMap((t) =>
    t.name === '' && bool(k.args, 'all')
      ? k.store
          .listSorted(t.type.kind, t.type.namespaced ? k.ns : undefined)
          .map((o) => ({ type: t.type, name: o.metadata.name }))
      : [t],
  );
}

/** What an edit makes of one live object: a new object to store, a line without a write, or a refusal. */
export type Edit =
  | { next: K8sObject; line: string }
  | { unchanged: string }
  | { error: string }
  | { apiError: ApiError };

/** Runs `edit` on each target's live object and stores the result. */
export function editEach(
  k: Kctl,
  targets: readonly Target[],
  edit: (live: K8sObject, name: string) => Edit,
): ProcessResult {
  let exit = 0;
  for (const t of targets) {
    if (t.name === '') return fail(k.out, `error: resource(s) were provided, but no name was specified`);
    const ns = t.type.namespaced ? k.ns : undefined;
    const live = k.store.get(t.type.kind, ns, t.name);
    if (!live) {
      k.out.err(formatApiError(notFound(t.type, t.name)));
      exit = 1;
      continue;
    }
    const e = edit(live, `${qualifiedSingular(t.type)}/${t.name}`);
    if ('error' in e) return fail(k.out, e.error);
    if ('apiError' in e) return fail(k.out, formatApiError(e.apiError));
    if ('unchanged' in e) {
      k.out.out(e.unchanged);
      continue;
    }
    // istiod's webhook also admits label/annotate updates: its warnings print before the result line.
    const warnings: string[] = [];
    const r = serverUpdate(k.store, t.type, live, e.next, warnings);
    for (const w of warnings) k.out.err(`Warning: ${w}`);
    if (isApiError(r)) {
      k.out.err(formatApiError(r));
      exit = 1;
      continue;
    }
    k.out.out(e.line);
  }
  return k.out.done(exit);
}
