/** `kubectl delete` by name, TYPE/NAME, -f, -l or --all; prints `KIND.GROUP "name" deleted` (kubectl 1.32). */
import { serverDelete } from '../kube/api.js';
import { formatApiError, isApiError } from '../kube/api-error.js';
import { qualifiedSingular } from '../kube/resources.js';
import { matches, parseSelector } from '../kube/selectors.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, isResult, parseTargets, refuse } from './common.js';
import { missingTypeInfo, readManifests } from './manifests.js';
import { mappingError, namespaceFor, typeForManifest } from './apply.js';

export const DELETE_FLAGS = {
  filename: { value: true, short: 'f' },
  recursive: { value: false, short: 'R' },
  selector: { value: true, short: 'l' },
  all: { value: false },
  'all-namespaces': { value: false, short: 'A' },
  'ignore-not-found': { value: false },
  wait: { value: false },
  'grace-period': { value: true },
  force: { value: false },
  now: { value: false },
  timeout: { value: true },
  cascade: { value: true },
} as const;

const NO_ARGS = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export async function del(k: Kctl) {
  const ignore = bool(k.args, 'ignore-not-found');
  // delete.go Complete/Validate: --force without a grace period (or with 0) deletes immediately.
  const grace = flag(k.args, 'grace-period');
  const force = bool(k.args, 'force');
  if (bool(k.args, 'now') && grace !== undefined)
    return fail(k.out, 'error: --now and --grace-period cannot be specified together');
  if (force && grace !== undefined && Number(grace) > 0)
    return fail(k.out, 'error: --force and --grace-period greater than 0 cannot be specified together');
  const immediate = force && (grace === undefined || Number(grace) <= 0);
  if (immediate) {
    k.out.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
    );
  }
  const deleted = immediate ? 'force deleted' : 'deleted';
  // With -n given, the first cluster-scoped object deleted draws a warning (WarnClusterScope).
  let warnScope = k.nsGiven && !bool(k.args, 'all-namespaces');
  const scopeWarning = (namespaced: boolean) => {
    if (warnScope && !namespaced) {
      k.out.err('Warning: deleting cluster-scoped resources, not scoped to the provided namespace');
      warnScope = false;
    }
  };
  let exit = 0;
  const files = k.args.flags.get('filename') ?? [];
  if (files.length > 0) {
    const read = await readManifests(files, k, bool(k.args, 'recursive'));
    if ('notSimulated' in read) return refuse(read.notSimulated);
    if ('error' in read) return fail(k.out, read.error);
    for (const m of read.manifests) {
      const bad = missingTypeInfo(m);
      if (bad) return fail(k.out, bad);
      const type = typeForManifest(k, m);
      if ('refuse' in type) return refuse(`kubectl delete of ${type.refuse}`);
      if ('mapping' in type) {
        k.out.err(`error: ${mappingError(m)}`);
        exit = 1;
        continue;
      }
      const ns = namespaceFor(k, type, m);
      if (typeof ns === 'object') return fail(k.out, ns.error);
      scopeWarning(type.namespaced);
      const r = serverDelete(k.store, type, ns, m.obj.metadata?.name ?? '');
      if (isApiError(r)) {
        if (!(ignore && r.reason === 'NotFound')) {
          k.out.err(formatApiError(r, `error when deleting "${m.source}"`));
          exit = 1;
        }
      } else k.out.out(`${qualifiedSingular(type)} "${r.metadata.name}" ${deleted}`);
    }
    return k.out.done(exit);
  }
  if (k.args.positionals.length === 0) return fail(k.out, NO_ARGS);
  const targets = parseTargets(k, k.args.positionals);
  if (isResult(targets)) return targets;
  const sel = flag(k.args, 'selector');
  const listAll = bool(k.args, 'all') || sel !== undefined;
  // With --all or -l, NotFound is ignored unless --ignore-not-found=false was given.
  const ignoreNf = ignore || (listAll && flag(k.args, 'ignore-not-found') === undefined);
  const reqs = sel === undefined ? [] : parseSelector(sel);
  if (!Array.isArray(reqs)) return fail(k.out, `error: ${reqs.error}`);
  let found = 0;
  for (const t of targets) {
    const ns = t.type.namespaced ? k.ns : undefined;
    if (t.name === '') {
      if (!listAll) return fail(k.out, `error: resource(s) were provided, but no name was specified`);
      for (const o of k.store
        .listSorted(t.type.kind, bool(k.args, 'all-namespaces') ? undefined : ns)
        .filter((o) => matches(reqs, o.metadata.labels))) {
        found++;
        scopeWarning(t.type.namespaced);
        const r = serverDelete(k.store, t.type, o.metadata.namespace, o.metadata.name);
        if (!isApiError(r)) k.out.out(`${qualifiedSingular(t.type)} "${o.metadata.name}" ${deleted}`);
      }
      continue;
    }
    // A named object is visited (counted) before the DELETE that may find it gone.
    found++;
    scopeWarning(t.type.namespaced);
    const r = serverDelete(k.store, t.type, ns, t.name);
    if (isApiError(r)) {
      if (!(ignoreNf && r.reason === 'NotFound')) {
        k.out.err(formatApiError(r));
        exit = 1;
      }
    } else k.out.out(`${qualifiedSingular(t.type)} "${t.name}" ${deleted}`);
  }
  // kubectl's DeleteResult: no object visited at all (-l/--all matched nothing) prints this on stdout.
  if (found === 0) k.out.out('No resources found');
  return k.out.done(exit);
}
