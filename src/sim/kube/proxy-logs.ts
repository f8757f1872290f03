/**
 * The istio-proxy containers' logs: each request a proxy handles appends the lines Envoy would
 * write to stdout, filtered by that proxy's logger levels (`istioctl proxy-config log`) and the
 * mesh's access log settings, stamped with the cluster clock. Only the last PROXY_LOG_LINES
 * lines of a pod are kept, as a bound on the state file.
 */
import type { K8sObject } from '../../kube/object.js';
import type { AccessEntry, ProxyEvent } from '../proxy/proxy-event.js';
import { meshSettings, meshText } from '../proxy/mesh-settings.js';
import type { Store } from './store.js';

/** Lines kept per pod. */
export const PROXY_LOG_LINES = 500;

const DEBUG_LEVELS = new Set(['trace', 'debug']);

function keyOf(pod: { namespace?: string; name: string; uid?: string }): string {
  return pod.uid ?? `${pod.namespace ?? ''}/${pod.name}`;
}

/** Envoy's log time as pilot-agent's `--log-format` prints it (`%Y-%m-%dT%T.%fZ`, microseconds). */
function envoyTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export function recordProxyEvent(store: Store, e: ProxyEvent): void {
  const key = keyOf(e.pod);
  // Envoy's loggers start at `warning` (istioctl/envoy-loggers.ts): only a changed level logs debug.
  const levels = store.data.proxyLogLevels?.[key] ?? {};
  const at = envoyTime(store.now);
  const lines: string[] = [];
  for (const d of e.debug) {
    if (!DEBUG_LEVELS.has(levels[d.logger] ?? '')) continue;
    // Istio's bootstrap log format: `%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t`.
    lines.push(`${at}\t${d.level}\tenvoy ${d.logger} ${d.source}\t${d.message}\tthread=21`);
  }
  const settings = meshSettings(meshText(storeView(store)));
  if (e.access && settings.accessLogFile === '/dev/stdout')
    lines.push(accessLine(e.access, at, settings.accessLogEncoding));
  if (lines.length === 0) return;
  const logs = (store.data.proxyLogs ??= {});
  const kept = [...(logs[key] ?? []), ...lines];
  logs[key] = kept.slice(Math.max(0, kept.length - PROXY_LOG_LINES));
  store.dirty = true;
}

function storeView(store: Store) {
  return { get: (kind: string, ns: string | undefined, name: string) => store.get(kind, ns, name) };
}

/** The pod's istio-proxy log, oldest first. */
export function proxyLogOf(store: Store, pod: K8sObject): readonly string[] {
  return store.data.proxyLogs?.[keyOf(pod.metadata)] ?? [];
}

/**
 * One access log line. JSON: Envoy's JSON formatter writes the keys sorted, empty values as
 * null; TEXT: Istio's EnvoyTextLogFormat (pilot/pkg/model/telemetry_logging.go), `-` for empty.
 */
function accessLine(a: AccessEntry, at: string, encoding: 'TEXT' | 'JSON'): string {
  const v: Record<string, string | number | null> = { ...a, start_time: at.replace(/(\.\d{3})\d{3}Z$/, '$1Z') };
  if (encoding === 'JSON') {
    return JSON.stringify(
      Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, v[k] === '' ? null : v[k]]),
      ),
    );
  }
  const f = (k: string) => (v[k] === null || v[k] === '' || v[k] === undefined ? '-' : String(v[k]));
  const fields = [
    `[${f('start_time')}]`,
    `"${f('method')} ${f('path')} ${f('protocol')}"`,
    f('response_code'),
    f('response_flags'),
    f('response_code_details'),
    f('connection_termination_details'),
    `"${f('upstream_transport_failure_reason')}"`,
    f('bytes_received'),
    f('bytes_sent'),
    f('duration'),
    f('upstream_service_time'),
    `"${f('x_forwarded_for')}"`,
    `"${f('user_agent')}"`,
    `"${f('request_id')}"`,
    `"${f('authority')}"`,
    `"${f('upstream_host')}"`,
    f('upstream_cluster'),
    f('upstream_local_address'),
    f('downstream_local_address'),
    f('downstream_remote_address'),
    f('requested_server_name'),
    f('route_name'),
  ];
  return fields.join(' ');
}
