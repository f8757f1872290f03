/**
 * `kubectl apply -f FILE|DIR|-` (client-side apply): each document is created, configured or
 * unchanged; the last-applied-configuration annotation drives a 3-way merge (maps merged, lists
 * replaced), so fields set by others (labels, rollout restarts) survive a re-apply. Documents whose
 * kind is not served fail as kubectl's resource mapper does; the others are still applied.
 */
import type { K8sObject } from '../../kube/object.js';
import { serverCreate, serverUpdate } from '../kube/api.js';
import { type KubectlError, formatKubectlErrors, isApiError } from '../kube/api-error.js';
import { type ResourceType, qualifiedSingular, resolveKind, servedResources } from '../kube/resources.js';
import { servedType } from '../kube/istio-crds.js';
import { bool, flag } from './flags.js';
import { matches, parseSelector } from '../kube/selectors.js';
import { type Kctl, fail, refuse } from './common.js';
import { type Manifest, missingTypeInfo, readManifests } from './manifests.js';
import { sortKeys } from './output.js';
import { goJson, infoString, threeWayMergePatch } from './merge-patch.js';

export const APPLY_FLAGS = {
  filename: { value: true, short: 'f' },
  recursive: { value: false, short: 'R' },
  validate: { value: true },
  wait: { value: false },
  timeout: { value: true },
  'server-side': { value: false },
  'dry-run': { value: true },
  output: { value: true, short: 'o' },
  'field-manager': { value: true },
  selector: { value: true, short: 'l' },
} as const;

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** 3-way merge: start from the live object, set what the new manifest sets, drop what it no longer sets. */
export function threeWay(live: unknown, last: unknown, next: unknown): unknown {
  if (!isMap(live) || !isMap(next)) return structuredClone(next);
  const out: Obj = { ...live };
  const lastMap = isMap(last) ? last : {};
  for (const [k, v] of Object.entries(next))
    out[k] = isMap(v) && isMap(live[k]) ? threeWay(live[k], lastMap[k], v) : structuredClone(v);
  for (const k of Object.keys(lastMap)) if (!(k in next)) delete out[k];
  return out;
}

/** What kubectl prints for a document whose kind no CRD serves. */
export function mappingError(m: Manifest): string {
  return `resource mapping not found for name: "${m.obj.metadata?.name ?? ''}" namespace: "${m.obj.metadata?.namespace ?? ''}" from "${m.source}": no matches for kind "${m.obj.kind}" in version "${m.obj.apiVersion}"\nensure CRDs are installed first`;
}

/** The namespace a document goes to, or kubectl's mismatch error. */
export function namespaceFor(k: Kctl, type: ResourceType, m: Manifest): string | undefined | { error: string } {
  if (!type.namespaced) return undefined;
  const own = m.obj.metadata?.namespace;
  if (own && k.nsGiven && own !== k.ns) {
    return {
      error: `error: the namespace from the provided object "${own}" does not match the namespace "${k.ns}". You must pass '--namespace=${own}' to perform this operation.`,
    };
  }
  return own || k.ns;
}

/** Resolves a manifest's type, or says why not (kubectl's mapper error, or a refusal). */
export function typeForManifest(k: Kctl, m: Manifest): ResourceType | { mapping: string } | { refuse: string } {
  const type = servedType(k.store.data, resolveKind(m.obj.apiVersion, m.obj.kind, k.store.data.istio));
  if (type?.notSimulated) return { refuse: `${m.obj.apiVersion} ${m.obj.kind}` };
  if (type) return type;
  const known = servedResources(k.store.data.istio).find(
    (r) => r.kind === m.obj.kind && m.obj.apiVersion.startsWith(r.group ? `${r.group}/` : 'v'),
  );
  if (known?.notSimulated) return { refuse: `${m.obj.apiVersion} ${m.obj.kind}` };
  return { mapping: mappingError(m) };
}

