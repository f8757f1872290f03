/**
 * Gateway and VirtualService, read as the ingress gateway's Envoy uses them: servers on a port
 * (protocol, hosts, TLS), and the HTTP routes bound to a Gateway through `gateways:`.
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';

export interface GatewayServer {
  gateway: K8sObject;
  port: number;
  protocol: string;
  /** Hosts without their `ns/` prefix. */
  hosts: string[];
  tls?: { mode?: string; credentialName?: string; httpsRedirect?: boolean };
}

/**
 * The Gateway servers that listen where a connection arrived (`containerPort` on the gateway pod).
 * istiod binds a server's `port.number` to the target port when it is a port of the gateway's
 * Service (80 -> 8080), else to the number itself (pilot/pkg/model/gateway.go resolvePorts), so
 * `number: 80` and `number: 8080` (the 1.24 samples) both serve Service port 80.
 */
export function serversOn(
  view: ClusterView,
  gatewayPod: K8sObject,
  servicePort: number,
  containerPort = servicePort,
): GatewayServer[] {
  const labels = gatewayPod.metadata.labels ?? {};
  const out: GatewayServer[] = [];
  const svcPorts = (
    (view.get('Service', gatewayPod.metadata.namespace, gatewayServiceName(gatewayPod))?.spec?.['ports'] ?? []) as {
      port?: unknown;
      targetPort?: unknown;
    }[]
  ).map((p) => ({ port: Number(p.port), target: Number(p.targetPort ?? p.port) }));
  const listensOn = (n: number) => svcPorts.find((p) => p.port === n)?.target ?? n;
  for (const gw of view.list('Gateway')) {
    const spec = (gw.spec ?? {}) as { selector?: Record<string, string>; servers?: Record<string, unknown>[] };
    const sel = spec.selector ?? {};
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
    for (const s of spec.servers ?? []) {
      const port = s['port'] as { number?: number; protocol?: string } | undefined;
      if (listensOn(Number(port?.number)) !== containerPort) continue;
      const hosts = (Array.isArray(s['hosts']) ? s['hosts'] : []).map((h) => String(h).replace(/^[^/]*\//, ''));
      out.push({
        gateway: gw,
        port: servicePort,
        protocol: String(port?.protocol ?? 'HTTP').toUpperCase(),
        hosts,
        tls: s['tls'] as GatewayServer['tls'],
      });
    }
  }
  return out;
}

/** The gateway's own Service (istio-ingressgateway, istio-egressgateway): the pod's `app` label. */
export function gatewayServiceName(pod: K8sObject): string {
  return pod.metadata.labels?.['app'] ?? 'istio-ingressgateway';
}

/** Istio host matching: `*` any, `*.x` suffix, else exact; case-insensitive. */
export function hostMatches(pattern: string, host: string | undefined): boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  if (host === undefined) return false;
  const h = host.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  return p === h;
}

/** The VirtualServices bound to one of `gateways` whose hosts cover `host` (and the server's hosts). */
export function virtualServicesFor(view: ClusterView, servers: GatewayServer[], host: string): K8sObject[] {
  return view.list('VirtualService').filter((vs) => {
    const spec = (vs.spec ?? {}) as { hosts?: string[]; gateways?: string[] };
    const ns = vs.metadata.namespace ?? 'default';
    const bound = servers.filter((s) =>
      (spec.gateways ?? []).some((g) => {
        const [gns, gname] = g.includes('/') ? g.split('/', 2) : [ns, g];
        return gname === s.gateway.metadata.name && gns === (s.gateway.metadata.namespace ?? 'default');
      }),
    );
    if (bound.length === 0) return false;
    return (
      (spec.hosts ?? []).some((h) => hostMatches(h, host) || hostMatches(host, h)) &&
      bound.some((s) => s.hosts.some((sh) => hostMatches(sh, host)))
    );
  });
}
