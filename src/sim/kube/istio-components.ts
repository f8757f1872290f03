/**
 * The objects `istioctl install` puts in istio-system for one install plan: istiod (or the 1.4
 * control plane), the ingress and egress gateways, and the `istio` ConfigMap holding the mesh
 * config. Pure: the caller creates or reconciles them (kube/install.ts for a new cluster,
 * istioctl/install for `istioctl install`).
 *
 * Shapes follow the charts at each tag (manifests/charts/istio-control/istio-discovery,
 * manifests/charts/gateways/istio-ingress and istio-egress): labels, ports, the service accounts,
 * and the resource requests of values.yaml (demo: manifests/helm-profiles/demo.yaml).
 */
import type { K8sObject } from '../../kube/object.js';
import { istioMinor, istioRelease } from '../versions.js';

export const ISTIO_NAMESPACE = 'istio-system';

/** What an install renders. */
export interface InstallPlan {
  /** spec.components.pilot.enabled. */
  pilot: boolean;
  /** The istio-ingressgateway component. */
  ingress: boolean;
  /** The istio-egressgateway component. */
  egress: boolean;
  /** demo's ingress also serves tcp 31400 and tls 15443. */
  extendedIngressPorts: boolean;
  /** demo's lower resource requests. */
  demoResources: boolean;
  /** The `mesh` key of the `istio` ConfigMap (YAML). */
  meshText: string;
  /** Extra environment of istiod's discovery container (values.pilot.env, PILOT_TRACE_SAMPLING). */
  pilotEnv: Readonly<Record<string, string>>;
}

/** The mesh config the default profile renders (values.meshConfig empty), as the chart writes it. */
export const DEFAULT_MESH_TEXT =
  'defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\ndefaultProviders:\n  metrics:\n  - prometheus\n' +
  'enablePrometheusMerge: true\nrootNamespace: istio-system\ntrustDomain: cluster.local\n';

/** The default profile: istiod and the ingress gateway. */
export const DEFAULT_PLAN: InstallPlan = {
  pilot: true,
  ingress: true,
  egress: false,
  extendedIngressPorts: false,
  demoResources: false,
  meshText: DEFAULT_MESH_TEXT,
  pilotEnv: {},
};

const COMMON = { 'install.operator.istio.io/owning-resource': 'unknown', 'istio.io/rev': 'default', release: 'istio' };

const meta = (name: string, labels: Record<string, string>) => ({ name, namespace: ISTIO_NAMESPACE, labels });

type Resources = { requests: Record<string, string>; limits?: Record<string, string> };

function deployment(
  name: string,
  labels: Record<string, string>,
  podLabels: Record<string, string>,
  sa: string,
  containers: unknown[],
): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, labels),
    spec: {
      replicas: 1,
      selector: {
        matchLabels: podLabels.app
          ? { app: podLabels.app, ...(podLabels.istio ? { istio: podLabels.istio } : {}) }
          : podLabels,
      },
      template: {
        metadata: { labels: podLabels, annotations: { 'sidecar.istio.io/inject': 'false' } },
        spec: { serviceAccountName: sa, containers },
      },
    },
  };
}

function service(
  name: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  ports: unknown[],
  extra: Record<string, unknown> = {},
): K8sObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, labels), spec: { selector, ports, ...extra } };
}

const serviceAccount = (name: string, labels: Record<string, string>): K8sObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: meta(name, labels),
});

function ingressPorts(minor: number, extended: boolean): unknown[] {
  if (minor <= 5) {
    return [
      { name: 'status-port', port: 15020, targetPort: 15020 },
      { name: 'http2', port: 80, targetPort: 80 },
      { name: 'https', port: 443, targetPort: 443 },
      { name: 'tcp', port: 31400, targetPort: 31400 },
      { name: 'tls', port: 15443, targetPort: 15443 },
    ];
  }
  const ports: unknown[] = [
    { name: 'status-port', port: 15021, targetPort: 15021 },
    { name: 'http2', port: 80, targetPort: 8080 },
    { name: 'https', port: 443, targetPort: 8443 },
  ];
  if (minor <= 7 || extended)
    ports.push({ name: 'tcp', port: 31400, targetPort: 31400 }, { name: 'tls', port: 15443, targetPort: 15443 });
  return ports;
}

function egressPorts(minor: number): unknown[] {
  const ports: unknown[] = [
    { name: 'http2', port: 80, targetPort: 8080 },
    { name: 'https', port: 443, targetPort: 8443 },
  ];
  if (minor <= 7) ports.push({ name: 'tls', port: 15443, targetPort: 15443 });
  return ports;
}

function gatewayResources(demo: boolean): Resources {
  return demo
    ? { requests: { cpu: '10m', memory: '40Mi' } }
    : { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } };
}

