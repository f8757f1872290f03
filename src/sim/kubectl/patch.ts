/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]` (kubectl/pkg/cmd/patch): the
 * patch is read as YAML or JSON, sent to the API server, and the object is printed as
 * `service/x patched`, or `patched (no change)` when the server's object did not change.
 * Custom resources (the Istio kinds) take no strategic merge patch: the API server answers 415.
 */
import type { K8sObject } from '../../kube/object.js';
import { serverUpdate } from '../kube/api.js';
import { formatApiError, isApiError } from '../kube/api-error.js';
import { notFound } from '../kube/api.js';
import { qualifiedSingular } from '../kube/resources.js';
import { loadYaml } from '../yaml-lib.js';
import { type Kctl, fail, isResult, parseTargets, refuse, typeOf } from './common.js';
import { flag } from './flags.js';
import { parseOutput, printMachine } from './output.js';
import { type PatchResult, goJsonSyntaxError, jsonPatch, mergePatch, strategicPatch } from './patch-apply.js';

export const PATCH_FLAGS = {
  patch: { value: true, short: 'p' },
  type: { value: true },
  output: { value: true, short: 'o' },
} as const;

const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

const UNSUPPORTED_MEDIA =
  'Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

/** yaml.ToJSON: JSON-looking text is sent as is (the server parses it), anything else is YAML. */
async function readPatch(text: string): Promise<{ value: unknown } | { unparsable: string } | { badJson: string }> {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { value: JSON.parse(t) };
    } catch {
      return { badJson: goJsonSyntaxError(t) };
    }
  }
  const { parse } = await loadYaml();
  try {
    return { value: parse(text) ?? null };
  } catch (e) {
    return { unparsable: `yaml: ${String((e as Error).message).split('\n')[0]}` };
  }
}

export async function patch(k: Kctl) {
  const text = flag(k.args, 'patch');
  const type = (flag(k.args, 'type') ?? 'strategic').toLowerCase();
  if (text === undefined || text === '')
    return fail(k.out, 'error: must specify --patch or --patch-file containing the contents of the patch');
  if (!['json', 'merge', 'strategic'].includes(type))
    return fail(k.out, `error: --type must be one of [json merge strategic], not "${flag(k.args, 'type') ?? ''}"`);
  const format = parseOutput(flag(k.args, 'output'));
  if ('unsupported' in format || (format.kind === 'table' && flag(k.args, 'output') === 'wide'))
    return refuse(`kubectl patch -o ${flag(k.args, 'output') ?? ''}`, 'use -o yaml, json or name');
  const p = await readPatch(text);
  if ('unparsable' in p) return fail(k.out, `error: unable to parse "${text}": ${p.unparsable}`);
  if (k.args.positionals.length === 0) return fail(k.out, NO_RESOURCES);
  const targets = parseTargets(k, k.args.positionals);
  if (isResult(targets)) return targets;
  let exit = 0;
  let count = 0;
  for (const t of targets) {
    if (t.name === '') return fail(k.out, 'error: resource(s) were provided, but no name was specified');
    const ns = t.type.namespaced ? k.ns : undefined;
    const live = k.store.get(t.type.kind, ns, t.name);
    if (!live) return fail(k.out, formatApiError(notFound(t.type, t.name)));
    count++;
    const custom = t.type.group.endsWith('istio.io');
    if (type === 'strategic' && custom) return fail(k.out, UNSUPPORTED_MEDIA);
    if ('badJson' in p)
      return fail(k.out, `Error from server (BadRequest): ${type === 'merge' ? 'Invalid JSON Patch' : p.badJson}`);
    const r: PatchResult =
      type === 'merge'
        ? { ok: mergePatch(live, p.value) }
        : type === 'json'
          ? jsonPatch(live, p.value)
          : strategicPatch(live, p.value);
    if ('exotic' in r) return refuse(`kubectl patch with ${r.exotic}`, 'use --type merge or --type json');
    if ('badRequest' in r) return fail(k.out, `Error from server (BadRequest): ${r.badRequest}`);
    if ('invalid' in r) return fail(k.out, `The request is invalid: ${r.invalid}`);
    const next = r.ok as K8sObject;
    const name = `${qualifiedSingular(t.type)}/${t.name}`;
    let shown: K8sObject = live;
    let operation = 'patched (no change)';
    if (JSON.stringify(next) !== JSON.stringify(live)) {
      if (!next?.metadata || next.metadata.name !== live.metadata.name || next.kind !== live.kind)
        return refuse('kubectl patch that renames or retypes the object');
      const warnings: string[] = [];
      const stored = serverUpdate(k.store, t.type, live, next, warnings);
      for (const w of warnings) k.out.err(`Warning: ${w}`);
      if (isApiError(stored)) {
        k.out.err(formatApiError(stored));
        exit = 1;
        continue;
      }
      shown = stored;
      operation = 'patched';
    }
    if (format.kind === 'table') k.out.out(`${name} ${operation}`);
    else {
      const m = await printMachine(format, [shown], true, (o) => typeOf(k, o));
      if ('error' in m) return fail(k.out, m.error);
      k.out.stdout += m.out;
    }
  }
  if (count === 0) return fail(k.out, 'error: no objects passed to patch');
  return k.out.done(exit);
}
