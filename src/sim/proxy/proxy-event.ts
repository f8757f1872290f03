/**
 * What one request did at one Envoy, as the network saw it: the lines Envoy would log for it.
 * The network builds these (pure); the edge that owns the cluster state (kube/proxy-logs.ts)
 * keeps the ones the proxy's logger levels and the mesh's access log settings let through.
 */

/** One Envoy debug line before the timestamp/level prefix: `logger` is Envoy's logger name. */
export interface EnvoyDebugLine {
  logger: 'rbac';
  level: 'debug';
  /** Envoy's `%g:%#`: the source file and line that logs it. */
  source: string;
  message: string;
}

/** One request's access log entry: Istio's default JSON fields, by name (telemetry_logging.go). */
export type AccessEntry = Readonly<Record<string, string | number | null>>;

export interface ProxyEvent {
  /** The pod whose istio-proxy container logs the lines. */
  pod: { namespace: string; name: string; uid?: string };
  debug: readonly EnvoyDebugLine[];
  access?: AccessEntry;
}

/** Receives proxy events; ClusterView implementations that keep state record them. */
export type ProxyEventSink = (event: ProxyEvent) => void;
