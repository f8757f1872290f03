#!/usr/bin/env node
/**
 * Reads Istio's crd-all.gen.yaml of several releases and writes the compact schema table the
 * simulated API server validates Istio objects against (src/sim/kube/istio-crd-schema.gen.ts: the table
 * as one JSON string, parsed on first use, so loading the module costs next to nothing).
 *
 *   node scripts/gen-istio-crd-schema.mjs 1.5=PATH 1.6=PATH ... 1.30=PATH 1.31.0-rc.0=PATH
 *
 * Each argument is a release (1.Y means tag 1.Y.0; a full tag such as 1.31.0-rc.0 names another)
 * and PATH is `git show <tag>:manifests/charts/base/crds/crd-all.gen.yaml` (1.24 and later:
 * manifests/charts/base/files/crd-all.gen.yaml; 1.5: manifests/base/files/crd-all.gen.yaml) of
 * istio/istio. Only `spec` is kept (status preserves unknown fields); descriptions are dropped and
 * identical schemas and identical subtrees are stored once (see `intern`), so the table stays small.
 * Each kind maps to [fromMinor, schema] steps: a release uses the step with the greatest fromMinor
 * not above its own minor.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const KINDS = [
  'PeerAuthentication',
  'RequestAuthentication',
  'AuthorizationPolicy',
  'DestinationRule',
  'Gateway',
  'VirtualService',
  'ServiceEntry',
  'Sidecar',
  'WorkloadEntry',
  'Telemetry',
];

/** One schema node in short keys (see src/sim/kube/crd-schema.ts for their meaning). */
function compact(s) {
  if (!s || typeof s !== 'object') return undefined;
  const o = {};
  if (s['x-kubernetes-int-or-string']) o.t = 'int-or-string';
  else if (s.type) o.t = s.type;
  if (s.properties) o.p = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, compact(v)]));
  if (s.additionalProperties === true) o.a = {};
  else if (s.additionalProperties && typeof s.additionalProperties === 'object') o.a = compact(s.additionalProperties);
  if (s.items) o.i = compact(s.items);
  if (s.enum) o.e = s.enum;
  if (s.required?.length) o.r = s.required;
  if (s['x-kubernetes-preserve-unknown-fields']) o.x = 1;
  if (s.nullable) o.n = 1;
  // Only the formats the API server checks; apiextensions strips the others (e.g. `string`).
  if (['int32', 'int64', 'double', 'float', 'date-time', 'byte'].includes(s.format)) o.f = s.format;
  for (const [from, to] of [
    ['maxLength', 'xl'],
    ['minLength', 'nl'],
    ['maximum', 'xv'],
    ['minimum', 'nv'],
    ['maxItems', 'xi'],
    ['minItems', 'ni'],
    ['maxProperties', 'xp'],
    ['minProperties', 'np'],
  ]) {
    if (typeof s[from] === 'number') o[to] = s[from];
  }
  if (s['x-kubernetes-validations'])
    o.c = s['x-kubernetes-validations'].map((v) => [String(v.rule).trim(), String(v.message ?? '').trim()]);
  return o;
}

function crdsOf(path) {
  const out = new Map();
  for (const d of parseAllDocuments(readFileSync(path, 'utf8'))) {
    const crd = d.toJS();
    const kind = crd?.spec?.names?.kind;
    if (!KINDS.includes(kind) || !crd.spec.group?.endsWith('istio.io')) continue;
    // apiextensions v1beta1 without preserveUnknownFields: false keeps unknown fields (no pruning).
    const prunes = crd.apiVersion === 'apiextensions.k8s.io/v1' || crd.spec.preserveUnknownFields === false;
    const schemas = (crd.spec.versions ?? [])
      .map((v) => v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema)
      .filter(Boolean);
    // The served versions of one release carry the same spec schema; the first stands for all.
    const spec = schemas[0]?.properties?.spec;
    out.set(kind, { prunes, spec: compact(spec) ?? null });
  }
  return out;
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: gen-istio-crd-schema.mjs MINOR=crd-all.gen.yaml ... (e.g. 1.24=/tmp/1.24.yaml)');
  process.exit(2);
}
const releases = args
  .map((a) => {
    const [v = '', path] = a.split('=');
    return { minor: Number(v.split('.')[1]), tag: v.split('.').length > 2 ? v : `${v}.0`, path };
  })
  .sort((a, b) => a.minor - b.minor);

/**
 * Every schema node is stored once in `nodes`, its children (p values, a, i) replaced by their
 * index there: releases change a few fields at a time, so most subtrees (selectors, targetRefs,
 * match blocks) are shared across kinds and releases.
 */
const nodes = [];
const nodeIds = new Map();
function intern(n) {
  const o = { ...n };
  if (n.p) o.p = Object.fromEntries(Object.entries(n.p).map(([k, v]) => [k, intern(v)]));
  if (n.a) o.a = intern(n.a);
  if (n.i) o.i = intern(n.i);
  const key = JSON.stringify(o);
  if (!nodeIds.has(key)) {
    nodeIds.set(key, nodes.length);
    nodes.push(o);
  }
  return nodeIds.get(key);
}

const schemas = [];
const ids = new Map();
const kinds = {};
for (const { minor, path } of releases) {
  const crds = crdsOf(path);
  for (const kind of KINDS) {
    const c = crds.get(kind);
    const entry = c ? { prunes: c.prunes, spec: c.spec ? intern(c.spec) : null } : null;
    const key = JSON.stringify(entry);
    if (!ids.has(key)) {
      ids.set(key, schemas.length);
      schemas.push(entry);
    }
    const steps = (kinds[kind] ??= []);
    const id = ids.get(key);
    if (steps.at(-1)?.[1] !== id) steps.push([minor, id]);
  }
}
const source = `istio/istio crd-all.gen.yaml at ${releases.map((r) => r.tag).join(', ')}`;
const table = { source, kinds, schemas, nodes };
const head = `// Generated by scripts/gen-istio-crd-schema.mjs from ${table.source}. Do not edit.\n`;
const text = `${head}export const ISTIO_CRD_SCHEMA_JSON = ${JSON.stringify(JSON.stringify(table))};\n`;
writeFileSync(fileURLToPath(import.meta.resolve('../src/sim/kube/istio-crd-schema.gen.ts')), text);
console.log(`${schemas.length} distinct schemas of ${Object.keys(kinds).length} kinds, ${nodes.length} distinct nodes`);
console.log(`${text.length} bytes`);
