/**
 * Checks that YAML text is a list of Kubernetes objects (apiVersion, kind, metadata.name),
 * for manifest files and inline manifests alike. `{{VAR}}` is masked first with a same-length
 * placeholder, so a templated manifest parses and positions stay exact.
 */
import { isMap, type Node } from 'yaml';
import type { Problem } from './problem.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

const VAR_REF = /\{\{[A-Z][A-Z0-9_]*\}\}/g;

export function checkManifestText(text: string, file: string): Problem[] {
  const masked = text.replace(VAR_REF, (m) => 'x'.repeat(m.length));
  const { source, values, problems } = parseYaml(masked, file, { multi: true });
  if (problems.length > 0 || values.length === 0) return problems;
  let objects = 0;
  values.forEach((value, i) => {
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
    objects++;
    problems.push(...checkObject(source, i, value));
  });
  if (objects === 0)
    problems.push(
      source.problemAt(0, 'manifest-not-k8s', 'the manifest is empty; it needs at least one Kubernetes object'),
    );
  return problems;
}

function checkObject(src: YamlSource, doc: number, value: unknown): Problem[] {
  const root = src.docs[doc]?.contents as Node | null | undefined;
  const at = (node: Node | null | undefined, message: string) =>
    src.problemAt(src.offsetOf(node ?? root), 'manifest-not-k8s', message);
  if (!isMap(root) || typeof value !== 'object' || Array.isArray(value) || value === null) {
    return [at(root, 'not a Kubernetes object: expected a map with apiVersion, kind and metadata.name')];
  }
  const obj = value as Record<string, unknown>;
  const out: Problem[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    if (!(field in obj)) out.push(at(root, `not a Kubernetes object: missing \`${field}\``));
    else if (typeof obj[field] !== 'string' || obj[field] === '')
      out.push(at(src.nodeAt([field], doc).node, `\`${field}\` must be a non-empty string`));
  }
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (kind.endsWith('List') && Array.isArray(obj.items)) return out; // a v1 List carries its objects in items
  const meta = obj.metadata;
  if (meta === undefined) {
    out.push(at(root, 'not a Kubernetes object: missing `metadata.name`'));
  } else if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    out.push(at(src.nodeAt(['metadata'], doc).node, '`metadata` must be a map with a `name`'));
  } else {
    const m = meta as Record<string, unknown>;
    const named =
      (typeof m.name === 'string' && m.name !== '') || (typeof m.generateName === 'string' && m.generateName !== '');
    if (!named)
      out.push(
        at(
          src.nodeAt(['metadata', ...('name' in m ? ['name'] : [])], doc).node,
          '`metadata.name` must be a non-empty string',
        ),
      );
  }
  return out;
}
