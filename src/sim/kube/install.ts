/**
 * A fresh minikube cluster with Istio installed by `istioctl install` (default profile): the
 * namespaces, the node, kube-system's pods, and istio-system with what istio-components.ts renders
 * for the default profile (istiod, or the 1.4 control plane, and the istio-ingressgateway:
 * LoadBalancer, EXTERNAL-IP <pending> on minikube) plus the CA secret istiod creates on start.
 */
import type { K8sObject } from '../../kube/object.js';
import { DEFAULT_PLAN, ISTIO_NAMESPACE, istioComponents } from './istio-components.js';
import { serverCreate } from './api.js';
import type { ApiError } from './api-error.js';
import { typeOfKind } from './resources.js';
import { type ClusterData, Store } from './store.js';
import { NODE_IP, NODE_NAME, createPod } from './workloads.js';

export { KUBERNETES_VERSION } from './kubernetes-version.js';
import { KUBERNETES_VERSION } from './kubernetes-version.js';

export function create(store: Store, obj: K8sObject): K8sObject {
  const type = typeOfKind(obj.kind, store.data.istio);
  if (!type) throw new Error(`install: unknown kind ${obj.kind}`);
  const r = serverCreate(store, type, obj);
  if ('reason' in r) throw new Error(`install: ${(r as ApiError & { message?: string }).message ?? r.reason}`);
  return r;
}

const meta = (name: string, namespace?: string, labels?: Record<string, string>) => ({
  name,
  ...(namespace ? { namespace } : {}),
  ...(labels ? { labels } : {}),
});

function deployment(
  name: string,
  ns: string,
  labels: Record<string, string>,
  podLabels: Record<string, string>,
  sa: string,
  containers: unknown[],
): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, ns, labels),
    spec: {
      replicas: 1,
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels, annotations: { 'sidecar.istio.io/inject': 'false' } },
        spec: { serviceAccountName: sa, containers },
      },
    },
  };
}

function service(
  name: string,
  ns: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  ports: unknown[],
  extra: Record<string, unknown> = {},
): K8sObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, ns, labels), spec: { selector, ports, ...extra } };
}

function installIstio(store: Store, version: string): void {
  const ns = ISTIO_NAMESPACE;
  create(store, { apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns) });
  for (const obj of istioComponents(version, DEFAULT_PLAN)) create(store, obj);
  // The self-signed root istiod (citadel before 1.5) creates on first start (security/pkg/pki/ca CASecret),
  // and the root cert its namespace controller copies into every namespace but the ignored ones.
  const pem = (what: string) =>
    Buffer.from(`-----BEGIN ${what}-----\n(simulated)\n-----END ${what}-----\n`).toString('base64');
  create(store, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta('istio-ca-secret', ns),
    type: 'istio.io/ca-root',
    data: {
      'ca-cert.pem': pem('CERTIFICATE'),
      'ca-key.pem': pem('RSA PRIVATE KEY'),
      'cert-chain.pem': '',
      'key.pem': '',
      'root-cert.pem': '',
    },
  });
  if (!store.get('ConfigMap', 'default', 'istio-ca-root-cert')) {
    create(store, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('istio-ca-root-cert', 'default', { 'istio.io/config': 'true' }),
      data: { 'root-cert.pem': '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n' },
    });
  }
}

// kube-system as minikube v1.38.1 starts Kubernetes v1.35.1: CoreDNS v1.13.1 and etcd 3.6.6-0
// (pkg/minikube/constants/constants_kubeadm_images.go in kubernetes/minikube at v1.38.1).
function installKubeSystem(store: Store): void {
  create(
    store,
    service(
      'kubernetes',
      'default',
      { component: 'apiserver', provider: 'kubernetes' },
      {},
      [{ name: 'https', port: 443, targetPort: 8443 }],
      { clusterIP: '10.96.0.1' },
    ),
  );
  const kubernetesSpec = store.get('Service', 'default', 'kubernetes')?.spec as Record<string, unknown> | undefined;
  if (kubernetesSpec) delete kubernetesSpec.selector;
  create(
    store,
    deployment('coredns', 'kube-system', { 'k8s-app': 'kube-dns' }, { 'k8s-app': 'kube-dns' }, 'coredns', [
      { name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.13.1' },
    ]),
  );
  create(
    store,
    service(
      'kube-dns',
      'kube-system',
      { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' },
      { 'k8s-app': 'kube-dns' },
      [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      { clusterIP: '10.96.0.10' },
    ),
  );
  for (const [name, image] of [
    ['etcd-minikube', 'registry.k8s.io/etcd:3.6.6-0'],
    ['kube-apiserver-minikube', `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`],
    ['kube-controller-manager-minikube', `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`],
    ['kube-proxy-7xk2p', `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`],
    ['kube-scheduler-minikube', `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`],
    ['storage-provisioner', 'gcr.io/k8s-minikube/storage-provisioner:v5'],
  ] as const) {
    const pod = createPod(store, 'kube-system', name, {
      metadata: { labels: { component: name.replace(/-minikube$|-7xk2p$/, '') } },
      spec: { containers: [{ name: name.replace(/-minikube$|-7xk2p$/, ''), image }], hostNetwork: true },
    });
    (pod.status as { podIP: string; podIPs: unknown }).podIP = NODE_IP;
    (pod.status as { podIPs: unknown }).podIPs = [{ ip: NODE_IP }];
  }
}

/** A new cluster's data: minikube's node and namespaces, then Istio `version`. */
export function installCluster(version: string, now: number): ClusterData {
  const data: ClusterData = {
    istio: version,
    created: now,
    propagationMs: 0,
    counter: 0,
    nextPodIp: 1,
    objects: [],
    history: [],
  };
  const store = new Store(data, now);
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    create(store, { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name) });
  store.put({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(NODE_NAME, undefined, {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': NODE_NAME,
      'kubernetes.io/os': 'linux',
      'minikube.k8s.io/name': 'minikube',
      'minikube.k8s.io/primary': 'true',
      'node-role.kubernetes.io/control-plane': '',
    }),
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      addresses: [
        { type: 'InternalIP', address: NODE_IP },
        { type: 'Hostname', address: NODE_NAME },
      ],
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'docker://27.4.0',
        kernelVersion: '6.8.0-49-generic',
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
      },
    },
  });
  installKubeSystem(store);
  installIstio(store, version);
  // Nothing the install did is a "change" the data plane must wait for.
  data.history = [];
  return data;
}
