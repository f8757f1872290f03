/**
 * A raw TCP connection from a pod (nc): resolve the name, pick the Service endpoint or the pod,
 * let the mesh engine decide the hop at L4 (the bytes are not HTTP, so Envoy's tcp_proxy and the
 * L4 fields of AuthorizationPolicy apply), and let a TCP application answer what was sent.
 * A proxy that refuses the connection (STRICT to a plaintext client, a DENY) closes it after
 * accepting it: the client sees the connection end without data, not a refusal.
 */
import type { ClusterView, ProcessOrigin } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { decideTraced, type Decision } from '../mesh/index.js';
import type { RequestSource, ServiceRef } from '../mesh/model.js';
import { endpoints, isGatewayPod, servicePorts, targetPortOn, workloadOf } from './cluster-index.js';
import { resolveHost, surelyUnresolvable } from './dns.js';
import { appForPod } from './apps/index.js';
import { NotSimulated, noInternet } from './not-simulated.js';
import { clientWorkload, OUTSIDE_IP } from './client-source.js';
import { assertNever } from '../../errors.js';
import { meshOf } from './mesh-of.js';

export type TcpOutcome =
  /** Connected; the server wrote `reply` (possibly nothing) and closed. */
  | { kind: 'connected'; ip: string; reply: string; decisions: Decision[] }
  /** Connected (to a proxy), then closed or reset without any data. */
  | { kind: 'closed'; ip: string; decisions: Decision[] }
  | { kind: 'refused'; ip: string }
  /** Nothing answers: the kernel gives up after its SYN retries. */
  | { kind: 'timeout'; ip: string }
  | { kind: 'unresolved' };

export function tcpExchange(
  origin: ProcessOrigin,
  host: string,
  port: number,
  payload: string,
  view: ClusterView,
): TcpOutcome {
  const resolved = resolveHost(host, origin, view);
  if (!resolved) {
    if (!surelyUnresolvable(host, view)) throw noInternet(`resolving ${host}`);
    return { kind: 'unresolved' };
  }
  const ip = resolved.ip;
  const source: RequestSource =
    origin.kind === 'pod'
      ? { kind: 'workload', workload: clientWorkload(origin, view) }
      : { kind: 'outside', ip: OUTSIDE_IP };
  // istio-iptables sends every outbound connection of an app with a sidecar to its Envoy first.
  const clientProxy = source.kind === 'workload' && source.workload.sidecar && source.workload.role === 'app';
  const mesh = meshOf(view);
  const decisions: Decision[] = [];

  const toPod = (pod: K8sObject, targetPort: number, service?: ServiceRef): TcpOutcome => {
    if (isGatewayPod(pod, view)) throw new NotSimulated('a TCP connection to the ingress gateway is not simulated');
    const server = workloadOf(pod, view);
    const destination = { kind: 'workload' as const, workload: server, targetPort, service };
    const d = decideTraced({ source, destination, appTls: false }, mesh);
    decisions.push(d);
    if (d.outcome.kind === 'not-simulated') throw new NotSimulated(d.outcome.reason);
    if (d.outcome.kind !== 'delivered') return { kind: 'closed', ip, decisions };
    const app = appForPod(pod);
    if (!app || (app.ports.length > 0 && !app.ports.includes(targetPort))) {
      // The kernel refuses; an Envoy in between has already accepted, so it closes instead.
      return clientProxy || server.sidecar ? { kind: 'closed', ip, decisions } : { kind: 'refused', ip };
    }
    if (!app.tcp) throw new NotSimulated(`raw TCP to ${app.name} is not simulated (it speaks HTTP; use curl)`);
    return { kind: 'connected', ip, reply: app.tcp(payload), decisions };
  };

  switch (resolved.kind) {
    case 'service': {
      const svc = resolved.svc;
      const sp = servicePorts(svc).find((p) => p.port === port);
      if (!sp) return clientProxy ? { kind: 'closed', ip, decisions } : { kind: 'timeout', ip };
      const pod = endpoints(svc, view)[0];
      if (!pod) return clientProxy ? { kind: 'closed', ip, decisions } : { kind: 'refused', ip };
      const tp = targetPortOn(sp, pod);
      if (tp === undefined) return { kind: 'refused', ip };
      return toPod(pod, tp, { name: svc.metadata.name, namespace: svc.metadata.namespace ?? 'default', port: sp.port });
    }
    case 'pod':
      return toPod(resolved.pod, port);
    case 'loopback': {
      if (origin.kind !== 'pod') throw new NotSimulated("nc to the learner's own machine is not simulated");
      const app = appForPod(origin.pod);
      if (!app || !app.ports.includes(port)) return { kind: 'refused', ip };
      if (!app.tcp) throw new NotSimulated(`raw TCP to ${app.name} is not simulated (it speaks HTTP; use curl)`);
      return { kind: 'connected', ip, reply: app.tcp(payload), decisions };
    }
    case 'node':
      throw new NotSimulated('a TCP connection to a node port is not simulated');
    case 'external':
      throw new NotSimulated(`a TCP connection to ${resolved.host} (outside the cluster) is not simulated`);
    case 'nowhere':
      return { kind: 'timeout', ip };
    default:
      return assertNever(resolved, 'resolution');
  }
}
