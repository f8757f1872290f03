/** `kubectl get`: tables, -o wide|yaml|json|name|jsonpath, -l, -n, -A, --show-labels, --raw. */
import type { K8sObject } from '../../kube/object.js';
import type { ResourceType } from '../kube/resources.js';
import { matches, parseSelector } from '../kube/selectors.js';
import { KUBERNETES_VERSION, kubernetesMinor } from '../kube/kubernetes-version.js';
import { bool, flag } from './flags.js';
import { type Kctl, fail, isResult, parseTargets, refuse, typeOf } from './common.js';
import { parseOutput, printMachine } from './output.js';
import { layout, tableRows } from './table.js';
import { getCrds, isCrdGet } from './get-crd.js';

export const GET_FLAGS = {
  output: { value: true, short: 'o' },
  selector: { value: true, short: 'l' },
  'all-namespaces': { value: false, short: 'A' },
  'show-labels': { value: false },
  'no-headers': { value: false },
  'ignore-not-found': { value: false },
  raw: { value: true },
  'show-kind': { value: false },
} as const;

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

export async function get(k: Kctl) {
  const raw = flag(k.args, 'raw');
  if (raw !== undefined) {
    if (['/readyz', '/livez', '/healthz'].includes(raw)) return k.out.out('ok').done(0);
    if (raw === '/version') {
      const info = { major: '1', minor: kubernetesMinor(), gitVersion: KUBERNETES_VERSION, platform: 'linux/amd64' };
      return k.out.out(JSON.stringify(info, null, 2)).done(0);
    }
    return refuse(`kubectl get --raw ${raw}`);
  }
  const format = parseOutput(flag(k.args, 'output'));
  if ('unsupported' in format)
    return refuse(`kubectl get -o ${format.unsupported}`, 'use -o yaml, json, name, wide or jsonpath=...');
  if (k.args.positionals.length === 0) return fail(k.out, NO_TYPE);
  if (k.args.positionals[0] === 'all')
    return refuse('kubectl get all', 'name the kinds, e.g. kubectl get deploy,pods,svc');
  if (isCrdGet(k.args.positionals)) return getCrds(k);
  const targets = parseTargets(k, k.args.positionals);
  if (isResult(targets)) return targets;
  const allNs = bool(k.args, 'all-namespaces');
  const sel = flag(k.args, 'selector');
  const reqs = sel === undefined ? [] : parseSelector(sel);
  if (!Array.isArray(reqs)) return fail(k.out, `error: ${reqs.error}`);
  const ignoreNotFound = bool(k.args, 'ignore-not-found');

  const groups: { type: ResourceType; objs: K8sObject[] }[] = [];
  const named = targets.some((t) => t.name !== '');
  let exit = 0;
  for (const t of targets) {
    const ns = t.type.namespaced ? (allNs && t.name === '' ? undefined : k.ns) : undefined;
    let objs: K8sObject[];
    if (t.name === '') objs = k.store.listSorted(t.type.kind, ns).filter((o) => matches(reqs, o.metadata.labels));
    else {
      const o = k.store.get(t.type.kind, ns, t.name);
      if (!o) {
        if (!ignoreNotFound) {
          k.out.err(
            `Error from server (NotFound): ${t.type.group ? `${t.type.plural}.${t.type.group}` : t.type.plural} "${t.name}" not found`,
          );
          exit = 1;
        }
        continue;
      }
      objs = [o];
    }
    const g = groups.find((x) => x.type === t.type);
    if (g) g.objs.push(...objs);
    else groups.push({ type: t.type, objs });
  }
  const all = groups.flatMap((g) => g.objs);

  if (format.kind !== 'table') {
    const single = targets.length === 1 && named;
    if (all.length === 0 && named) return k.out.done(exit);
    const r = await printMachine(format, all, single, (o) => typeOf(k, o));
    if ('error' in r) return fail(k.out, r.error);
    k.out.stdout += r.out;
    return k.out.done(exit);
  }
  if (all.length === 0) {
    if (!named) {
      const namespaced = groups.some((g) => g.type.namespaced) || targets.some((t) => t.type.namespaced);
      k.out.err(allNs || !namespaced ? 'No resources found' : `No resources found in ${k.ns} namespace.`);
    }
    return k.out.done(exit);
  }
  const withKind = groups.length > 1 || bool(k.args, 'show-kind');
  const tables = groups
    .filter((g) => g.objs.length > 0)
    .map((g) =>
      layout(
        tableRows(g.type, g.objs, k.store.now, {
          wide: format.wide,
          withNamespace: allNs && g.type.namespaced,
          withKind,
          showLabels: bool(k.args, 'show-labels'),
          noHeaders: bool(k.args, 'no-headers'),
        }),
      ),
    );
  k.out.out(tables.join('\n\n'));
  return k.out.done(exit);
}
