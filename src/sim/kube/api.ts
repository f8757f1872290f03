/**
 * The simulated API server's write operations: admission (validation, defaulting), storage and
 * the controllers that react (namespace setup, Deployment -> Pods, cascading deletion).
 * Errors are values (ApiError); kubectl decides how to print them.
 */
import type { K8sObject } from '../../kube/object.js';
import type { ApiError } from './api-error.js';
import { type ResourceType, preferredApiVersion, qualifiedPlural } from './resources.js';
import type { Store } from './store.js';
import { applyDefaults } from './defaults.js';
import { validate } from './validate.js';
import { istioWebhook } from './webhook/istio-webhook.js';
import { createPod, podsOf, reconcileDeployment, reconcileOwnerOf, startWaitingPods } from './workloads.js';

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export function notFound(type: ResourceType, name: string): ApiError {
  return { reason: 'NotFound', message: `${qualifiedPlural(type)} "${name}" not found` };
}

function namespaceMissing(store: Store, type: ResourceType, ns: string | undefined): ApiError | undefined {
  if (!type.namespaced || !ns) return undefined;
  const n = store.get('Namespace', undefined, ns);
  if (!n) return { reason: 'NotFound', message: `namespaces "${ns}" not found` };
  return undefined;
}

/**
 * istiod's validating webhook, when istiod serves it: a denial, or the warnings it returns (pushed to
 * `warnings` for kubectl to print). It runs after the schema and namespace checks, as validating admission
 * follows the registry's own validation.
 */
function admit(store: Store, obj: K8sObject, warnings: string[] | undefined): ApiError | undefined {
  if (!store.get('Deployment', 'istio-system', 'istiod')) return undefined;
  const verdict = istioWebhook(obj, store.data.istio);
  if (!verdict) return undefined;
  if ('denied' in verdict) return verdict.denied;
  warnings?.push(...verdict.warnings);
  return undefined;
}

/** Creates an object (kubectl create / the first apply); `warnings` collects the admission warnings. */
export function serverCreate(
  store: Store,
  type: ResourceType,
  input: K8sObject,
  dryRun = false,
  warnings?: string[],
): K8sObject | ApiError {
  const obj = structuredClone(input);
  if (!type.namespaced) delete obj.metadata.namespace;
  const bad = validate(type, obj, store.data.istio, 'create');
  if (bad) return bad;
  const missing = namespaceMissing(store, type, obj.metadata.namespace);
  if (missing) return missing;
  const denied = admit(store, obj, warnings);
  if (denied) return denied;
  if (store.get(obj.kind, obj.metadata.namespace, obj.metadata.name)) {
    return { reason: 'AlreadyExists', message: `${qualifiedPlural(type)} "${obj.metadata.name}" already exists` };
  }
  obj.apiVersion = preferredApiVersion(type);
  if (dryRun) return obj;
  applyDefaults(store, obj, undefined);
  if (obj.kind === 'Pod') {
    return createPod(store, obj.metadata.namespace ?? 'default', obj.metadata.name, {
      metadata: obj.metadata,
      spec: obj.spec,
    });
  }
  const stored = store.put(obj);
  afterWrite(store, stored);
  return stored;
}

/** Replaces an existing object's content (kubectl apply "configured", label, rollout restart). */
export function serverUpdate(
  store: Store,
  type: ResourceType,
  prev: K8sObject,
  input: K8sObject,
  warnings?: string[],
): K8sObject | ApiError {
  const obj = structuredClone(input);
  if (!type.namespaced) delete obj.metadata.namespace;
  // Every update kubectl sends (apply of an existing object, label, rollout restart) is a patch.
  const bad = validate(type, obj, store.data.istio, 'patch');
  if (bad) return bad;
  const denied = admit(store, obj, warnings);
  if (denied) return denied;
  obj.apiVersion = preferredApiVersion(type);
  obj.metadata.uid = prev.metadata.uid;
  obj.metadata.creationTimestamp = prev.metadata.creationTimestamp;
  if (obj.kind === 'Pod') {
    // Pod specs are immutable but for a few fields; keep the running pod, take its new metadata.
    obj.spec = prev.spec;
    obj.status = prev.status;
    if (prev.metadata.ownerReferences) obj.metadata.ownerReferences = prev.metadata.ownerReferences;
    return store.put(obj);
  }
  if (obj.kind === 'Namespace' || obj.kind === 'Deployment' || obj.kind === 'Service') obj.status = prev.status;
  applyDefaults(store, obj, prev);
  const stored = store.put(obj);
  afterWrite(store, stored);
  return stored;
}

function afterWrite(store: Store, obj: K8sObject): void {
  switch (obj.kind) {
    case 'Namespace': {
      const ns = obj.metadata.name;
      if (!store.get('ServiceAccount', ns, 'default'))
        store.put({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
      if (!store.get('ConfigMap', ns, 'kube-root-ca.crt')) {
        store.put({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'kube-root-ca.crt',
            namespace: ns,
            annotations: {
              'kubernetes.io/description':
                'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
            },
          },
          data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n' },
        });
      }
      if (store.get('Namespace', undefined, 'istio-system') && !store.get('ConfigMap', ns, 'istio-ca-root-cert')) {
        store.put({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'istio-ca-root-cert', namespace: ns, labels: { 'istio.io/config': 'true' } },
          data: { 'root-cert.pem': '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n' },
        });
      }
      return;
    }
    case 'Deployment':
      reconcileDeployment(store, obj);
      return;
    case 'Secret':
    case 'ConfigMap':
      startWaitingPods(store, obj.metadata.namespace);
      return;
    default:
      return;
  }
}

/** Deletes an object and what depends on it (a namespace's content, a Deployment's pods). */
export function serverDelete(
  store: Store,
  type: ResourceType,
  ns: string | undefined,
  name: string,
): K8sObject | ApiError {
  const namespace = type.namespaced ? ns : undefined;
  const obj = store.get(type.kind, namespace, name);
  if (!obj) return notFound(type, name);
  if (type.kind === 'Namespace' && PROTECTED_NAMESPACES.has(name)) {
    return { reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted` };
  }
  if (type.kind === 'Deployment') for (const p of podsOf(store, obj)) store.remove('Pod', namespace, p.metadata.name);
  store.remove(type.kind, namespace, name);
  if (type.kind === 'Namespace') store.removeWhere((o) => o.metadata.namespace === name);
  if (type.kind === 'Pod') reconcileOwnerOf(store, obj);
  return obj;
}
