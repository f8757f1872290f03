/**
 * `kubectl annotate TYPE NAME... key=value key-` (kubectl/pkg/cmd/annotate): `--overwrite` is
 * needed to change a value already set (the same value is no change and passes), removal never
 * needs it, and every object reached prints `<resource>.<group>/<name> annotated`, changed or not.
 * Keys are checked as the API server's ValidateAnnotations does (qualified names).
 */
import type { ApiError } from '../kube/api-error.js';
import { typeOf, type Kctl, fail, isResult, parseTargets } from './common.js';
import { bool } from './flags.js';
import { editEach, expandAll, parsePairs, splitPairs } from './metadata-edit.js';

export const ANNOTATE_FLAGS = {
  overwrite: { value: false },
  all: { value: false },
} as const;

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** change-cause may always be overwritten (polymorphichelpers.ChangeCauseAnnotation). */
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** apimachinery IsQualifiedName's first complaint about an annotation key, or undefined. */
function badKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  if (prefix !== undefined && (prefix.length === 0 || !PREFIX.test(prefix) || prefix.length > 253)) {
    return `prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME_PART.test(name)) {
    return `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
  }
  return undefined;
}

export async function annotate(k: Kctl) {
  const split = splitPairs(k, k.args.positionals, 'annotation');
  if (isResult(split)) return split;
  if (split.resources.length === 0)
    return fail(k.out, 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (split.pairs.length === 0) return fail(k.out, 'error: at least one annotation update is required');
  const { set, remove } = parsePairs(split.pairs);
  const both = remove.filter((key) => key in set);
  if (both.length > 0)
    return fail(
      k.out,
      `error: can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`,
    );
  const targets = parseTargets(k, split.resources);
  if (isResult(targets)) return targets;
  const overwrite = bool(k.args, 'overwrite');
  return editEach(k, expandAll(k, targets), (live, name) => {
    const annotations = { ...(live.metadata.annotations ?? {}) };
    if (!overwrite) {
      const clash = Object.entries(set).filter(
        ([key, v]) => key !== CHANGE_CAUSE && key in annotations && annotations[key] !== v,
      );
      if (clash.length > 0) {
        return {
          error: `error: --overwrite is false but found the following declared annotation(s): ${clash.map(([key]) => `'${key}' already has a value (${annotations[key]})`).join('; ')}`,
        };
      }
    }
    const causes = Object.keys(set).flatMap((key) => {
      const why = badKey(key);
      return why ? [`metadata.annotations: Invalid value: "${key}": ${why}`] : [];
    });
    if (causes.length > 0) {
      const type = typeOf(k, live);
      const e: ApiError = {
        reason: 'Invalid',
        kind: live.kind,
        group: type?.group ?? '',
        name: live.metadata.name,
        causes,
      };
      return { apiError: e };
    }
    Object.assign(annotations, set);
    for (const key of remove) delete annotations[key];
    const next = structuredClone(live);
    if (Object.keys(annotations).length > 0) next.metadata.annotations = annotations;
    else delete next.metadata.annotations;
    return { next, line: `${name} annotated` };
  });
}
