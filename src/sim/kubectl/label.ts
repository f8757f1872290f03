/** `kubectl label TYPE NAME... key=value key-` with `--overwrite` (and its refusal without it). */
import { type Kctl, fail, isResult, parseTargets } from './common.js';
import { bool } from './flags.js';
import { editEach, expandAll, parsePairs, splitPairs } from './metadata-edit.js';

export const LABEL_FLAGS = {
  overwrite: { value: false },
  all: { value: false },
} as const;

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export async function label(k: Kctl) {
  const split = splitPairs(k, k.args.positionals, 'label');
  if (isResult(split)) return split;
  if (split.pairs.length === 0) return fail(k.out, `error: at least one label update is required`);
  if (split.resources.length === 0)
    return fail(k.out, `error: one or more resources must be specified as <resource> <name> or <resource>/<name>`);
  const { set, remove } = parsePairs(split.pairs);
  for (const a of split.pairs) {
    if (!a.includes('=')) continue;
    const key = a.slice(0, a.indexOf('='));
    const value = a.slice(a.indexOf('=') + 1);
    if (!KEY.test(key) || !VALUE.test(value) || value.length > 63)
      return fail(k.out, `error: invalid label spec: ${a}`);
  }
  if (remove.some((key) => key in set))
    return fail(k.out, 'error: can not both modify and remove a label in the same command');
  const targets = parseTargets(k, split.resources);
  if (isResult(targets)) return targets;
  return editEach(k, expandAll(k, targets), (live, name) => {
    const labels = { ...(live.metadata.labels ?? {}) };
    if (!bool(k.args, 'overwrite')) {
      const clash = Object.entries(set).filter(([key, v]) => key in labels && labels[key] !== v);
      if (clash.length > 0)
        return {
          error: clash
            .map(([key]) => `error: '${key}' already has a value (${labels[key]}), and --overwrite is false`)
            .join('\n'),
        };
    }
    const before = JSON.stringify(labels);
    Object.assign(labels, set);
    for (const key of remove) delete labels[key];
    if (JSON.stringify(labels) === before) return { unchanged: `${name} not labeled` };
    const next = structuredClone(live);
    next.metadata.labels = labels;
    return { next, line: `${name} ${Object.keys(set).length === 0 ? 'unlabeled' : 'labeled'}` };
  });
}
