/**
 * `-o yaml|json|name|jsonpath=...` for kubectl get/create/apply. kubectl prints unstructured
 * objects, so keys are sorted at every level in JSON (4-space indent) and YAML alike; several
 * objects (or a listing) are wrapped in a `List`.
 */
import type { K8sObject } from '../../kube/object.js';
import { loadYaml } from '../yaml-lib.js';
import { JsonPathError, evaluateJsonPath, goSyntax } from '../kube/jsonpath.js';
import { type ResourceType, qualifiedSingular } from '../kube/resources.js';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string };

/** Parses `-o` values; undefined when kubectl supports the format but the simulator does not. */
export function parseOutput(o: string | undefined): OutputFormat | { unsupported: string } {
  if (o === undefined || o === '') return { kind: 'table', wide: false };
  if (o === 'wide') return { kind: 'table', wide: true };
  if (o === 'yaml' || o === 'json' || o === 'name') return { kind: o };
  const m = /^jsonpath(?:-as-json)?=(.*)$/s.exec(o);
  if (m && !o.startsWith('jsonpath-as-json')) return { kind: 'jsonpath', template: m[1] ?? '' };
  return { unsupported: o };
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function asList(items: readonly K8sObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export async function toYaml(v: unknown): Promise<string> {
  const { stringify } = await loadYaml();
  return stringify(sortKeys(v), { indentSeq: false, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

export function toJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 4)}\n`;
}

export function nameOf(type: ResourceType | undefined, o: K8sObject): string {
  const kind = type ? qualifiedSingular(type) : o.kind.toLowerCase();
  return `${kind}/${o.metadata.name}`;
}

/**
 * Prints objects in a machine format. `single` is kubectl's "single item implied" (one object
 * named): it is printed bare instead of in a List. Returns stdout text or an error line.
 */
export async function printMachine(
  format: Exclude<OutputFormat, { kind: 'table' }>,
  objs: readonly K8sObject[],
  single: boolean,
  typeOf: (o: K8sObject) => ResourceType | undefined,
): Promise<{ out: string } | { error: string }> {
  const data = single && objs.length === 1 ? objs[0] : asList(objs);
  switch (format.kind) {
    case 'yaml':
      return { out: await toYaml(data) };
    case 'json':
      return { out: toJson(data) };
    case 'name':
      return { out: objs.map((o) => `${nameOf(typeOf(o), o)}\n`).join('') };
    case 'jsonpath':
      try {
        return { out: evaluateJsonPath(format.template, JSON.parse(JSON.stringify(data))) };
      } catch (err) {
        if (!(err instanceof JsonPathError)) throw err;
        if (/unclosed|not in range|unrecognized|invalid/.test(err.message))
          return { error: `error: error parsing jsonpath ${format.template}, ${err.message}` };
        return {
          error: `error: error executing jsonpath ${JSON.stringify(format.template)}: Error executing template: ${err.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${format.template}\n\tobject given to jsonpath engine was:\n\t\t${goSyntax(JSON.parse(JSON.stringify(data)))}\n\n`,
        };
      }
  }
}
