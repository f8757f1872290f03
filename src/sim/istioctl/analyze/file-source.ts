/**
 * The objects of one file given to `istioctl analyze`, with their positions, as pilot/pkg/config/file/store.go
 * reads them: documents split at `---` lines (file/util/kubeyaml), each starting at its first non-blank line
 * (comments included), each scalar field's line recorded under its path (BuildFieldPathMap). Objects without a
 * namespace get the analysed one (none with -A). Kinds the cluster provides at run time (Service, Namespace,
 * Node, Pod, Secret) and kinds Istio has no schema for are skipped, as istiod_analyze.go's file source does
 * (its test source, AddTestReaderKubeSource, keeps the run-time kinds: `runtimeKinds`).
 */
import type * as Yaml from 'yaml';
import type { K8sObject } from '../../../kube/object.js';
import type { Resource } from './resource.js';

/** Read from the cluster only: a file's objects of these kinds are ignored. */
export const RUNTIME_KINDS: ReadonlySet<string> = new Set(['Service', 'Namespace', 'Node', 'Pod', 'Secret']);

export interface FileOptions {
  /** The namespace given to objects without one; '' leaves them without. */
  defaultNamespace: string;
  /** Whether a kind at an apiVersion is served, and namespaced; undefined when Istio would not know it. */
  schemaOf(apiVersion: string, kind: string): { namespaced: boolean } | undefined;
  /** Keep Service, Namespace, Node, Pod and Secret objects too. Default false. */
  runtimeKinds?: boolean;
}

export type FileResult = { resources: Resource[] } | { unparsable: string };

export function readFile(yaml: typeof Yaml, path: string, text: string, o: FileOptions): FileResult {
  const resources: Resource[] = [];
  for (const chunk of chunks(text)) {
    const counter = new yaml.LineCounter();
    const doc = yaml.parseDocument(chunk.text, { lineCounter: counter, prettyErrors: false });
    if (doc.errors.length > 0) return { unparsable: `${path}: ${doc.errors[0]?.message.split('\n')[0] ?? ''}` };
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) return { unparsable: `${path}: not a Kubernetes object` };
    const obj = value as K8sObject & { items?: unknown };
    if (!obj.apiVersion || !obj.kind) return { unparsable: `${path}: a document without apiVersion and kind` };
    if (obj.kind === 'List') return { unparsable: `${path}: a kind: List document` };
    if (RUNTIME_KINDS.has(obj.kind) && !o.runtimeKinds) continue;
    const schema = o.schemaOf(obj.apiVersion, obj.kind);
    if (!schema) continue;
    obj.metadata ??= { name: '' };
    if (!schema.namespaced) delete obj.metadata.namespace;
    else if (!obj.metadata.namespace && o.defaultNamespace) obj.metadata.namespace = o.defaultNamespace;
    const fields = new Map<string, number>();
    const lineOf = (offset: number) => counter.linePos(offset).line + chunk.line - 1;
    if (yaml.isMap(doc.contents)) fieldLines(yaml, doc.contents, '', lineOf, fields);
    resources.push({ obj, file: { path, line: chunk.line, fields } });
  }
  return { resources };
}

/** The documents of a file and the line each starts at (kubeyaml.YAMLReader). */
function chunks(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = text.split('\n');
  let buf: string[] = [];
  let start = 0;
  const flush = () => {
    const body = buf.join('\n');
    if (body.trim() !== '') out.push({ text: body, line: start });
    buf = [];
    start = 0;
  };
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l)) return flush();
    if (start === 0 && l.trim() !== '') start = i + 1;
    if (start !== 0) buf.push(l);
  });
  flush();
  return out;
}

type Node = Yaml.YAMLMap | Yaml.YAMLSeq | Yaml.Scalar | Yaml.Alias | null | undefined | unknown;

/** Records "{.a.b[0].c}" → line for every scalar value, as BuildFieldPathMap does. */
function fieldLines(
  yaml: typeof Yaml,
  map: Yaml.YAMLMap,
  path: string,
  lineOf: (offset: number) => number,
  out: Map<string, number>,
) {
  for (const pair of map.items) {
    const key = yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const here = `${path}.${key}`;
    const v = pair.value as Node;
    if (yaml.isScalar(v)) out.set(`{${here}}`, lineOf(v.range?.[0] ?? 0));
    else if (yaml.isMap(v)) fieldLines(yaml, v, here, lineOf, out);
    else if (yaml.isSeq(v)) {
      v.items.forEach((item, j) => {
        if (yaml.isScalar(item)) out.set(`{${here}[${j}]}`, lineOf(item.range?.[0] ?? 0));
        else if (yaml.isMap(item)) fieldLines(yaml, item, `${here}[${j}]`, lineOf, out);
      });
    }
  }
}