function gateway(kind: 'ingress' | 'egress', release: string, minor: number, plan: InstallPlan): K8sObject[] {
  const name = `istio-${kind}gateway`;
  const sa = `${name}-service-account`;
  const gw = { app: name, istio: `${kind}gateway` };
  const labels = {
    ...gw,
    ...COMMON,
    'operator.istio.io/component': kind === 'ingress' ? 'IngressGateways' : 'EgressGateways',
  };
  const podLabels = {
    ...gw,
    'istio.io/rev': 'default',
    'sidecar.istio.io/inject': 'false',
    'service.istio.io/canonical-name': name,
    'service.istio.io/canonical-revision': 'latest',
    chart: 'gateways',
    heritage: 'Tiller',
    release: 'istio',
  };
  const containerPorts = [
    { containerPort: 15021 },
    { containerPort: 8080 },
    { containerPort: 8443 },
    { containerPort: 15090, name: 'http-envoy-prom' },
  ];
  const proxy = {
    name: 'istio-proxy',
    image: `docker.io/istio/proxyv2:${release}`,
    ports: containerPorts,
    resources: gatewayResources(plan.demoResources),
  };
  return [
    serviceAccount(sa, { app: name, istio: `${kind}gateway`, ...COMMON }),
    deployment(name, labels, podLabels, sa, [proxy]),
    kind === 'ingress'
      ? service(name, labels, gw, ingressPorts(minor, plan.extendedIngressPorts), { type: 'LoadBalancer' })
      : service(name, labels, gw, egressPorts(minor)),
  ];
}

function istiod(release: string, minor: number, plan: InstallPlan): K8sObject[] {
  const sa = minor >= 10 ? 'istiod' : 'istiod-service-account';
  const labels = { app: 'istiod', istio: 'pilot', ...COMMON, 'operator.istio.io/component': 'Pilot' };
  const resources: Resources = plan.demoResources
    ? { requests: { cpu: '10m', memory: '100Mi' } }
    : { requests: { cpu: '500m', memory: '2048Mi' } };
  const env = Object.entries(plan.pilotEnv).map(([name, value]) => ({ name, value }));
  const discovery = {
    name: 'discovery',
    image: `docker.io/istio/pilot:${release}`,
    ports: [{ containerPort: 8080 }, { containerPort: 15010 }, { containerPort: 15017 }],
    ...(env.length > 0 ? { env } : {}),
    resources,
  };
  const podLabels = { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default', 'sidecar.istio.io/inject': 'false' };
  return [
    serviceAccount(sa, { app: 'istiod', ...COMMON }),
    deployment('istiod', labels, podLabels, sa, [discovery]),
    service('istiod', labels, { app: 'istiod', istio: 'pilot' }, [
      { name: 'grpc-xds', port: 15010, targetPort: 15010 },
      { name: 'https-dns', port: 15012, targetPort: 15012 },
      { name: 'https-webhook', port: 443, targetPort: 15017 },
      { name: 'http-monitoring', port: 15014, targetPort: 15014 },
    ]),
  ];
}

/** Before 1.5 the control plane was four deployments (pilot, citadel, galley, the injector). */
function splitControlPlane(release: string): K8sObject[] {
  return (
    [
      ['istio-pilot', 'pilot', 'pilot', 'pilot'],
      ['istio-citadel', 'security', 'citadel', 'citadel'],
      ['istio-galley', 'galley', 'galley', 'galley'],
      ['istio-sidecar-injector', 'sidecarInjectorWebhook', 'sidecar-injector', 'sidecar_injector'],
    ] as const
  ).flatMap(([name, app, istio, image]) => {
    const sa = `${name}-service-account`;
    const container = { name: image === 'pilot' ? 'discovery' : image, image: `docker.io/istio/${image}:${release}` };
    return [
      serviceAccount(sa, { app, ...COMMON }),
      deployment(name, { app, istio, release: 'istio' }, { app, istio }, sa, [container]),
    ];
  });
}

/** The objects of `plan` at Istio `version`, in the order istioctl applies them (core, istiod, gateways). */
export function istioComponents(version: string, plan: InstallPlan): K8sObject[] {
  const minor = istioMinor(version) ?? 24;
  const release = istioRelease(version);
  const out: K8sObject[] = [serviceAccount('istio-reader-service-account', { app: 'istio-reader', ...COMMON })];
  if (plan.pilot) {
    out.push(...(minor >= 5 ? istiod(release, minor, plan) : splitControlPlane(release)));
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('istio', { 'istio.io/rev': 'default', release: 'istio' }),
      data: { mesh: plan.meshText, meshNetworks: 'networks: {}' },
    });
  }
  if (plan.ingress) out.push(...gateway('ingress', release, minor, plan));
  if (plan.egress) out.push(...gateway('egress', release, minor, plan));
  return out;
}

/** True for an object some install rendered (what a re-install may prune and uninstall removes). */
export function isInstalledComponent(o: K8sObject): boolean {
  return o.metadata.namespace === ISTIO_NAMESPACE && o.metadata.labels?.['release'] === 'istio' && o.kind !== 'Pod';
}
