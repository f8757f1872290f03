/**
 * What the API server rejects, with its messages: names, required fields, enum values from the
 * Istio CRD schemas (crd-all.gen.yaml `enum:` lists), and unknown fields (kubectl 1.32 applies with
 * `--validate=strict`, so the server answers "strict decoding error: unknown field ...").
 */
import type { K8sObject } from '../types.js';
import type { ApiError } from './api-error.js';
import type { ResourceType } from './resources.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function nameProblem(kind: string, name: string): string | undefined {
  if (kind === 'Namespace') {
    if (!LABEL.test(name) || name.length > 63) return `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
  } else if (kind === 'Service') {
    if (!DNS1035.test(name) || name.length > 63) return `metadata.name: Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;
  } else if (!SUBDOMAIN.test(name) || name.length > 253) {
    return `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  }
  return undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Known top-level fields per kind (beyond apiVersion/kind/metadata). */
const TOP: Record<string, string[]> = {
  Secret: ['data', 'stringData', 'type', 'immutable'],
  ConfigMap: ['data', 'binaryData', 'immutable'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
};

/** Known `spec` fields of the Istio kinds (1.24 API), for strict decoding. */
const ISTIO_SPEC: Record<string, string[]> = {
  PeerAuthentication: ['selector', 'mtls', 'portLevelMtls'],
  RequestAuthentication: ['selector', 'targetRef', 'targetRefs', 'jwtRules'],
  AuthorizationPolicy: ['selector', 'targetRef', 'targetRefs', 'rules', 'action', 'provider'],
  DestinationRule: ['host', 'trafficPolicy', 'subsets', 'exportTo', 'workloadSelector'],
  Gateway: ['selector', 'servers'],
  VirtualService: ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo'],
  ServiceEntry: ['hosts', 'addresses', 'ports', 'location', 'resolution', 'endpoints', 'workloadSelector', 'exportTo', 'subjectAltNames'],
  Sidecar: ['workloadSelector', 'ingress', 'egress', 'outboundTrafficPolicy', 'inboundConnectionPool'],
};

const PA_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];
const DR_TLS = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];
const GW_TLS = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'];

function unsupported(path: string, value: unknown, allowed: string[]): string {
  return `${path}: Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`;
}

function enumAt(causes: string[], path: string, value: unknown, allowed: string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) causes.push(unsupported(path, value, allowed));
}

function istioEnums(kind: string, spec: Obj, causes: string[]): void {
  switch (kind) {
    case 'PeerAuthentication': {
      enumAt(causes, 'spec.mtls.mode', (spec.mtls as Obj | undefined)?.mode, PA_MODES);
      for (const [port, v] of Object.entries((spec.portLevelMtls as Obj | undefined) ?? {})) {
        enumAt(causes, `spec.portLevelMtls[${port}].mode`, (v as Obj | undefined)?.mode, PA_MODES);
      }
      return;
    }
    case 'AuthorizationPolicy':
      enumAt(causes, 'spec.action', spec.action, ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
      return;
    case 'DestinationRule': {
      const tp = spec.trafficPolicy as Obj | undefined;
      enumAt(causes, 'spec.trafficPolicy.tls.mode', (tp?.tls as Obj | undefined)?.mode, DR_TLS);
      ((tp?.portLevelSettings as Obj[] | undefined) ?? []).forEach((s, i) =>
        enumAt(causes, `spec.trafficPolicy.portLevelSettings[${i}].tls.mode`, (s.tls as Obj | undefined)?.mode, DR_TLS));
      return;
    }
    case 'Gateway':
      ((spec.servers as Obj[] | undefined) ?? []).forEach((s, i) => enumAt(causes, `spec.servers[${i}].tls.mode`, (s.tls as Obj | undefined)?.mode, GW_TLS));
      return;
    case 'Sidecar':
      enumAt(causes, 'spec.outboundTrafficPolicy.mode', (spec.outboundTrafficPolicy as Obj | undefined)?.mode, ['REGISTRY_ONLY', 'ALLOW_ANY']);
      return;
    case 'ServiceEntry':
      enumAt(causes, 'spec.location', spec.location, ['MESH_EXTERNAL', 'MESH_INTERNAL']);
      enumAt(causes, 'spec.resolution', spec.resolution, ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']);
      return;
  }
}

function coreChecks(obj: K8sObject, causes: string[]): void {
  const spec = (obj.spec ?? {}) as Obj;
  const containers = (base: string, podSpec: Obj | undefined) => {
    const cs = podSpec?.containers as Obj[] | undefined;
    if (!Array.isArray(cs) || cs.length === 0) {
      causes.push(`${base}.containers: Required value`);
      return;
    }
    cs.forEach((c, i) => {
      if (!c.name) causes.push(`${base}.containers[${i}].name: Required value`);
      if (!c.image) causes.push(`${base}.containers[${i}].image: Required value`);
    });
  };
  switch (obj.kind) {
    case 'Deployment': {
      const sel = spec.selector as { matchLabels?: Record<string, string> } | undefined;
      const template = spec.template as { metadata?: { labels?: Record<string, string> }; spec?: Obj } | undefined;
      if (!sel) causes.push('spec.selector: Required value');
      const labels = template?.metadata?.labels ?? {};
      if (sel && Object.entries(sel.matchLabels ?? {}).some(([k, v]) => labels[k] !== v)) {
        const m = Object.entries(labels).map(([k, v]) => `"${k}":"${v}"`).join(', ');
        causes.push(`spec.template.metadata.labels: Invalid value: map[string]string{${m}}: \`selector\` does not match template \`labels\``);
      }
      containers('spec.template.spec', template?.spec);
      return;
    }
    case 'Pod':
      containers('spec', spec);
      return;
    case 'Service': {
      const type = spec.type as string | undefined;
      enumAt(causes, 'spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
      const ports = spec.ports as Obj[] | undefined;
      if (type !== 'ExternalName' && (!Array.isArray(ports) || ports.length === 0)) causes.push('spec.ports: Required value');
      (ports ?? []).forEach((p, i) => {
        if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) causes.push(`spec.ports[${i}].port: Invalid value: ${JSON.stringify(p.port ?? 0)}: must be between 1 and 65535, inclusive`);
        if ((ports ?? []).length > 1 && !p.name) causes.push(`spec.ports[${i}].name: Required value`);
      });
      return;
    }
    case 'Secret': {
      if (obj.type === 'kubernetes.io/tls') {
        const keys = new Set([...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {})]);
        if (!keys.has('tls.crt')) causes.push('data[tls.crt]: Required value');
        if (!keys.has('tls.key')) causes.push('data[tls.key]: Required value');
      }
      return;
    }
  }
}

