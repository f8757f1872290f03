/**
 * The controllers that matter for the lessons: a Deployment keeps `replicas` pods of its current
 * template (pod-template-hash), replacing them when the template changes (apply, rollout restart)
 * or when a pod is deleted. Pods are scheduled on `minikube`, get an IP and are Ready at once,
 * unless a Secret or ConfigMap volume cannot be mounted: then the kubelet creates no sandbox and the
 * containers wait in ContainerCreating until the object exists (startWaitingPods).
 * Injection happens here, at pod creation only (kube/injection.ts).
 */
import type { K8sObject } from '../../kube/object.js';
import type { Store } from './store.js';
import { inject, shouldInject } from './injection.js';
import { isSidecarContainer } from './native-sidecars.js';
import { nextPodIp, podTemplateHash, randomSuffix } from './names.js';
import { mountFailure } from './pod-volumes.js';

export const NODE_NAME = 'minikube';
export const NODE_IP = '192.168.49.2';

type Template = {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
};
type Spec = { replicas?: number; template?: Template; selector?: unknown };

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The injection webhook is served by istiod (istio-sidecar-injector before 1.5); uninstalled, pods start bare. */
function injectorRuns(store: Store): boolean {
  const has = (name: string) => store.get('Deployment', 'istio-system', name) !== undefined;
  return has('istiod') || has('istio-sidecar-injector');
}

/** Creates a pod from a template (`owner` set for pods a ReplicaSet owns), injecting a sidecar if due. */
export function createPod(
  store: Store,
  ns: string,
  name: string,
  template: Template,
  owner?: { rs: string; hash: string },
): K8sObject {
  const metadata: K8sObject['metadata'] = {
    name,
    namespace: ns,
    labels: { ...(template.metadata?.labels ?? {}), ...(owner ? { 'pod-template-hash': owner.hash } : {}) },
  };
  if (owner) metadata.generateName = name.slice(0, name.length - 5);
  const annotations = { ...(template.metadata?.annotations ?? {}) };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (owner) {
    metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.rs, controller: true }];
  }
  const spec = structuredClone(template.spec ?? {}) as Record<string, unknown> & {
    containers?: { name: string }[];
    initContainers?: { name: string }[];
  };
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount = spec.serviceAccountName;
  spec.nodeName = NODE_NAME;
  const pod = { metadata, spec };
  if (injectorRuns(store) && shouldInject(store.get('Namespace', undefined, ns), metadata, store.data.istio)) {
    inject(
      pod as Parameters<typeof inject>[0],
      store.data.istio,
      owner ? name.split('-').slice(0, -2).join('-') : name,
    );
  }
  const obj: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata, spec: spec as K8sObject['spec'] };
  const get = (kind: string, ns2: string, n: string) => store.get(kind, ns2, n);
  obj.status = mountFailure(obj, get) ? waitingStatus(obj, stamp(store.now)) : runningStatus(store, obj);
  return store.put(obj);
}

type Containers = {
  containers?: { name: string; image?: unknown }[];
  initContainers?: { name: string; image?: unknown }[];
};

/** A pod whose sandbox and containers run: an IP, every container started and ready. */
function runningStatus(store: Store, pod: K8sObject): Record<string, unknown> {
  const spec = pod.spec as Containers;
  const ip = nextPodIp(store);
  const t = stamp(store.now);
  const status = (c: { name: string; image?: unknown }, init: boolean) => ({
    name: c.name,
    image: c.image,
    imageID: '',
    ready: !init,
    restartCount: 0,
    started: !init,
    state: init
      ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } }
      : { running: { startedAt: t } },
  });
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
      (type) => ({ type, status: 'True', lastTransitionTime: t }),
    ),
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: t,
    qosClass: 'BestEffort',
    // A native sidecar (restartPolicy: Always) is an init container that keeps running and is ready.
    ...(spec.initContainers?.length
      ? { initContainerStatuses: spec.initContainers.map((c) => status(c, !isSidecarContainer(c))) }
      : {}),
    containerStatuses: (spec.containers ?? []).map((c) => status(c, false)),
  };
}

/**
 * A pod the kubelet cannot start yet (kubelet.go SyncPod: volumes are mounted before the sandbox):
 * Pending, no IP, init containers waiting in PodInitializing, the others in ContainerCreating.
 */
