/**
 * What the analyzers read: every object of the cluster (minus the system namespaces Istio ignores)
 * merged with the objects of the files given, the files winning, as pkg/config/analysis/local's
 * IstiodAnalyzer aggregates its sources (the file source first).
 */
import type { K8sObject } from '../../../kube/object.js';

/** Where a file-given object was read: the path as given, the document's first line, and each field's line. */
export interface FilePosition {
  path: string;
  line: number;
  /** Field path as Istio writes it ("{.spec.gateways[0]}") → line, for scalar values only. */
  fields: ReadonlyMap<string, number>;
}

export interface Resource {
  obj: K8sObject;
  /** Set for objects read from a file argument; cluster objects have no position. */
  file?: FilePosition;
}

/** The objects the analyzers see, by kind (Kubernetes kind names: `Pod`, `VirtualService`). */
export interface Snapshot {
  list(kind: string): readonly Resource[];
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
  /** meshConfig.rootNamespace (istio-system unless the mesh config says otherwise). */
  readonly rootNamespace: string;
}

/**
 * Namespaces the analysis never reads (pkg/kube/inject/initializer.go IgnoredNamespaces, applied to both
 * the cluster and the file sources in pkg/config/analysis/local/istiod_analyze.go).
 */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);

/** The namespace an object belongs to for filtering: a Namespace's own name (legacy/source/kube/origin.go). */
export function namespaceOf(o: K8sObject): string | undefined {
  return o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace;
}

function key(kind: string, ns: string | undefined, name: string): string {
  return `${kind}/${ns ?? ''}/${name}`;
}

/** Builds the snapshot: later sources override earlier ones with the same kind, namespace and name. */
export function snapshot(sources: readonly (readonly Resource[])[], rootNamespace: string): Snapshot {
  const byKey = new Map<string, Resource>();
  for (const source of sources) {
    for (const r of source) {
      const ns = namespaceOf(r.obj);
      if (ns !== undefined && IGNORED_NAMESPACES.has(ns)) continue;
      byKey.set(key(r.obj.kind, r.obj.metadata.namespace, r.obj.metadata.name), r);
    }
  }
  const byKind = new Map<string, Resource[]>();
  for (const r of byKey.values()) {
    const list = byKind.get(r.obj.kind) ?? [];
    list.push(r);
    byKind.set(r.obj.kind, list);
  }
  return {
    list: (kind) => byKind.get(kind) ?? [],
    find: (kind, ns, name) => byKey.get(key(kind, ns, name)),
    rootNamespace,
  };
}

/** `spec` as a loosely typed record, for the analyzers' field reads. */
export function specOf<T>(r: Resource): Partial<T> {
  return (r.obj.spec ?? {}) as Partial<T>;
}

/** The line of a field of a file-given resource (analyzers/util/find_errorline_utils.go ErrorLine). */
export function fieldLine(r: Resource, path: string): number | undefined {
  return r.file?.fields.get(path);
}

/** resource.FullName.String(): "namespace/name", or the name alone without a namespace. */
export function fullName(r: Resource): string {
  const { name, namespace } = r.obj.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** resource.NewShortOrFullName: "ns/name" as written, else `name` in `defaultNamespace`. */
export function shortOrFullName(defaultNamespace: string, ref: string): [namespace: string, name: string] {
  const slash = ref.indexOf('/');
  return slash < 0 ? [defaultNamespace, ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
}
