/**
 * A ClusterView from manifests given as files (`meshwalk explain -f`): policies as written, a pod
 * for every Deployment (with a sidecar unless it opts out), cluster IPs for Services, and an
 * ingress gateway. Workloads a request names but the files lack are assumed, and said so.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { objectView, type ObjectViewOptions } from '../mesh/index.js';

export interface FileViewResult {
  view: ClusterView;
  assumptions: string[];
}

export function fileView(
  objects: readonly K8sObject[],
  needs: { namespace: string; name: string; port?: number }[],
  o: ObjectViewOptions = {},
): FileViewResult {
  const out: K8sObject[] = [];
  const assumptions: string[] = [];
  let ip = 10;
  const nextPodIp = () => `10.244.0.${ip++}`;
  const nextSvcIp = () => `10.96.${Math.floor(ip / 250)}.${(ip++ % 250) + 2}`;
  for (const obj of objects) {
    const ns = obj.metadata.namespace ?? 'default';
    const copy: K8sObject = { ...obj, metadata: { ...obj.metadata, namespace: ns } };
    if (obj.kind === 'Service') copy.spec = { clusterIP: nextSvcIp(), ...(obj.spec ?? {}) };
    out.push(copy);
    if (obj.kind === 'Deployment') out.push(podFor(copy, nextPodIp()));
  }
  if (!out.some((x) => x.kind === 'Service' && x.metadata.name === 'istio-ingressgateway')) {
    const labels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
    out.push(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'istio-ingressgateway-0', namespace: 'istio-system', labels },
        spec: {
          serviceAccountName: 'istio-ingressgateway-service-account',
          containers: [{ name: 'istio-proxy', image: 'istio/proxyv2' }],
        },
        status: { podIP: nextPodIp(), phase: 'Running' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
        spec: {
          clusterIP: nextSvcIp(),
          selector: labels,
          ports: [
            { name: 'http2', port: 80, targetPort: 8080, nodePort: 30080 },
            { name: 'https', port: 443, targetPort: 8443, nodePort: 30443 },
          ],
        },
      },
    );
  }
  for (const need of needs) {
    const has = out.some(
      (x) =>
        (x.kind === 'Pod' || x.kind === 'Service') &&
        x.metadata.namespace === need.namespace &&
        (x.metadata.name === need.name || x.metadata.name.startsWith(`${need.name}-`)),
    );
    if (has) continue;
    assumptions.push(
      `assumed: ${need.namespace}/${need.name} is a Deployment with a sidecar, labels app=${need.name}, service account ${need.name} (not in the files)`,
    );
    const dep: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: need.name, namespace: need.namespace },
      spec: {
        template: {
          metadata: { labels: { app: need.name } },
          spec: {
            serviceAccountName: need.name,
            containers: [{ name: need.name, image: `meshwalk/assumed-${need.name}` }],
          },
        },
      },
    };
    out.push(podFor(dep, nextPodIp()));
    if (
      need.port !== undefined &&
      !out.some((x) => x.kind === 'Service' && x.metadata.namespace === need.namespace && x.metadata.name === need.name)
    ) {
      out.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: need.name, namespace: need.namespace },
        spec: {
          clusterIP: nextSvcIp(),
          selector: { app: need.name },
          ports: [{ name: 'http', port: need.port, targetPort: need.port }],
        },
      });
    }
  }
  return { view: objectView(out, o), assumptions };
}

function podFor(dep: K8sObject, podIP: string): K8sObject {
  const tpl =
    (
      dep.spec as
        | {
            template?: {
              metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
              spec?: Record<string, unknown>;
            };
          }
        | undefined
    )?.template ?? {};
  const labels = { ...(tpl.metadata?.labels ?? {}) };
  const spec = { ...(tpl.spec ?? {}) } as { containers?: { name: string }[]; serviceAccountName?: string };
  const optOut =
    labels['sidecar.istio.io/inject'] === 'false' || tpl.metadata?.annotations?.['sidecar.istio.io/inject'] === 'false';
  if (!optOut) {
    labels['security.istio.io/tlsMode'] = 'istio';
    spec.containers = [...(spec.containers ?? []), { name: 'istio-proxy' }];
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${dep.metadata.name}-0`, namespace: dep.metadata.namespace, labels },
    spec: { serviceAccountName: 'default', ...spec },
    status: { podIP, phase: 'Running' },
  };
}
