/** Test builder: a mesh with workloads and policies added one line each, and a request to decide. */
import type { K8sObject } from '../../../src/kube/object.js';
import {
  compileMesh,
  decide,
  objectView,
  type Decision,
  type MeshRequest,
  type Workload,
} from '../../../src/sim/mesh/index.js';

export class Mesh {
  readonly objects: K8sObject[] = [];
  private ip = 10;
  istio = '1.24';
  now = Date.UTC(2026, 0, 1);

  /** A workload `ns/name` (labels app=name, service account name). */
  workload(ns: string, name: string, o: { sidecar?: boolean; sa?: string } = {}): Workload {
    return {
      namespace: ns,
      name: `${name}-0`,
      labels: { app: name },
      serviceAccount: o.sa ?? name,
      sidecar: o.sidecar ?? true,
      ip: `10.244.0.${this.ip++}`,
      role: 'app',
    };
  }

  policy(kind: string, ns: string, name: string, spec: Record<string, unknown>): this {
    const group = ['DestinationRule', 'Sidecar', 'ServiceEntry'].includes(kind)
      ? 'networking.istio.io/v1'
      : 'security.istio.io/v1';
    this.objects.push({ apiVersion: group, kind, metadata: { name, namespace: ns }, spec });
    return this;
  }
  pa(
    ns: string,
    name: string,
    mode: string,
    selector?: Record<string, string>,
    portLevelMtls?: Record<string, { mode: string }>,
  ): this {
    return this.policy('PeerAuthentication', ns, name, {
      ...(selector ? { selector: { matchLabels: selector } } : {}),
      mtls: { mode },
      ...(portLevelMtls ? { portLevelMtls } : {}),
    });
  }
  ap(ns: string, name: string, spec: Record<string, unknown>): this {
    return this.policy('AuthorizationPolicy', ns, name, spec);
  }
  ra(ns: string, name: string, spec: Record<string, unknown>): this {
    return this.policy('RequestAuthentication', ns, name, spec);
  }
  dr(ns: string, name: string, host: string, mode: string): this {
    return this.policy('DestinationRule', ns, name, { host, trafficPolicy: { tls: { mode } } });
  }

  decide(
    from: Workload | 'outside',
    to: Workload,
    http: Partial<{ method: string; path: string; headers: Record<string, string> }> = {},
    port = 8080,
  ): Decision {
    const view = objectView(this.objects, { istioVersion: this.istio, now: this.now });
    const req: MeshRequest = {
      source: from === 'outside' ? { kind: 'outside', ip: '10.244.0.1' } : { kind: 'workload', workload: from },
      destination: {
        kind: 'workload',
        workload: to,
        targetPort: port,
        service: { name: to.labels['app']!, namespace: to.namespace, port: 8000 },
      },
      appTls: false,
      http: {
        method: http.method ?? 'GET',
        host: `${to.labels['app']}.${to.namespace}:8000`,
        path: http.path ?? '/ip',
        headers: http.headers ?? {},
      },
    };
    return decide(req, compileMesh(view));
  }
}

/** The outcome as a short string: "200", "403", "reset", "503", ... */
export function code(d: Decision): string {
  const o = d.outcome;
  if (o.kind === 'delivered') return '200';
  if (o.kind === 'local-reply') return String(o.status);
  return o.kind;
}

/** The policy that decided (the matching DENY/ALLOW policy, or the PA for a reset). */
export function decidedBy(d: Decision): string | undefined {
  return d.trace.find((t) => t.stage === 'outcome')?.policy?.name;
}