function waitingStatus(pod: K8sObject, t: string): Record<string, unknown> {
  const spec = pod.spec as Containers;
  const waiting = (c: { name: string; image?: unknown }, reason: string) => ({
    name: c.name,
    image: c.image,
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason } },
  });
  const cond = (type: string, ok: boolean) => ({
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: t,
    ...(ok || type === 'PodReadyToStartContainers' ? {} : { reason: 'ContainersNotReady' }),
  });
  return {
    phase: 'Pending',
    conditions: [
      cond('PodReadyToStartContainers', false),
      cond('Initialized', !spec.initContainers?.length),
      cond('Ready', false),
      cond('ContainersReady', false),
      cond('PodScheduled', true),
    ],
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    startTime: t,
    qosClass: 'BestEffort',
    ...(spec.initContainers?.length
      ? { initContainerStatuses: spec.initContainers.map((c) => waiting(c, 'PodInitializing')) }
      : {}),
    containerStatuses: (spec.containers ?? []).map((c) =>
      waiting(c, spec.initContainers?.length ? 'PodInitializing' : 'ContainerCreating'),
    ),
  };
}

/** After a Secret or ConfigMap is written: the kubelet's next retry mounts it and starts the pods waiting for it. */
export function startWaitingPods(store: Store, ns: string | undefined): void {
  const get = (kind: string, ns2: string, n: string) => store.get(kind, ns2, n);
  for (const pod of store.list('Pod', ns)) {
    if (pod.status?.['phase'] !== 'Pending' || mountFailure(pod, get)) continue;
    store.put({ ...pod, status: runningStatus(store, pod) });
    reconcileOwnerOf(store, pod);
  }
}

/** Pods a Deployment owns (through its ReplicaSets, named `DEPLOY-HASH`). */
export function podsOf(store: Store, dep: K8sObject): K8sObject[] {
  const prefix = `${dep.metadata.name}-`;
  return store
    .list('Pod', dep.metadata.namespace)
    .filter((p) =>
      p.metadata.ownerReferences?.some(
        (o) =>
          o.kind === 'ReplicaSet' &&
          o.name.startsWith(prefix) &&
          o.name.slice(prefix.length) === p.metadata.labels?.['pod-template-hash'],
      ),
    );
}

/** Brings a Deployment's pods to `replicas` of the current template and updates its status. */
export function reconcileDeployment(store: Store, dep: K8sObject): void {
  const spec = (dep.spec ?? {}) as Spec;
  const ns = dep.metadata.namespace ?? 'default';
  const hash = podTemplateHash(spec.template ?? {});
  const rs = `${dep.metadata.name}-${hash}`;
  const desired = spec.replicas ?? 1;
  const pods = podsOf(store, dep);
  let current = 0;
  for (const p of pods) {
    if (p.metadata.labels?.['pod-template-hash'] !== hash || current >= desired)
      store.remove('Pod', ns, p.metadata.name);
    else current++;
  }
  for (; current < desired; current++) {
    let name = `${rs}-${randomSuffix(store)}`;
    while (store.get('Pod', ns, name)) name = `${rs}-${randomSuffix(store)}`;
    createPod(store, ns, name, spec.template ?? {}, { rs, hash });
  }
  const t = stamp(store.now);
  const ready = podsOf(store, dep).filter((p) => p.status?.['phase'] === 'Running').length;
  const counts =
    desired > 0
      ? {
          replicas: desired,
          updatedReplicas: desired,
          ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
          ...(ready < desired ? { unavailableReplicas: desired - ready } : {}),
        }
      : {};
  // The default RollingUpdate strategy allows 25% unavailable, rounded down (deployment_util.go).
  const available = ready >= desired - Math.floor(desired / 4);
  dep.status = {
    observedGeneration: dep.metadata.generation ?? 1,
    ...counts,
    conditions: [
      available
        ? {
            type: 'Available',
            status: 'True',
            lastUpdateTime: t,
            lastTransitionTime: t,
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            lastUpdateTime: t,
            lastTransitionTime: t,
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: t,
        lastTransitionTime: t,
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rs}" has successfully progressed.`,
      },
    ],
  };
  store.dirty = true;
}

/** After a pod is deleted: its Deployment (if any) creates a replacement. */
export function reconcileOwnerOf(store: Store, pod: K8sObject): void {
  const owner = pod.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet');
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (!owner || !hash || !owner.name.endsWith(`-${hash}`)) return;
  const dep = store.get('Deployment', pod.metadata.namespace, owner.name.slice(0, -(hash.length + 1)));
  if (dep) reconcileDeployment(store, dep);
}
