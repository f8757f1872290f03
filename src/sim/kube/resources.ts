/**
 * The API resources the simulated API server serves, per Istio release: what `kubectl get X`,
 * `kubectl apply` and `kubectl api-resources` resolve names and apiVersions against.
 *
 * Istio CRD availability by release (served versions, from istio/istio
 * manifests/charts/base/crds/crd-all.gen.yaml at each tag, and the release notes of each removal):
 * - authentication.istio.io/v1alpha1 Policy, MeshPolicy: up to 1.5 (removed in 1.6).
 * - rbac.istio.io/v1alpha1 ClusterRbacConfig, RbacConfig, ServiceRole, ServiceRoleBinding: up to 1.6.
 * - security.istio.io/v1beta1 AuthorizationPolicy from 1.4; PeerAuthentication, RequestAuthentication from 1.5.
 * - security.istio.io/v1: AuthorizationPolicy and RequestAuthentication from 1.17 (istio/istio#44808 switches
 *   the authz tests to v1 for 1.17+), PeerAuthentication from 1.22 (blog 2024/v1-apis) [inf for the exact tag].
 * - networking.istio.io/v1alpha3 throughout; v1beta1 from 1.5 [inf]; v1 from 1.22 (blog 2024/v1-apis).
 * - telemetry.istio.io Telemetry from 1.11; extensions.istio.io WasmPlugin from 1.12, TrafficExtension
 *   (v1alpha1) from 1.30.0.
 * - 1.25.0 to 1.31.0-rc.0 serve the same versions as 1.24 (crd-all.gen.yaml at each tag, moved to
 *   manifests/charts/base/files/ in 1.24); what changes is the storage version: networking.istio.io
 *   stores v1alpha3 up to 1.21, v1beta1 in 1.22-1.26 and v1 from 1.27.0; security.istio.io stores
 *   v1beta1 up to 1.27 and v1 from 1.28.0.
 */
import { istioMinor } from '../versions.js';

/** One printer column of a custom resource (its CRD's additionalPrinterColumns). */
export interface PrinterColumn {
  name: string;
  /** A simple dotted path into the object, e.g. `.spec.mtls.mode`. */
  path: string;
}

export interface ResourceType {
  kind: string;
  /** API group; '' for the core group. */
  group: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  /** Served versions, the preferred one (the one kubectl shows) first. */
  versions: readonly string[];
  /** The version the CRD stores (`storage: true`); the preferred one when not given. */
  storage?: string;
  /** CRD printer columns between NAME and AGE (custom resources only). */
  columns?: readonly PrinterColumn[];
  /** A real Kubernetes kind the simulator does not model: commands on it exit 3. */
  notSimulated?: boolean;
}

/** `peerauthentication.security.istio.io` / `deployment.apps` / `pod`: how kubectl names a kind. */
export function qualifiedSingular(r: ResourceType): string {
  return r.group ? `${r.singular}.${r.group}` : r.singular;
}

/** `peerauthentications.security.istio.io` / `deployments.apps` / `pods`: the API server's name. */
export function qualifiedPlural(r: ResourceType): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

export function preferredApiVersion(r: ResourceType): string {
  const v = r.versions[0] ?? 'v1';
  return r.group ? `${r.group}/${v}` : v;
}

/** True for the Istio config kinds whose changes reach the data plane only after propagation. */
export function isIstioConfig(r: { group: string }): boolean {
  return r.group.endsWith('istio.io');
}

type Def = Omit<ResourceType, 'versions' | 'storage'> & {
  versions: (minor: number) => string[];
  storage?: (minor: number) => string;
};

const core = (kind: string, plural: string, shortNames: string[], namespaced = true, notSimulated = false): Def => ({
  kind,
  group: '',
  plural,
  singular: kind.toLowerCase(),
  shortNames,
  namespaced,
  versions: () => ['v1'],
  notSimulated,
});
const apps = (kind: string, plural: string, shortNames: string[], notSimulated = false): Def => ({
  kind,
  group: 'apps',
  plural,
  singular: kind.toLowerCase(),
  shortNames,
  namespaced: true,
  versions: () => ['v1'],
  notSimulated,
});
const other = (kind: string, group: string, plural: string, shortNames: string[], namespaced = true): Def => ({
  kind,
  group,
  plural,
  singular: kind.toLowerCase(),
  shortNames,
  namespaced,
  versions: () => ['v1'],
  notSimulated: true,
});

const rbac = (kind: string, plural: string, namespaced: boolean): Def => ({
  kind,
  group: 'rbac.authorization.k8s.io',
  plural,
  singular: kind.toLowerCase(),
  shortNames: [],
  namespaced,
  versions: () => ['v1'],
});

