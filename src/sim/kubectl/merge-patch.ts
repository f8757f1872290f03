/**
 * What kubectl apply prints about a patch that failed: its three-way JSON merge patch
 * (k8s.io/apimachinery jsonmergepatch.CreateThreeWayJSONMergePatch: additions and changes from
 * the live object to the new manifest, deletions from the last-applied manifest to the new one)
 * serialized as Go's json.Marshal does, and the object as resource.Info.String() names it.
 */
import type { ResourceType } from '../kube/resources.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** jsonpatch.CreateMergePatch(a, b): what turns a into b (null deletes). */
function mergePatch(a: unknown, b: unknown): unknown {
  if (!isObj(a) || !isObj(b)) return b;
  const out: Obj = {};
  for (const [k, v] of Object.entries(b)) {
    if (!(k in a)) out[k] = v;
    else if (isObj(a[k]) && isObj(v)) {
      const sub = mergePatch(a[k], v) as Obj;
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (JSON.stringify(a[k]) !== JSON.stringify(v)) out[k] = v;
  }
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  return out;
}

/** keepOrDeleteNullInJsonPatch: keep only the nulls (deletions) or only the rest. */
function filterNulls(p: unknown, keepNull: boolean): Obj {
  const out: Obj = {};
  if (!isObj(p)) return out;
  for (const [k, v] of Object.entries(p)) {
    if (v === null) {
      if (keepNull) out[k] = null;
    } else if (isObj(v)) {
      const sub = filterNulls(v, keepNull);
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (!keepNull) out[k] = v;
  }
  return out;
}

function merge(into: Obj, from: Obj): Obj {
  const out: Obj = { ...into };
  for (const [k, v] of Object.entries(from)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Obj, v) : v;
  return out;
}

export function threeWayMergePatch(original: unknown, modified: unknown, current: unknown): Obj {
  return merge(filterNulls(mergePatch(original, modified), true), filterNulls(mergePatch(current, modified), false));
}

/** Go's json.Marshal: keys sorted, no spaces, <, > and & escaped. */
export function goJson(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sort)
      : isObj(x)
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sort(x[k])]),
          )
        : x;
  return JSON.stringify(sort(v)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** resource.Info.String(): the mapping (GroupVersionResource and Kind, "/v1" for the core group) and the name. */
export function infoString(type: ResourceType, apiVersion: string, name: string, ns: string | undefined): string {
  const version = apiVersion.split('/').pop() ?? 'v1';
  const gv = `${type.group}/${version}`;
  return `Resource: "${gv}, Resource=${type.plural}", GroupVersionKind: "${gv}, Kind=${type.kind}"\nName: "${name}", Namespace: "${ns ?? ''}"`;
}
