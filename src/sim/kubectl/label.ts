/** `kubectl label TYPE NAME... key=value key-` with `--overwrite` (and its refusal without it). */
import { serverUpdate } from '../kube/api.js';
import { formatApiError, isApiError } from '../kube/api-error.js';
import { qualifiedSingular } from '../kube/resources.js';
import { bool } from './flags.js';
import { type Kctl, fail, isResult, parseTargets } from './common.js';
import { notFound } from '../kube/api.js';

export const LABEL_FLAGS = {
  overwrite: { value: false },
  all: { value: false },
} as const;

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export async function label(k: Kctl) {
  const words = k.args.positionals;
  const labelArgs = words.filter((w) => w.includes('=') || (w.endsWith('-') && !w.includes('/')));
  const resources = words.filter((w) => !labelArgs.includes(w));
  if (labelArgs.length === 0) return fail(k.out, `error: at least one label update is required\nSee 'kubectl label -h' for help and examples`);
  if (resources.length === 0) return fail(k.out, `error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl label -h' for help and examples`);
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const a of labelArgs) {
    if (a.endsWith('-') && !a.includes('=')) {
      remove.push(a.slice(0, -1));
      continue;
    }
    const [key = '', value = ''] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    if (!KEY.test(key) || !VALUE.test(value) || value.length > 63) return fail(k.out, `error: invalid label spec: ${a}`);
    set[key] = value;
  }
  const targets = parseTargets(k, resources);
  if (isResult(targets)) return targets;
  let exit = 0;
  const expanded = targets.flatMap((t) =>
    t.name === '' && bool(k.args, 'all') ? k.store.listSorted(t.type.kind, t.type.namespaced ? k.ns : undefined).map((o) => ({ type: t.type, name: o.metadata.name })) : [t],
  );
  for (const t of expanded) {
    if (t.name === '') return fail(k.out, `error: resource(s) were provided, but no name was specified`);
    const ns = t.type.namespaced ? k.ns : undefined;
    const live = k.store.get(t.type.kind, ns, t.name);
    if (!live) {
      k.out.err(formatApiError(notFound(t.type, t.name)));
      exit = 1;
      continue;
    }
    const labels = { ...(live.metadata.labels ?? {}) };
    if (!bool(k.args, 'overwrite')) {
      const clash = Object.entries(set).filter(([key, v]) => key in labels && labels[key] !== v);
      if (clash.length > 0) return fail(k.out, clash.map(([key]) => `error: '${key}' already has a value (${labels[key]}), and --overwrite is false`).join('\n'));
    }
    const before = JSON.stringify(labels);
    Object.assign(labels, set);
    for (const key of remove) delete labels[key];
    const name = `${qualifiedSingular(t.type)}/${t.name}`;
    if (JSON.stringify(labels) === before) {
      k.out.out(`${name} not labeled`);
      continue;
    }
    const next = structuredClone(live);
    next.metadata.labels = labels;
    const r = serverUpdate(k.store, t.type, live, next);
    if (isApiError(r)) {
      k.out.err(formatApiError(r));
      exit = 1;
      continue;
    }
    k.out.out(`${name} ${Object.keys(set).length === 0 ? 'unlabeled' : 'labeled'}`);
  }
  return k.out.done(exit);
}
