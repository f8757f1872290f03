/**
 * The files one container of a pod sees: the few the simulator always knows, the Secret and
 * ConfigMap volumes it mounts (kube/pod-volumes.ts, as the kubelet last synced them), and the
 * writable directories a script may create files in.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { mountsOf } from '../kube/pod-volumes.js';
import { PodFiles } from './pod-files.js';

/** When the pod's containers started (ms): from there on the kubelet keeps the volumes in sync. */
function startedAt(pod: K8sObject): number {
  const statuses = (pod.status?.['containerStatuses'] ?? []) as { state?: { running?: { startedAt?: string } } }[];
  const t = statuses.map((c) => Date.parse(c.state?.running?.startedAt ?? '')).find((n) => !Number.isNaN(n));
  return t ?? (Date.parse(String(pod.status?.['startTime'] ?? '')) || 0);
}

export function containerFiles(
  pod: K8sObject,
  container: string,
  view: ClusterView,
  writable: readonly string[],
): PodFiles {
  const since = startedAt(pod);
  const get = (kind: 'Secret' | 'ConfigMap', ns: string, name: string) =>
    view.synced ? view.synced(kind, ns, name, since) : view.get(kind, ns, name);
  return new PodFiles(
    {
      '/etc/hostname': `${pod.metadata.name}\n`,
      '/var/run/secrets/kubernetes.io/serviceaccount/namespace': pod.metadata.namespace ?? 'default',
    },
    writable,
    mountsOf(pod, container, get).map((m) => ({ ...m, at: since })),
  );
}