/** networking.istio.io versions served by a release (newest first, as the preferred version). */
function networking(minor: number): string[] {
  const v = ['v1alpha3'];
  if (minor >= 5) v.unshift('v1beta1');
  if (minor >= 22) v.unshift('v1');
  return v;
}
/** The storage version of networking.istio.io and security.istio.io kinds (see the table above). */
const networkingStorage = (m: number) => (m >= 27 ? 'v1' : m >= 22 ? 'v1beta1' : 'v1alpha3');
const securityStorage = (m: number) => (m >= 28 ? 'v1' : 'v1beta1');
const istio = (
  kind: string,
  group: string,
  plural: string,
  shortNames: string[],
  versions: (m: number) => string[],
  columns: PrinterColumn[] = [],
  namespaced = true,
): Def => ({
  kind,
  group,
  plural,
  singular: kind.toLowerCase(),
  shortNames,
  namespaced,
  versions,
  columns,
  ...(group === 'networking.istio.io' ? { storage: networkingStorage } : {}),
  ...(group === 'security.istio.io' ? { storage: securityStorage } : {}),
  ...(group === 'telemetry.istio.io' ? { storage: () => 'v1alpha1' } : {}),
});
const range = (from: number, to: number, v: string[]) => (m: number) => (m >= from && m <= to ? v : []);

