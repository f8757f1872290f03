/**
 * The controllers that matter for the lessons: a Deployment keeps `replicas` pods of its current
 * template (pod-template-hash), replacing them when the template changes (apply, rollout restart)
 * or when a pod is deleted. Pods are scheduled on `minikube`, get an IP and are Ready at once.
 * Injection happens here, at pod creation only (kube/injection.ts).
 */
import type { K8sObject } from '../types.js';
import type { Store } from './store.js';
import { inject, shouldInject } from './injection.js';
import { isSidecarContainer } from './native-sidecars.js';
import { nextPodIp, podTemplateHash, randomSuffix } from './names.js';

export const NODE_NAME = 'minikube';
export const NODE_IP = '192.168.49.2';

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
type Spec = { replicas?: number; template?: Template; selector?: unknown };

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Creates a pod from a template (`owner` set for pods a ReplicaSet owns), injecting a sidecar if due. */
export function createPod(store: Store, ns: string, name: string, template: Template, owner?: { rs: string; hash: string }): K8sObject {
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
  const spec = structuredClone(template.spec ?? {}) as Record<string, unknown> & { containers?: { name: string }[]; initContainers?: { name: string }[] };
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount = spec.serviceAccountName;
  spec.nodeName = NODE_NAME;
  const pod = { metadata, spec };
  if (shouldInject(store.get('Namespace', undefined, ns), metadata, store.data.istio)) {
    inject(pod as Parameters<typeof inject>[0], store.data.istio, owner ? name.split('-').slice(0, -2).join('-') : name);
  }
  const ip = nextPodIp(store);
  const t = stamp(store.now);
  const status = (c: { name: string; image?: unknown }, init: boolean) => ({
    name: c.name, image: c.image, imageID: '', ready: !init, restartCount: 0, started: !init,
    state: init ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } } : { running: { startedAt: t } },
  });
  const obj: K8sObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: spec as K8sObject['spec'],
    status: {
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: t })),
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
    },
  };
  return store.put(obj);
}

/** Pods a Deployment owns (through its ReplicaSets, named `DEPLOY-HASH`). */
export function podsOf(store: Store, dep: K8sObject): K8sObject[] {
  const prefix = `${dep.metadata.name}-`;
  return store.list('Pod', dep.metadata.namespace).filter((p) =>
    p.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet' && o.name.startsWith(prefix) && o.name.slice(prefix.length) === p.metadata.labels?.['pod-template-hash']),
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
    if (p.metadata.labels?.['pod-template-hash'] !== hash || current >= desired) store.remove('Pod', ns, p.metadata.name);
    else current++;
  }
  for (; current < desired; current++) {
    let name = `${rs}-${randomSuffix(store)}`;
    while (store.get('Pod', ns, name)) name = `${rs}-${randomSuffix(store)}`;
    createPod(store, ns, name, spec.template ?? {}, { rs, hash });
  }
  const t = stamp(store.now);
  const counts = desired > 0 ? { replicas: desired, updatedReplicas: desired, readyReplicas: desired, availableReplicas: desired } : {};
  dep.status = {
    observedGeneration: dep.metadata.generation ?? 1,
    ...counts,
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: t, lastTransitionTime: t, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: t, lastTransitionTime: t, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs}" has successfully progressed.` },
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
