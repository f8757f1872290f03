import type { Rule } from './standins.js';

/** `kubectl config view --minify -o json` for one context. */
export function minified(context: string, cluster: string, server: string, ca?: string): string {
  return JSON.stringify({
    kind: 'Config',
    apiVersion: 'v1',
    clusters: [{ name: cluster, cluster: { server, ...(ca ? { 'certificate-authority': ca } : {}) } }],
    contexts: [{ name: context, context: { cluster, user: context, namespace: 'default' } }],
    users: [{ name: context, user: { token: 'REDACTED' } }],
    'current-context': context,
  });
}

export function istiodDeployment(version: string, ready = 1): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
    spec: {
      replicas: 1,
      template: { spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${version}` }] } },
    },
    status: { replicas: 1, readyReplicas: ready },
  });
}

export function ingressService(type = 'LoadBalancer', lbIp?: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
    spec: {
      type,
      ports: [
        { name: 'status-port', port: 15021, nodePort: 30021 },
        { name: 'http2', port: 80, nodePort: 31380 },
        { name: 'https', port: 443, nodePort: 31390 },
      ],
    },
    status: { loadBalancer: lbIp ? { ingress: [{ ip: lbIp }] } : {} },
  });
}

export const notFound = (what: string): Rule['stderr'] => `Error from server (NotFound): ${what} not found\n`;

/** A minikube profile "minikube" running, with Istio `istio` installed: every doctor check passes. */
export function healthyMinikube(home: string, istio = '1.24.2'): Rule[] {
  return [
    {
      tool: 'kubectl',
      args: ['version', '--client'],
      stdout: JSON.stringify({ clientVersion: { gitVersion: 'v1.32.4' } }),
    },
    {
      tool: 'kubectl',
      args: ['config', 'view', '--minify'],
      stdout: minified('minikube', 'minikube', 'https://192.168.49.2:8443', `${home}/.minikube/ca.crt`),
    },
    { tool: 'kubectl', args: ['get', '--raw', '/readyz'], stdout: 'ok' },
    { tool: 'kubectl', args: ['get', 'deployment', 'istiod'], stdout: istiodDeployment(istio) },
    { tool: 'kubectl', args: ['get', 'service', 'istio-ingressgateway'], stdout: ingressService() },
    {
      tool: 'kubectl',
      args: ['get', 'mutatingwebhookconfigurations'],
      stdout: JSON.stringify({ items: [{ metadata: { name: 'istio-sidecar-injector' } }] }),
    },
    {
      tool: 'minikube',
      args: ['status'],
      stdout: JSON.stringify({
        Name: 'minikube',
        Host: 'Running',
        Kubelet: 'Running',
        APIServer: 'Running',
        Kubeconfig: 'Configured',
      }),
    },
    { tool: 'minikube', args: ['ip'], stdout: '192.168.49.2\n' },
    {
      tool: 'minikube',
      args: ['profile', 'list'],
      stdout: JSON.stringify({
        invalid: [],
        valid: [{ Name: 'minikube', Config: { Nodes: [{ IP: '192.168.49.2', Port: 8443 }] } }],
      }),
    },
    { tool: 'istioctl', args: ['version'], stdout: `client version: ${istio}\n` },
  ];
}