const DEFS: Def[] = [
  core('Namespace', 'namespaces', ['ns'], false),
  core('Pod', 'pods', ['po']),
  core('Service', 'services', ['svc']),
  core('ServiceAccount', 'serviceaccounts', ['sa']),
  core('Secret', 'secrets', []),
  core('ConfigMap', 'configmaps', ['cm']),
  core('Node', 'nodes', ['no'], false),
  core('Endpoints', 'endpoints', ['ep'], true, true),
  core('Event', 'events', ['ev'], true, true),
  core('PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], true, true),
  core('PersistentVolume', 'persistentvolumes', ['pv'], false, true),
  core('ReplicationController', 'replicationcontrollers', ['rc'], true, true),
  core('ResourceQuota', 'resourcequotas', ['quota'], true, true),
  core('LimitRange', 'limitranges', ['limits'], true, true),
  apps('Deployment', 'deployments', ['deploy']),
  apps('ReplicaSet', 'replicasets', ['rs'], true),
  apps('StatefulSet', 'statefulsets', ['sts'], true),
  apps('DaemonSet', 'daemonsets', ['ds'], true),
  apps('ControllerRevision', 'controllerrevisions', [], true),
  other('Job', 'batch', 'jobs', []),
  other('CronJob', 'batch', 'cronjobs', ['cj']),
  other('Ingress', 'networking.k8s.io', 'ingresses', ['ing']),
  other('NetworkPolicy', 'networking.k8s.io', 'networkpolicies', ['netpol']),
  // Stored and served (the docs create them for their samples); the API server's authorization is not modelled.
  rbac('Role', 'roles', true),
  rbac('RoleBinding', 'rolebindings', true),
  rbac('ClusterRole', 'clusterroles', false),
  rbac('ClusterRoleBinding', 'clusterrolebindings', false),
  other('CustomResourceDefinition', 'apiextensions.k8s.io', 'customresourcedefinitions', ['crd', 'crds'], false),
  other('EndpointSlice', 'discovery.k8s.io', 'endpointslices', []),
  other('HorizontalPodAutoscaler', 'autoscaling', 'horizontalpodautoscalers', ['hpa']),
  other('PodDisruptionBudget', 'policy', 'poddisruptionbudgets', ['pdb']),
  other('MutatingWebhookConfiguration', 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations', [], false),
  other('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', [], false),
  other('StorageClass', 'storage.k8s.io', 'storageclasses', ['sc'], false),
  // Istio security
  istio(
    'AuthorizationPolicy',
    'security.istio.io',
    'authorizationpolicies',
    ['ap'],
    (m) => (m >= 17 ? ['v1', 'v1beta1'] : m >= 4 ? ['v1beta1'] : []),
    [{ name: 'ACTION', path: '.spec.action' }],
  ),
  istio(
    'PeerAuthentication',
    'security.istio.io',
    'peerauthentications',
    ['pa'],
    (m) => (m >= 22 ? ['v1', 'v1beta1'] : m >= 5 ? ['v1beta1'] : []),
    [{ name: 'MODE', path: '.spec.mtls.mode' }],
  ),
  istio('RequestAuthentication', 'security.istio.io', 'requestauthentications', ['ra'], (m) =>
    m >= 17 ? ['v1', 'v1beta1'] : m >= 5 ? ['v1beta1'] : [],
  ),
  // Istio networking
  istio('DestinationRule', 'networking.istio.io', 'destinationrules', ['dr'], networking, [
    { name: 'HOST', path: '.spec.host' },
  ]),
  istio('Gateway', 'networking.istio.io', 'gateways', ['gw'], networking),
  istio('VirtualService', 'networking.istio.io', 'virtualservices', ['vs'], networking, [
    { name: 'GATEWAYS', path: '.spec.gateways' },
    { name: 'HOSTS', path: '.spec.hosts' },
  ]),
  istio('ServiceEntry', 'networking.istio.io', 'serviceentries', ['se'], networking, [
    { name: 'HOSTS', path: '.spec.hosts' },
    { name: 'LOCATION', path: '.spec.location' },
    { name: 'RESOLUTION', path: '.spec.resolution' },
  ]),
  istio('Sidecar', 'networking.istio.io', 'sidecars', [], networking),
  istio('EnvoyFilter', 'networking.istio.io', 'envoyfilters', [], () => ['v1alpha3']),
  istio('WorkloadEntry', 'networking.istio.io', 'workloadentries', ['we'], (m) => (m >= 6 ? networking(m) : [])),
  istio('WorkloadGroup', 'networking.istio.io', 'workloadgroups', ['wg'], (m) => (m >= 8 ? networking(m) : [])),
  istio('Telemetry', 'telemetry.istio.io', 'telemetries', ['telemetry'], (m) =>
    m >= 22 ? ['v1', 'v1alpha1'] : m >= 11 ? ['v1alpha1'] : [],
  ),
  istio('WasmPlugin', 'extensions.istio.io', 'wasmplugins', [], (m) => (m >= 12 ? ['v1alpha1'] : [])),
  istio('TrafficExtension', 'extensions.istio.io', 'trafficextensions', [], (m) => (m >= 30 ? ['v1alpha1'] : [])),
  // Removed Istio APIs (Istio 1.6 release notes: the v1alpha1 authentication and RBAC APIs are gone)
  istio('Policy', 'authentication.istio.io', 'policies', [], range(0, 5, ['v1alpha1'])),
  istio('MeshPolicy', 'authentication.istio.io', 'meshpolicies', [], range(0, 5, ['v1alpha1']), [], false),
  istio('ClusterRbacConfig', 'rbac.istio.io', 'clusterrbacconfigs', [], range(0, 6, ['v1alpha1']), [], false),
  istio('RbacConfig', 'rbac.istio.io', 'rbacconfigs', [], range(0, 6, ['v1alpha1'])),
  istio('ServiceRole', 'rbac.istio.io', 'serviceroles', [], range(0, 6, ['v1alpha1'])),
  istio('ServiceRoleBinding', 'rbac.istio.io', 'servicerolebindings', [], range(0, 6, ['v1alpha1'])),
];

const cache = new Map<string, ResourceType[]>();

/** The resource types served with Istio `version` installed. */
export function servedResources(version: string): ResourceType[] {
  const hit = cache.get(version);
  if (hit) return hit;
  const minor = istioMinor(version) ?? 31;
  const list: ResourceType[] = [];
  for (const { storage, ...d } of DEFS) {
    const versions = d.versions(minor);
    const stored = storage?.(minor);
    if (versions.length === 0) continue;
    list.push({ ...d, versions, ...(stored && versions.includes(stored) ? { storage: stored } : {}) });
  }
  cache.set(version, list);
  return list;
}

/**
 * Resolves what a user typed after `kubectl get` (`pods`, `po`, `pod`, `Pod`, `deployments.apps`,
 * `pa.security.istio.io`, `peerauthentication.v1.security.istio.io`) to a served type.
 */
export function resolveResourceName(name: string, version: string): ResourceType | undefined {
  const lower = name.toLowerCase();
  const [head = '', ...rest] = lower.split('.');
  let group = rest.join('.');
  const served = servedResources(version);
  const candidates = served.filter((r) => r.plural === head || r.singular === head || r.shortNames.includes(head));
  if (!group) return candidates[0];
  // `resource.version.group` is accepted too.
  const exact = candidates.find((r) => r.group === group);
  if (exact) return exact;
  const [maybeVersion = '', ...g] = rest;
  group = g.join('.');
  return candidates.find((r) => r.group === group && r.versions.includes(maybeVersion));
}

/** The served type for a manifest's apiVersion + kind, or undefined (kubectl: "no matches for kind"). */
export function resolveKind(apiVersion: string, kind: string, version: string): ResourceType | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const v = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  return servedResources(version).find((r) => r.kind === kind && r.group === group && r.versions.includes(v));
}

/** The type of a stored kind (kinds are unique among the simulated ones). */
export function typeOfKind(kind: string, version: string): ResourceType | undefined {
  return servedResources(version).find((r) => r.kind === kind);
}