export async function apply(k: Kctl) {
  if (bool(k.args, 'server-side')) return refuse('kubectl apply --server-side');
  const dry = flag(k.args, 'dry-run');
  if (dry !== undefined && dry !== 'none') return refuse(`kubectl apply --dry-run=${dry}`);
  if (flag(k.args, 'output') !== undefined) return refuse('kubectl apply -o');
  const files = k.args.flags.get('filename') ?? [];
  if (files.length === 0)
    return fail(
      k.out,
      `error: must specify one of -f and -k\n\nerror: Unexpected args: ${JSON.stringify(k.args.positionals).replace(/,/g, ' ')}\nSee 'kubectl apply -h' for help and examples`,
    );
  const read = await readManifests(files, k, bool(k.args, 'recursive'));
  if ('notSimulated' in read) return refuse(read.notSimulated, 'download the file and apply it from disk');
  if ('error' in read) return fail(k.out, read.error);
  const picked = selectByLabels(read.manifests, flag(k.args, 'selector'));
  if ('error' in picked) return fail(k.out, picked.error);
  if (picked.manifests.length === 0) return fail(k.out, 'error: no objects passed to apply');
  for (const m of picked.manifests) {
    const bad = missingTypeInfo(m);
    if (bad) return fail(k.out, bad);
  }
  // Client-side errors are text; the server's are kept as values, since kubectl prints a lone Invalid
  // error from its details and one of several from its message (api-error.ts).
  const errors: KubectlError[] = [];
  for (const m of picked.manifests) {
    const type = typeForManifest(k, m);
    if ('refuse' in type) return refuse(`kubectl apply of ${type.refuse}`);
    if ('mapping' in type) {
      errors.push(type.mapping);
      continue;
    }
    const ns = namespaceFor(k, type, m);
    if (typeof ns === 'object') return fail(k.out, ns.error);
    const name = m.obj.metadata?.name;
    if (!name) {
      // cmdutil.AddSourceToErr("retrieving current configuration of:\n<info>\nfrom server for:", ...) around client-go's own error.
      errors.push(
        `error when retrieving current configuration of:\n${infoString(type, m.obj.apiVersion, '', ns)}\nfrom server for: "${m.source}": resource name may not be empty`,
      );
      continue;
    }
    const manifest = structuredClone(m.obj);
    manifest.metadata = { ...manifest.metadata };
    if (ns) manifest.metadata.namespace = ns;
    const lastApplied = `${JSON.stringify(sortKeys(withoutLastApplied(manifest)))}\n`;
    manifest.metadata.annotations = { ...(manifest.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied };
    const live = k.store.get(type.kind, ns, name);
    const label = `${qualifiedSingular(type)}/${name}`;
    // Admission warnings reach stderr as kubectl's warning handler prints them, before the result line.
    const warnings: string[] = [];
    const warn = () => {
      for (const w of warnings.splice(0)) k.out.err(`Warning: ${w}`);
    };
    if (!live) {
      const r = serverCreate(k.store, type, manifest, false, warnings);
      warn();
      if (isApiError(r)) errors.push({ api: r, wrap: `error when creating "${m.source}"` });
      else k.out.out(`${label} created`);
      continue;
    }
    const prevApplied = live.metadata.annotations?.[LAST_APPLIED];
    if (prevApplied === undefined) {
      // apply.go warningNoLastAppliedConfigAnnotation (info.ObjectName() is resource/name).
      k.out.err(
        `Warning: resource ${type.plural}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
      );
    }
    if (prevApplied === lastApplied && sameMeta(live, manifest)) {
      k.out.out(`${label} unchanged`);
      continue;
    }
    const last = prevApplied ? safeParse(prevApplied) : {};
    const merged = threeWay(live, last, manifest) as K8sObject;
    const r = serverUpdate(k.store, type, live, merged, warnings);
    warn();
    if (isApiError(r)) {
      // The patcher wraps the server's error ("patching"), then applyOneObject wraps it with the patch it sent.
      const patch = goJson(threeWayMergePatch(last, manifest, live));
      errors.push({
        api: r,
        wrap: `error when applying patch:\n${patch}\nto:\n${infoString(type, m.obj.apiVersion, name, ns)}\nfor: "${m.source}": error when patching "${m.source}"`,
      });
    } else k.out.out(`${label} configured`);
  }
  for (const line of formatKubectlErrors(errors)) k.out.err(line);
  return k.out.done(errors.length > 0 ? 1 : 0);
}

/** `-l`: kubectl's resource builder keeps only the file's objects whose labels match the selector. */
function selectByLabels(
  manifests: Manifest[],
  selector: string | undefined,
): { manifests: Manifest[] } | { error: string } {
  if (selector === undefined) return { manifests };
  const reqs = parseSelector(selector);
  if ('error' in reqs) return { error: `error: ${reqs.error}` };
  return { manifests: manifests.filter((m) => matches(reqs, m.obj.metadata?.labels)) };
}

/** The object as util.GetModifiedConfiguration serializes it: annotations set (possibly empty), minus last-applied. */
function withoutLastApplied(o: K8sObject): K8sObject {
  const c = structuredClone(o);
  // Unstructured SetAnnotations with an empty map keeps `"annotations":{}` in the JSON, as real annotations show.
  c.metadata.annotations = { ...(c.metadata.annotations ?? {}) };
  delete c.metadata.annotations[LAST_APPLIED];
  return c;
}

function sameMeta(live: K8sObject, m: K8sObject): boolean {
  const eq = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) =>
    Object.entries(b ?? {}).every(([k, v]) => a?.[k] === v);
  return eq(live.metadata.labels, m.metadata.labels) && eq(live.metadata.annotations, m.metadata.annotations);
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return {};
  }
}