/** Rejects an object the real API server would reject; undefined when it is acceptable. */
export function validate(type: ResourceType, obj: K8sObject): ApiError | undefined {
  const version = obj.apiVersion.split('/').pop() ?? 'v1';
  const unknown: string[] = [];
  const known = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status', ...(TOP[obj.kind] ?? [])]);
  for (const k of Object.keys(obj)) if (!known.has(k)) unknown.push(k);
  const istioSpec = ISTIO_SPEC[obj.kind];
  if (istioSpec && isObj(obj.spec)) {
    for (const k of Object.keys(obj.spec)) if (!istioSpec.includes(k)) unknown.push(`spec.${k}`);
    const mtls = obj.spec.mtls;
    if (obj.kind === 'PeerAuthentication' && isObj(mtls)) for (const k of Object.keys(mtls)) if (k !== 'mode') unknown.push(`spec.mtls.${k}`);
  }
  if (unknown.length > 0) {
    return {
      reason: 'BadRequest',
      message: `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`,
    };
  }
  const causes: string[] = [];
  const np = nameProblem(obj.kind, obj.metadata.name);
  if (np) causes.push(np);
  if (istioSpec) istioEnums(obj.kind, isObj(obj.spec) ? obj.spec : {}, causes);
  else coreChecks(obj, causes);
  if (causes.length > 0) return { reason: 'Invalid', kind: type.group ? `${obj.kind}.${type.group}` : obj.kind, name: obj.metadata.name, causes };
  return undefined;
}
