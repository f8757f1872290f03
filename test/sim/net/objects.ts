/** Kubernetes objects for the network tests, as a manifest would write them. */
import type { K8sObject } from '../../../src/kube/object.js';

export const object = (
  apiVersion: string,
  kind: string,
  ns: string,
  name: string,
  spec: Record<string, unknown>,
): K8sObject => ({ apiVersion, kind, metadata: { name, namespace: ns }, spec });

/** A Service selecting `app` (default: its own name) with one `http` port. */
export const service = (ns: string, name: string, port: number, target: number, app = name): K8sObject =>
  object('v1', 'Service', ns, name, { selector: { app }, ports: [{ name: 'http', port, targetPort: target }] });

/** A Deployment of one container running as service account `name`; `inject: false` opts out of the sidecar. */
export const deployment = (ns: string, name: string, image: string, inject = true): K8sObject =>
  object('apps/v1', 'Deployment', ns, name, {
    template: {
      metadata: { labels: { app: name, ...(inject ? {} : { 'sidecar.istio.io/inject': 'false' }) } },
      spec: { serviceAccountName: name, containers: [{ name, image }] },
    },
  });
