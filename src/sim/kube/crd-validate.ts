/**
 * What the API server does with a custom resource against its CRD's structural schema, in the
 * order k8s 1.32 does it (apiextensions-apiserver v0.32):
 * 1. decoding with fieldValidation=Strict (kubectl 1.32's default): unknown ObjectMeta fields, then
 *    every field pruning would drop (pruning/algorithm.go: recorded, not descended into, sorted);
 * 2. the OpenAPI schema (kube-openapi validate: type, maxLength, minimum..., items, enum,
 *    properties, required) turned into field errors (apiserver/validation/validation.go);
 * 3. x-kubernetes-validations, skipped when step 2 found a "blocking" error (Unsupported,
 *    Required, Too long, Too many, wrong type), with the note customresource/strategy.go adds.
 * Several schema errors come out in Go map order on a real server; here they follow the document.
 */
import { type SchemaNode, goFloat, goValue, hasCel } from './crd-schema.js';
import { evalRule } from './crd-cel.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const OBJECT_META = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);
const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The root of a CR: spec as the CRD says, status preserving unknown fields. */
export function rootSchema(spec: SchemaNode | null): SchemaNode {
  return { t: 'object', p: { ...(spec ? { spec } : {}), status: { t: 'object', x: 1 } } };
}

/** Step 1: the "unknown field" paths kubectl's strict decoding error lists. */
export function unknownFields(obj: Obj, root: SchemaNode, prunes: boolean): string[] {
  const meta = isObj(obj.metadata)
    ? Object.keys(obj.metadata)
        .filter((k) => !OBJECT_META.has(k))
        .map((k) => `metadata.${k}`)
    : [];
  if (!prunes) return meta;
  const found: string[] = [];
  prune(obj, root, '', found, true);
  return [...meta, ...found.sort()];
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function prune(x: unknown, s: SchemaNode | undefined, path: string, out: string[], root = false): void {
  if (s?.x) return skipPrune(x, s, path, out);
  if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, s?.i, `${path}[${i}]`, out));
    return;
  }
  if (!isObj(x)) return;
  for (const [k, v] of Object.entries(x)) {
    if (root && META_FIELDS.has(k)) continue;
    const sub = s?.p?.[k] ?? s?.a;
    if (s && sub) prune(v, sub, join(path, k), out);
    else out.push(join(path, k));
  }
}

function skipPrune(x: unknown, s: SchemaNode, path: string, out: string[]): void {
  if (Array.isArray(x)) x.forEach((v, i) => skipPrune(v, s.i ?? {}, `${path}[${i}]`, out));
  else if (isObj(x))
    for (const [k, v] of Object.entries(x)) {
      const sub = s.p?.[k] ?? s.a;
      if (sub) prune(v, sub, join(path, k), out);
    }
}

export type FieldErrorType = 'Required' | 'NotSupported' | 'TooLong' | 'TooMany' | 'TypeInvalid' | 'Invalid';
export interface FieldError {
  type: FieldErrorType;
  /** `field: body`, as field.Error.Error() prints it. */
  text: string;
}

