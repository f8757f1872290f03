/**
 * Sidecar injection, as Istio's mutating webhook does it at pod creation (istio.io, "Installing the sidecar"):
 * - namespace label `istio-injection=enabled`, or `istio.io/rev=default` (the default revision tag;
 *   another revision is not installed, so it injects nothing);
 * - from 1.10, a pod label `sidecar.istio.io/inject: "true"` in a namespace with neither label;
 * - opted out by `sidecar.istio.io/inject: "false"` as a pod label or annotation.
 * The injected pod gets the `istio-init` init container, the `istio-proxy` container and the label
 * `security.istio.io/tlsMode=istio` that auto mTLS looks for. Where the release injects native
 * sidecars (kube/native-sidecars.ts, 1.27+ on the simulated node), `istio-proxy` is the second init
 * container instead, with `restartPolicy: Always`, and `spec.containers` keeps only the app's.
 */
import type { K8sObject } from '../../kube/object.js';
import { istioMinor, istioRelease } from '../versions.js';
import { injectsNativeSidecar } from './native-sidecars.js';

type Meta = { labels?: Record<string, string>; annotations?: Record<string, string> };

export function shouldInject(ns: K8sObject | undefined, pod: Meta, istio: string): boolean {
  const nsLabels = ns?.metadata.labels ?? {};
  const label = pod.labels?.['sidecar.istio.io/inject'];
  const annotation = pod.annotations?.['sidecar.istio.io/inject'];
  if (label === 'false' || annotation === 'false') return false;
  const injection = nsLabels['istio-injection'];
  const rev = nsLabels['istio.io/rev'];
  if (injection === 'enabled') return true;
  if (injection !== undefined) return false;
  if (rev !== undefined) return rev === 'default' && (istioMinor(istio) ?? 24) >= 10;
  return label === 'true' && (istioMinor(istio) ?? 24) >= 10;
}

interface Container {
  name: string;
  image?: string;
  [k: string]: unknown;
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { name: string }[];
  [k: string]: unknown;
}

/** Mutates a pod (metadata + spec) as the injector does. */
export function inject(pod: { metadata: Meta; spec: PodSpec }, istio: string, workloadName: string): void {
  const image = `docker.io/istio/proxyv2:${istioRelease(istio)}`;
  const labels = (pod.metadata.labels ??= {});
  const annotations = (pod.metadata.annotations ??= {});
  const app = pod.spec.containers?.[0]?.name ?? workloadName;
  labels['security.istio.io/tlsMode'] = 'istio';
  labels['service.istio.io/canonical-name'] = labels['app.kubernetes.io/name'] ?? labels['app'] ?? workloadName;
  labels['service.istio.io/canonical-revision'] = labels['app.kubernetes.io/version'] ?? labels['version'] ?? 'latest';
  if ((istioMinor(istio) ?? 24) >= 10) {
    annotations['kubectl.kubernetes.io/default-container'] = app;
    annotations['kubectl.kubernetes.io/default-logs-container'] = app;
  }
  annotations['prometheus.io/path'] = '/stats/prometheus';
  annotations['prometheus.io/port'] = '15020';
  annotations['prometheus.io/scrape'] = 'true';
  annotations['istio.io/rev'] = 'default';
  const native = injectsNativeSidecar(istio, annotations);
  // The istio-ca-crl ConfigMap volume is in the injection template from 1.27.0
  // (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml).
  const volumes = [
    'workload-socket',
    'credential-socket',
    'workload-certs',
    'istio-envoy',
    'istio-data',
    'istio-podinfo',
    'istio-token',
    'istiod-ca-cert',
    ...((istioMinor(istio) ?? 0) >= 27 ? ['istio-ca-crl'] : []),
  ];
  // getInjectionStatus (pkg/kube/inject/webhook.go, 1.24.0 to 1.31.0-rc.0) lists the template pod's containers: none
  // besides the proxy, which a native sidecar moves to the init containers (JSON null when empty).
  annotations['sidecar.istio.io/status'] = JSON.stringify({
    initContainers: native ? ['istio-init', 'istio-proxy'] : ['istio-init'],
    containers: native ? null : ['istio-proxy'],
    volumes,
    imagePullSecrets: null,
    revision: 'default',
  });
  const init = {
    name: 'istio-init',
    image,
    args: [
      'istio-iptables',
      '-p',
      '15001',
      '-z',
      '15006',
      '-u',
      '1337',
      '-m',
      'REDIRECT',
      '-i',
      '*',
      '-x',
      '',
      '-b',
      '*',
      '-d',
      '15090,15021,15020',
      '--log_output_level=default:info',
    ],
    imagePullPolicy: 'IfNotPresent',
  };
  const proxy = {
    name: 'istio-proxy',
    image,
    ...(native ? { restartPolicy: 'Always' } : {}),
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    imagePullPolicy: 'IfNotPresent',
  };
  // reorderPod (pkg/kube/inject/webhook.go at 1.31.0-rc.0): with a native sidecar the order is istio-init, istio-proxy,
  // then the pod's own init containers, so those run inside the mesh; otherwise istio-init runs last (from 1.10.0 at
  // least), so that the pod's own init containers reach the network before iptables redirects it.
  const own = pod.spec.initContainers ?? [];
  const initLast = (istioMinor(istio) ?? 0) >= 10;
  pod.spec.initContainers = native ? [init, proxy, ...own] : initLast ? [...own, init] : [init, ...own];
  pod.spec.containers = native ? [...(pod.spec.containers ?? [])] : [...(pod.spec.containers ?? []), proxy];
  pod.spec.volumes = [...(pod.spec.volumes ?? []), ...volumes.map((name) => ({ name, emptyDir: {} }))];
}
