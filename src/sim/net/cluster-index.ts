/**
 * Reads the plain Kubernetes JSON of a ClusterView into what the network needs: which pods back
 * a Service, which port a targetPort names, whether a pod has a sidecar, who the gateway is.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import type { Workload } from '../mesh/index.js';
import { type ContainerLists, runningContainers, hasProxy } from '../kube/native-sidecars.js';

export const NODE_IP = '192.168.49.2';

interface Container {
  name?: string;
  image?: string;
  command?: unknown;
  args?: unknown;
  ports?: { containerPort?: number; name?: string }[];
}

/** The containers that run beside the app for the pod's lifetime, native sidecars included. */
export function containers(pod: K8sObject): Container[] {
  return runningContainers(pod.spec as ContainerLists<Container> | undefined);
}

export function hasSidecar(pod: K8sObject): boolean {
  return pod.metadata.labels?.['security.istio.io/tlsMode'] === 'istio' || hasProxy(pod);
}

export function isGatewayPod(pod: K8sObject, view: ClusterView): boolean {
  const l = pod.metadata.labels ?? {};
  return (
    pod.metadata.namespace === view.rootNamespace &&
    (l['istio'] === 'ingressgateway' || l['app'] === 'istio-ingressgateway')
  );
}

/** The ingress gateway's Service (istio-ingressgateway in the root namespace). */
export function isGatewayService(svc: K8sObject, view: ClusterView): boolean {
  return svc.metadata.namespace === view.rootNamespace && svc.metadata.name === 'istio-ingressgateway';
}

/** The egress gateway's Envoy (istio-egressgateway in the root namespace, demo profile). */
export function isEgressGatewayPod(pod: K8sObject, view: ClusterView): boolean {
  const l = pod.metadata.labels ?? {};
  return (
    pod.metadata.namespace === view.rootNamespace &&
    (l['istio'] === 'egressgateway' || l['app'] === 'istio-egressgateway')
  );
}

export function podIp(pod: K8sObject): string {
  return String((pod.status as { podIP?: unknown } | undefined)?.podIP ?? '');
}

export function workloadOf(pod: K8sObject, view: ClusterView): Workload {
  const ingress = isGatewayPod(pod, view);
  const egress = !ingress && isEgressGatewayPod(pod, view);
  const gateway = ingress || egress;
  return {
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    labels: pod.metadata.labels ?? {},
    serviceAccount: String((pod.spec as { serviceAccountName?: unknown } | undefined)?.serviceAccountName ?? 'default'),
    sidecar: gateway || hasSidecar(pod),
    ip: podIp(pod),
    role: ingress ? 'ingress-gateway' : egress ? 'egress-gateway' : 'app',
  };
}

function ready(pod: K8sObject): boolean {
  const status = pod.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  if (pod.metadata['deletionTimestamp']) return false;
  if (status?.conditions) return status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  return status?.phase === undefined || status.phase === 'Running';
}

/** The ready pods a Service selects (its endpoints), in creation order. */
export function endpoints(svc: K8sObject, view: ClusterView): K8sObject[] {
  const selector = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  return view
    .list('Pod', svc.metadata.namespace)
    .filter((p) => ready(p) && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  appProtocol?: string;
}

/**
 * Istio's protocol selection for a Service port: `appProtocol`, else the name's prefix before `-`
 * (`tcp`, `tls`, `https`, `mongo`, `mysql`, `redis` are opaque TCP to the proxies; `http`,
 * `http2`, `grpc` are HTTP; anything else is sniffed, and curl's requests sniff as HTTP).
 * On a TCP port Envoy runs tcp_proxy: no HTTP routes, no JWT, only the L4 parts of
 * AuthorizationPolicy, and nothing added to the request.
 */
export function isTcpPort(sp: ServicePort | undefined): boolean {
  if (!sp) return false;
  const proto = (sp.appProtocol ?? sp.name?.split('-')[0] ?? '').toLowerCase();
  return ['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis'].includes(proto);
}

export function servicePorts(svc: K8sObject): ServicePort[] {
  return ((svc.spec as { ports?: ServicePort[] } | undefined)?.ports ?? []).map((p) => ({
    ...p,
    port: Number(p.port),
  }));
}

/** A Service port's targetPort resolved against a pod (a name looks up the container port). */
export function targetPortOn(sp: ServicePort, pod: K8sObject): number | undefined {
  const t = sp.targetPort ?? sp.port;
  if (typeof t === 'number' || /^\d+$/.test(String(t))) return Number(t);
  for (const c of containers(pod)) for (const p of c.ports ?? []) if (p.name === t) return p.containerPort;
  return undefined;
}

export function clusterIp(svc: K8sObject): string {
  return String((svc.spec as { clusterIP?: unknown } | undefined)?.clusterIP ?? '');
}

/** The main application container: the one named by `-c`, else the first that is not istio-proxy. */
export function appContainer(pod: K8sObject): Container | undefined {
  return containers(pod).find((c) => c.name !== 'istio-proxy') ?? containers(pod)[0];
}
