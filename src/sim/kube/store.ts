/**
 * The simulated API server's object store: every object as plain Kubernetes JSON, in creation
 * order, plus a short history of Istio config changes so the data plane can lag behind the API
 * server by the propagation delay (kube/view.ts reads it).
 */
import type { K8sObject } from '../../kube/object.js';
import { isIstioConfig, typeOfKind } from './resources.js';

/** The longest propagation delay modelled; history older than this is dropped. */
export const MAX_PROPAGATION_MS = 600_000;

/** One change to an Istio config object: what it was before `at` (null: it did not exist). */
export interface ChangeRecord {
  at: number;
  kind: string;
  ns: string;
  name: string;
  prev: K8sObject | null;
}

/** Everything the state file holds (persist.ts writes it as one versioned JSON document). */
export interface ClusterData {
  /** Istio minor version installed, e.g. "1.24". */
  istio: string;
  /** When the cluster was created (ms since the epoch). */
  created: number;
  /** The propagation delay last asked for (ms); `--propagation` overrides it. */
  propagationMs: number;
  /** Monotonic counter for uids, resourceVersions and generated names. */
  counter: number;
  /** Next free addresses: pod IP offset in 10.244.0.0/16. */
  nextPodIp: number;
  objects: K8sObject[];
  history: ChangeRecord[];
  /** Set by `istioctl uninstall --purge`: Istio's CRDs are gone until an install brings them back. */
  istioCrdsRemoved?: boolean;
  /**
   * Changes to Secrets and ConfigMaps, kept like `history` so that the files the kubelet projects
   * into pods can lag behind the API server (kube/mounted.ts).
   */
  mountHistory?: ChangeRecord[];
  /** Envoy logger levels changed by `istioctl proxy-config log`, per pod uid (Envoy keeps them until it restarts). */
  proxyLogLevels?: Record<string, Record<string, string>>;
  /** What each pod's istio-proxy container logged, per pod uid, newest last (kube/proxy-logs.ts bounds it). */
  proxyLogs?: Record<string, string[]>;
}

export function keyOf(kind: string, ns: string | undefined, name: string): string {
  return `${kind}/${ns ?? ''}/${name}`;
}

export class Store {
  private readonly index = new Map<string, number>();
  /** Set when anything changed, so read-only commands do not rewrite the state file. */
  dirty = false;

  constructor(
    readonly data: ClusterData,
    /** The clock (ms); tests pin it. */
    readonly now: number,
  ) {
    this.reindex();
  }

  private reindex(): void {
    this.index.clear();
    this.data.objects.forEach((o, i) => this.index.set(keyOf(o.kind, o.metadata.namespace, o.metadata.name), i));
  }

  get(kind: string, ns: string | undefined, name: string): K8sObject | undefined {
    const i = this.index.get(keyOf(kind, ns, name));
    return i === undefined ? undefined : this.data.objects[i];
  }

  /** Objects of a kind, in one namespace or (undefined) all, in creation order. */
  list(kind: string, ns?: string): K8sObject[] {
    return this.data.objects.filter((o) => o.kind === kind && (ns === undefined || o.metadata.namespace === ns));
  }

  /** Objects of a kind sorted as the API server lists them (namespace, then name). */
  listSorted(kind: string, ns?: string): K8sObject[] {
    return this.list(kind, ns).sort(
      (a, b) => cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || cmp(a.metadata.name, b.metadata.name),
    );
  }

  next(): number {
    this.dirty = true;
    return ++this.data.counter;
  }

  /** Creates or replaces an object, stamping uid, resourceVersion and creationTimestamp as the server does. */
  put(obj: K8sObject): K8sObject {
    const key = keyOf(obj.kind, obj.metadata.namespace, obj.metadata.name);
    const i = this.index.get(key);
    const prev = i === undefined ? undefined : this.data.objects[i];
    const n = this.next();
    obj.metadata.uid ??= prev?.metadata.uid ?? uid(n, this.data.created);
    obj.metadata.creationTimestamp ??=
      prev?.metadata.creationTimestamp ?? new Date(this.now).toISOString().replace(/\.\d+Z$/, 'Z');
    obj.metadata.resourceVersion = String(1000 + n);
    this.record(obj.kind, obj.metadata.namespace, obj.metadata.name, prev);
    if (i === undefined) {
      this.index.set(key, this.data.objects.length);
      this.data.objects.push(obj);
    } else {
      this.data.objects[i] = obj;
    }
    return obj;
  }

  /** Deletes one object; returns it, or undefined when there was none. */
  remove(kind: string, ns: string | undefined, name: string): K8sObject | undefined {
    const key = keyOf(kind, ns, name);
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const [gone] = this.data.objects.splice(i, 1);
    this.record(kind, ns, name, gone);
    this.reindex();
    this.dirty = true;
    return gone;
  }

  /** Deletes many objects at once (a namespace's content) without reindexing each time. */
  removeWhere(pred: (o: K8sObject) => boolean): K8sObject[] {
    const gone: K8sObject[] = [];
    this.data.objects = this.data.objects.filter((o) => {
      if (!pred(o)) return true;
      gone.push(o);
      this.record(o.kind, o.metadata.namespace, o.metadata.name, o);
      return false;
    });
    if (gone.length > 0) {
      this.dirty = true;
      this.reindex();
    }
    return gone;
  }

  private record(kind: string, ns: string | undefined, name: string, prev: K8sObject | undefined): void {
    this.dirty = true;
    const type = typeOfKind(kind, this.data.istio);
    const mounted = kind === 'Secret' || kind === 'ConfigMap';
    if (!mounted && (!type || !isIstioConfig(type))) return;
    const cutoff = this.now - MAX_PROPAGATION_MS;
    const h = mounted ? (this.data.mountHistory ??= []) : this.data.history;
    while (h.length > 0 && (h[0]?.at ?? 0) < cutoff) h.shift();
    h.push({ at: this.now, kind, ns: ns ?? '', name, prev: prev ? structuredClone(prev) : null });
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stable, UUID-shaped id (deterministic, so test output is reproducible). */
function uid(n: number, seed: number): string {
  let h = (seed ^ (n * 2654435761)) >>> 0;
  let s = '';
  for (let i = 0; i < 32; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) + i;
    h = (h ^ (h >>> 13)) >>> 0;
    s += (h & 15).toString(16);
  }
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}
