/**
 * service.PortNameAnalyzer (pkg/config/analysis/analyzers/service/portname.go, 1.24.0-1.30.3): IST0118 for
 * a Service port whose protocol Istio cannot infer from its name or appProtocol, IST0150 instead on an
 * ExternalName Service (also for a port named "tcp"). Istio's own Services (label `istio` or
 * `release=istio`) and managed gateway Services are skipped.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { fieldLine, specOf } from '../resource.js';
import { portProtocol } from '../protocol.js';

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}
interface ServiceSpec {
  type?: string;
  ports?: ServicePort[];
}

const MANAGED = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

export const portNameAnalyzer: Analyzer = {
  name: 'service.PortNameAnalyzer',
  description: 'Checks the port names associated with each service',
  analyze({ snapshot, report }) {
    for (const r of snapshot.list('Service')) {
      const labels = r.obj.metadata.labels ?? {};
      if (labels['istio'] !== undefined || labels['release'] === 'istio') continue;
      if (MANAGED.has(labels['gateway.istio.io/managed'] ?? '')) continue;
      const svc = specOf<ServiceSpec>(r);
      (svc.ports ?? []).forEach((p, i) => {
        const name = p.name ?? '';
        const unsupported = portProtocol(p.port ?? 0, name, p.protocol, p.appProtocol) === undefined;
        if (!unsupported && !(name === 'tcp' && svc.type === 'ExternalName')) return;
        // An absent targetPort prints as IntOrString's zero value, 0.
        const m =
          svc.type === 'ExternalName'
            ? message(MESSAGES.ExternalNameServiceTypeInvalidPortName, r)
            : message(MESSAGES.PortNameIsNotUnderNamingConvention, r, name, p.port ?? 0, String(p.targetPort ?? 0));
        report({ ...m, line: fieldLine(r, `{.spec.ports[${i}].port}`) });
      });
    }
  },
};
