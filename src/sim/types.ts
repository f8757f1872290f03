/**
 * The contract between the simulated API server (object store + kubectl, `src/sim/kube/`)
 * and the simulated network (curl, apps, the Istio data plane, `src/sim/net/` and
 * `src/sim/mesh/`). Objects are stored as plain Kubernetes JSON, exactly as `kubectl get -o json`
 * would show them, so the mesh engine reads the same shapes it would read from a real cluster.
 */
import type { ProxyEventSink } from './proxy/proxy-event.js';

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

/**
 * A read-only view of the simulated cluster at one moment, for the network and the mesh engine.
 * Kinds are the Kubernetes kind names (`Pod`, `Service`, `PeerAuthentication`, ...).
 */
export interface ClusterView {
  /** The Istio minor version installed, e.g. "1.24". */
  readonly istioVersion: string;
  /** Istio's root namespace (mesh-wide policy lives here). Default `istio-system`. */
  readonly rootNamespace: string;
  /** The mesh's trust domain. Default `cluster.local`. */
  readonly trustDomain: string;
  /** meshConfig.outboundTrafficPolicy.mode. Default `ALLOW_ANY`. */
  readonly outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  /** Objects of a kind, in one namespace or (namespace undefined) in all; creation order. */
  list(kind: string, namespace?: string): readonly K8sObject[];
  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined;
  /** Milliseconds since the epoch, as the simulated cluster sees it (tests pin it). */
  now(): number;
  /** Keeps what a request made a proxy log (kubectl logs -c istio-proxy); absent: nothing is kept. */
  recordProxy?: ProxyEventSink;
}

/** What a simulated process printed and how it exited. */
export interface ProcessResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Where a process runs: inside a pod's container, or on the learner's machine (the host). */
export type ProcessOrigin =
  | { kind: 'pod'; pod: K8sObject; container: string }
  | { kind: 'host' };

/**
 * Runs a program (curl, wget, sh -c "...", cat, ...) inside a pod or on the host, against the
 * simulated network. Implemented by `src/sim/net/`; `kubectl exec` calls it.
 * Returns `undefined` when the program is not simulated, so the caller can refuse with exit 3.
 */
export type RunProcess = (origin: ProcessOrigin, argv: readonly string[], stdin: string, view: ClusterView) => ProcessResult | undefined;

/** Exit code meaning "the simulator cannot model this"; the message says what was refused. */
export const NOT_SIMULATED_EXIT = 3;
