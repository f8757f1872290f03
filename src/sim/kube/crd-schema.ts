/**
 * The structural schemas of Istio's CRDs by release, from the generated table
 * (scripts/gen-istio-crd-schema.mjs over istio/istio's crd-all.gen.yaml at 1.5.0 ... 1.30.0 and
 * 1.31.0-rc.0). The table is one JSON string, parsed on the first write of an Istio object:
 * commands that write none (get, exec, curl) never pay for it. Its nodes are stored once each and
 * point at their children by index; a schema is rebuilt from them when first asked for.
 */
import { ISTIO_CRD_SCHEMA_JSON } from './istio-crd-schema.gen.js';
import { istioMinor } from '../versions.js';

/** One schema node, in the generator's short keys. */
export interface SchemaNode {
  /** type: object | array | string | integer | number | boolean | int-or-string (x-kubernetes-int-or-string) */
  t?: string;
  /** properties */
  p?: Record<string, SchemaNode>;
  /** additionalProperties ({} for `true`) */
  a?: SchemaNode;
  /** items */
  i?: SchemaNode;
  /** enum */
  e?: unknown[];
  /** required */
  r?: string[];
  /** x-kubernetes-preserve-unknown-fields */
  x?: 1;
  /** nullable */
  n?: 1;
  /** format (only those the API server checks) */
  f?: string;
  /** maxLength, minLength, maximum, minimum, maxItems, minItems, maxProperties, minProperties */
  xl?: number;
  nl?: number;
  xv?: number;
  nv?: number;
  xi?: number;
  ni?: number;
  xp?: number;
  np?: number;
  /** x-kubernetes-validations: [rule, message] */
  c?: [string, string][];
}

export interface KindSchema {
  /** False for apiextensions v1beta1 CRDs without `preserveUnknownFields: false` (1.5): nothing is pruned. */
  prunes: boolean;
  spec: SchemaNode | null;
}

/** A stored node: a SchemaNode whose children (p values, a, i) are indexes into `nodes`. */
type StoredNode = Omit<SchemaNode, 'p' | 'a' | 'i'> & { p?: Record<string, number>; a?: number; i?: number };

interface Table {
  source: string;
  kinds: Record<string, [number, number][]>;
  schemas: ({ prunes: boolean; spec: number | null } | null)[];
  nodes: StoredNode[];
}

let table: Table | undefined;
const built = new Map<number, SchemaNode>();
const schemas = new Map<number, KindSchema | null>();

/** Node `id` with its children resolved; shared subtrees stay shared (schemas are read-only). */
function node(t: Table, id: number): SchemaNode {
  const hit = built.get(id);
  if (hit) return hit;
  const { p, a, i, ...rest } = t.nodes[id] ?? {};
  const n: SchemaNode = { ...rest };
  if (p) n.p = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, node(t, v)]));
  if (a !== undefined) n.a = node(t, a);
  if (i !== undefined) n.i = node(t, i);
  built.set(id, n);
  return n;
}

/**
 * The schema a release's CRD carries for `kind`; null when that release's CRD has none (1.4 and
 * earlier ship no crd-all.gen.yaml schemas) or undefined when the table does not know the kind.
 */
export function istioKindSchema(kind: string, istio: string): KindSchema | null | undefined {
  table ??= JSON.parse(ISTIO_CRD_SCHEMA_JSON) as Table;
  const steps = table.kinds[kind];
  if (!steps) return undefined;
  const minor = istioMinor(istio) ?? 31;
  let id: number | undefined;
  for (const [from, sid] of steps) if (from <= minor) id = sid;
  if (id === undefined) return null;
  if (!schemas.has(id)) {
    const stored = table.schemas[id];
    const spec = stored?.spec === null || stored?.spec === undefined ? null : node(table, stored.spec);
    schemas.set(id, stored ? { prunes: stored.prunes, spec } : null);
  }
  return schemas.get(id) ?? null;
}

/** True when a schema carries x-kubernetes-validations anywhere (the API server then has a CEL validator). */
export function hasCel(s: SchemaNode | undefined): boolean {
  if (!s) return false;
  if (s.c?.length) return true;
  return hasCel(s.a) || hasCel(s.i) || Object.values(s.p ?? {}).some(hasCel);
}

/** Go's %v of a float64 (strconv 'g', shortest): 65535, 4.294967295e+09, 1e-05. */
export function goFloat(n: number): string {
  if (n === 0) return '0';
  const [mant, expS] = n.toExponential().split('e');
  const exp = Number(expS);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return String(n);
}

/** How field.Error prints a bad value: %q for strings, %v for numbers and booleans. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '"null"';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goNested).join(', ')}}`;
  return `map[string]interface {}{${Object.entries(v as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, x]) => `${JSON.stringify(k)}:${goNested(x)}`)
    .join(', ')}}`;
}

function goNested(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return `${Number.isInteger(v) ? 'int64' : 'float64'}(${v})`;
  if (typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'interface {}(nil)';
  return goValue(v);
}
