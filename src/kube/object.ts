/**
 * The Kubernetes object model meshwalk shares between the real cluster adapter, the commands and
 * the simulator: objects as plain JSON, exactly as `kubectl get -o json` shows them.
 */

/** Any Kubernetes object, as JSON. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
    creationTimestamp?: string;
    generation?: number;
    resourceVersion?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  spec?: Record<string, unknown> & object;
  status?: Record<string, unknown> & object;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  type?: string;
  [key: string]: unknown;
}
