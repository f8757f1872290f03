/**
 * What the API server rejects, with its messages: names, required fields and enum values of the
 * core kinds the simulator models, the Istio kinds against their CRDs' structural schemas, and
 * unknown fields (kubectl 1.32 applies with `--validate=strict`, so the server answers
 * "strict decoding error: unknown field ...").
 */
import type { K8sObject } from '../../kube/object.js';
import type { ApiError } from './api-error.js';
import type { ResourceType } from './resources.js';
import { istioKindSchema } from './crd-schema.js';
import { rootSchema, schemaErrors, unknownFields } from './crd-validate.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function nameProblem(kind: string, name: string): string | undefined {
  if (kind === 'Namespace') {
    if (!LABEL.test(name) || name.length > 63)
      return `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
  } else if (kind === 'Service') {
    if (!DNS1035.test(name) || name.length > 63)
      return `metadata.name: Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;
  } else if (!SUBDOMAIN.test(name) || name.length > 253) {
    return `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  }
  return undefined;
}

type Obj = Record<string, unknown>;

/** Known top-level fields per kind (beyond apiVersion/kind/metadata). */
const TOP: Record<string, string[]> = {
  Secret: ['data', 'stringData', 'type', 'immutable'],
  ConfigMap: ['data', 'binaryData', 'immutable'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  Role: ['rules'],
  ClusterRole: ['rules', 'aggregationRule'],
  RoleBinding: ['subjects', 'roleRef'],
  ClusterRoleBinding: ['subjects', 'roleRef'],
};

function enumAt(causes: string[], path: string, value: unknown, allowed: string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    causes.push(
      `${path}: Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
    );
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
        const m = Object.entries(labels)
          .map(([k, v]) => `"${k}":"${v}"`)
          .join(', ');
        causes.push(
          `spec.template.metadata.labels: Invalid value: map[string]string{${m}}: \`selector\` does not match template \`labels\``,
        );
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
      if (type !== 'ExternalName' && (!Array.isArray(ports) || ports.length === 0))
        causes.push('spec.ports: Required value');
      (ports ?? []).forEach((p, i) => {
        if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535)
          causes.push(
            `spec.ports[${i}].port: Invalid value: ${JSON.stringify(p.port ?? 0)}: must be between 1 and 65535, inclusive`,
          );
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

/** How a write reaches the server: a create decodes the body, a patch (apply of an existing object, label) decodes the patched object. */
export type WriteOp = 'create' | 'patch';

/**
 * Rejects an object the real API server would reject; undefined when it is acceptable. Istio kinds
 * are checked against their CRD's structural schema of the installed release (crd-validate.ts).
 */
export function validate(
  type: ResourceType,
  obj: K8sObject,
  istio = '1.24',
  op: WriteOp = 'create',
): ApiError | undefined {
  const version = obj.apiVersion.split('/').pop() ?? 'v1';
  const schema = type.group.endsWith('istio.io') ? istioKindSchema(obj.kind, istio) : undefined;
  const root = schema ? rootSchema(schema.spec) : undefined;
  const unknown: string[] = [];
  if (schema && root) unknown.push(...unknownFields(obj as unknown as Record<string, unknown>, root, schema.prunes));
  else if (schema === undefined) {
    const known = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status', ...(TOP[obj.kind] ?? [])]);
    for (const k of Object.keys(obj)) if (!known.has(k)) unknown.push(k);
  }
  if (unknown.length > 0) {
    // create.go transformDecodeError names the kind and version; patch.go returns the strict error alone.
    const strict = `strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`;
    return {
      reason: 'BadRequest',
      message:
        op === 'create' ? `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: ${strict}` : strict,
    };
  }
  const causes: string[] = [];
  const np = nameProblem(obj.kind, obj.metadata.name);
  if (np) causes.push(np);
  if (root) causes.push(...schemaErrors(obj as unknown as Record<string, unknown>, root).map((e) => e.text));
  else if (!type.group.endsWith('istio.io')) coreChecks(obj, causes);
  const unique = [...new Set(causes)];
  if (unique.length > 0)
    return { reason: 'Invalid', kind: obj.kind, group: type.group, name: obj.metadata.name, causes: unique };
  return undefined;
}
