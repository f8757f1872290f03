/**
 * gateway.IngressGatewayPortAnalyzer (pkg/config/analysis/analyzers/gateway/gateway.go, the same from 1.24.0 to
 * 1.30.3): IST0101 when a Gateway's selector matches no pod, and IST0162 for a server port that no TCP port of a
 * Service selecting those pods exposes, as a port number or as the target port it maps to.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { type Resource, fieldLine, specOf } from '../resource.js';
import { type Labels, selectorMatches, selectorString } from '../labels.js';

interface GatewaySpec {
  selector?: Labels;
  servers?: { port?: { number?: number } }[];
}
interface ServicePort {
  port?: number;
  targetPort?: number | string;
  protocol?: string;
}
interface ServiceSpec {
  selector?: Labels;
  ports?: ServicePort[];
}

export const gatewayPortAnalyzer: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  description: "Checks a gateway's ports against the gateway's Kubernetes service ports",
  analyze({ snapshot, report }) {
    const services = snapshot.list('Service');
    for (const r of snapshot.list('Gateway')) {
      const gw = specOf<GatewaySpec>(r);
      const selector = selectorString(gw.selector);
      const line = fieldLine(r, `{.spec.selector.${selector.slice(0, Math.max(0, selector.indexOf('=')))}}`);
      const pods = snapshot.list('Pod').filter((p) => selectorMatches(gw.selector, p.obj.metadata.labels));
      if (pods.length === 0) {
        report({ ...message(MESSAGES.ReferencedResourceNotFound, r, 'selector', selector), line });
        continue;
      }
      const exposed = new Set<number>();
      for (const pod of pods) for (const svc of servicesOf(pod, services)) addPorts(svc, exposed);
      for (const s of gw.servers ?? []) {
        if (s.port === undefined || exposed.has(s.port.number ?? 0)) continue;
        report({ ...message(MESSAGES.GatewayPortNotDefinedOnService, r, s.port.number ?? 0, selector), line });
      }
    }
  },
};

/** The Services in the pod's namespace whose selector matches it. */
function servicesOf(pod: Resource, services: readonly Resource[]): Resource[] {
  return services.filter(
    (s) =>
      s.obj.metadata.namespace === pod.obj.metadata.namespace &&
      selectorMatches(specOf<ServiceSpec>(s).selector, pod.obj.metadata.labels),
  );
}

/**
 * A TCP port counts by its numeric target port and by its own number (Istio keeps both, the number in a port
 * mapping); a named or absent target port by the port number alone. A port without protocol is not TCP here:
 * Istio reads the protocol as stored, which the API server defaults to TCP but a file may omit.
 */
function addPorts(svc: Resource, into: Set<number>) {
  for (const p of specOf<ServiceSpec>(svc).ports ?? []) {
    if (p.protocol !== 'TCP') continue;
    const t = p.targetPort;
    const target = typeof t === 'number' ? t : /^-?\d+$/.test(t ?? '') ? Number(t) : 0;
    if (target !== 0) into.add(target);
    into.add(p.port ?? 0);
  }
}