const BLOCKING: FieldErrorType[] = ['NotSupported', 'Required', 'TooLong', 'TooMany', 'TypeInvalid'];

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (isObj(v)) return 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Steps 2 and 3 for the whole object (root path ''). */
export function schemaErrors(obj: Obj, root: SchemaNode): FieldError[] {
  const errs: FieldError[] = [];
  check(obj, root, '', errs, true);
  if (!hasCel(root)) return errs;
  if (errs.some((e) => BLOCKING.includes(e.type))) {
    errs.push({
      type: 'Invalid',
      text: '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    });
  } else cel(obj, root, '', errs);
  return errs;
}

function check(v: unknown, s: SchemaNode, path: string, errs: FieldError[], root = false): void {
  const add = (type: FieldErrorType, body: string, at = path) => errs.push({ type, text: `${at}: ${body}` });
  const types = s.t === 'int-or-string' ? ['integer', 'string'] : s.t ? [s.t] : [];
  const actual = jsonType(v);
  const formatted =
    s.f && !types.includes('integer') && !types.includes('number') && (actual === 'string' || actual === 'array');
  const typeOk =
    types.length === 0 || types.includes(actual) || (actual === 'integer' && types.includes('number')) || formatted;
  if (!typeOk)
    add('TypeInvalid', `Invalid value: "${actual}": ${path} in body must be of type ${types.join(',')}: "${actual}"`);
  if (typeof v === 'string') {
    const len = [...v].length;
    if (s.xl !== undefined && len > s.xl) add('TooLong', `Too long: may not be more than ${s.xl} bytes`);
    if (s.nl !== undefined && len < s.nl)
      add('Invalid', `Invalid value: ${goValue(v)}: ${path} in body should be at least ${s.nl} chars long`);
  }
  if (typeof v === 'number') {
    if (s.xv !== undefined && v > s.xv)
      add('Invalid', `Invalid value: ${goValue(v)}: ${path} in body should be less than or equal to ${goFloat(s.xv)}`);
    if (s.nv !== undefined && v < s.nv)
      add(
        'Invalid',
        `Invalid value: ${goValue(v)}: ${path} in body should be greater than or equal to ${goFloat(s.nv)}`,
      );
  }
  if (Array.isArray(v)) {
    if (s.xi !== undefined && v.length > s.xi) add('TooMany', `Too many: ${v.length}: must have at most ${s.xi} items`);
    if (s.ni !== undefined && v.length < s.ni)
      add('Invalid', `Invalid value: ${v.length}: ${path} in body should have at least ${s.ni} items`);
    if (s.i)
      v.forEach((x, i) => {
        if (x !== null) check(x, s.i as SchemaNode, `${path}[${i}]`, errs);
      });
  }
  if (s.e && v !== null && !s.e.includes(v)) {
    add(
      'NotSupported',
      `Unsupported value: ${goValue(v)}: supported values: ${s.e.map((x) => JSON.stringify(typeof x === 'string' ? x : JSON.stringify(x))).join(', ')}`,
    );
  }
  if (isObj(v)) {
    const n = Object.keys(v).length;
    if (s.np !== undefined && n < s.np)
      add('Invalid', `Invalid value: ${n}: ${path} in body should have at least ${s.np} properties`);
    if (s.xp !== undefined && n > s.xp) add('TooMany', `Too many: ${n}: must have at most ${s.xp} items`);
    for (const [k, x] of Object.entries(v)) {
      if (root && META_FIELDS.has(k)) continue;
      const sub = s.p?.[k] ?? s.a;
      // Pruning dropped unknown fields and non-nullable nulls before validation.
      if (sub && !(x === null && !sub.n)) check(x, sub, join(path, k), errs);
    }
    for (const r of s.r ?? [])
      if (v[r] === undefined || (v[r] === null && !s.p?.[r]?.n)) add('Required', 'Required value', join(path, r));
  }
}

/** Step 3: fldPath.Child / .Index / .Key, as the CEL validator walks (apiextensions schema/cel/validation.go). */
function cel(v: unknown, s: SchemaNode, path: string, errs: FieldError[]): void {
  if (v === null || v === undefined) return;
  for (const [rule, message] of s.c ?? []) {
    if (evalRule(rule, v) === false)
      errs.push({
        type: 'Invalid',
        text: `${path || '<nil>'}: Invalid value: "${s.t === 'int-or-string' ? '' : (s.t ?? '')}": ${message || `failed rule: ${rule}`}`,
      });
  }
  if (Array.isArray(v) && s.i) v.forEach((x, i) => cel(x, s.i as SchemaNode, `${path}[${i}]`, errs));
  if (isObj(v)) {
    if (s.a) for (const [k, x] of Object.entries(v)) cel(x, s.a, `${path}[${k}]`, errs);
    if (s.p)
      for (const [k, x] of Object.entries(v)) {
        const sub = s.p[k];
        if (sub) cel(x, sub, join(path, k), errs);
      }
  }
}
