/**
 * The contract between the simulated API server (object store + kubectl, `src/sim/kube/`)
 * and the simulated network (curl, apps, the Istio data plane, `src/sim/net/` and
 * `src/sim/mesh/`). Objects are stored as plain Kubernetes JSON, exactly as `kubectl get -o json`
 * would show them, so the mesh engine reads the same shapes it would read from a real cluster.
 */
import type { ProxyEventSink } from './proxy/proxy-event.js';
import type { ClusterView as KubeClusterView } from '../kube/cluster-view.js';
import type { K8sObject } from '../kube/object.js';

/** The cluster as the simulated network sees it: the shared view, plus where proxies log. */
export interface ClusterView extends KubeClusterView {
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
/** Where a program runs: in a pod's container, or on the learner's machine in `cwd` (its relative paths). */
export type ProcessOrigin = { kind: 'pod'; pod: K8sObject; container: string } | { kind: 'host'; cwd?: string };

/**
 * Runs a program (curl, wget, sh -c "...", cat, ...) inside a pod or on the host, against the
 * simulated network. Implemented by `src/sim/net/`; `kubectl exec` calls it.
 * Returns `undefined` when the program is not simulated, so the caller can refuse with exit 3.
 */
export type RunProcess = (
  origin: ProcessOrigin,
  argv: readonly string[],
  stdin: string,
  view: ClusterView,
) => ProcessResult | undefined;

/** Exit code meaning "the simulator cannot model this"; the message says what was refused. */
export const NOT_SIMULATED_EXIT = 3;
