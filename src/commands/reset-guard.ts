/**
 * What `meshwalk reset` may delete, decided on the objects themselves: the API server's label
 * filter is a hint, never trusted (a proxy, an old server or a bug may return more than asked).
 * An object qualifies only if it carries meshwalk's labels, has a valid Kubernetes name, is of a
 * kind lessons create, and (for namespaces) is not one a cluster or the mesh needs.
 */
import type { K8sObject } from '../kube/object.js';

export const LESSON_LABEL = 'meshwalk.dev/lesson';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'meshwalk';

/** Namespaces reset never deletes even when labelled: the cluster's, the mesh's, and common add-ons'. */
export const PROTECTED_NAMESPACES = [
  'default',
  'istio-system',
  'istio-operator',
  'local-path-storage', // kind, k3d
  'kubernetes-dashboard', // minikube addon
  'ingress-nginx',
  'cert-manager',
  'metallb-system',
  'calico-system',
  'tigera-operator',
];

/** Prefixes of namespaces that belong to the platform: Kubernetes, OpenShift (crc), Rancher. */
export const PROTECTED_PREFIXES = ['kube-', 'openshift', 'cattle-'];

/** RFC 1123 label (namespaces) and subdomain (other names), as the API server enforces them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function isProtectedNamespace(name: string): boolean {
  return PROTECTED_NAMESPACES.includes(name) || PROTECTED_PREFIXES.some((p) => name.startsWith(p));
}

/** The lesson id `o` is marked with, when it is marked for `lesson` (any lesson when undefined). */
export function lessonMark(o: K8sObject, lesson: string | undefined): string | undefined {
  const mark = o.metadata?.labels?.[LESSON_LABEL];
  if (typeof mark !== 'string' || !DNS_LABEL.test(mark)) return undefined;
  return lesson === undefined || mark === lesson ? mark : undefined;
}

/** A namespace reset may delete whole. */
export function deletableNamespace(o: K8sObject, lesson: string | undefined): boolean {
  const name = o.metadata?.name;
  if (o.kind !== 'Namespace' || typeof name !== 'string' || !DNS_LABEL.test(name)) return false;
  return lessonMark(o, lesson) !== undefined;
}

/** An object (inside some namespace) reset may delete: both marks, a valid name and namespace. */
export function deletableObject(o: K8sObject, lesson: string | undefined): boolean {
  const { name, namespace, labels } = o.metadata ?? {};
  return (
    typeof name === 'string' &&
    DNS_SUBDOMAIN.test(name) &&
    typeof namespace === 'string' &&
    DNS_LABEL.test(namespace) &&
    labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE &&
    lessonMark(o, lesson) !== undefined
  );
}
