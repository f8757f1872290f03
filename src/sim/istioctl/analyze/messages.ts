/**
 * The diagnostic messages `istioctl analyze` prints, as Istio defines them in
 * pkg/config/analysis/msg/messages.yaml (identical from 1.24.0 to 1.30.3 for the codes below), and
 * how one renders (pkg/config/analysis/diag/message.go, istioctl/pkg/util/formatting/formatter.go):
 *
 *   Error [IST0101] (VirtualService default/foo vs.yaml:9) Referenced gateway not found: "bar"
 */
import type { Resource } from './resource.js';

/** Severity, worst first; diag/level.go sorts Error < Warning < Info. */
export type Level = 'Error' | 'Warning' | 'Info';
export const LEVELS: readonly Level[] = ['Error', 'Warning', 'Info'];

export interface MessageType {
  code: string;
  level: Level;
  /** A Go fmt template: %s, %q, %v and %d are used. */
  template: string;
}

export const MESSAGES = {
  ReferencedResourceNotFound: { code: 'IST0101', level: 'Error', template: 'Referenced %s not found: %q' },
  NamespaceNotInjected: {
    code: 'IST0102',
    level: 'Info',
    template:
      "The namespace is not enabled for Istio injection. Run 'kubectl label namespace %s istio-injection=enabled' " +
      "to enable it, or 'kubectl label namespace %s istio-injection=disabled' to explicitly mark it as not needing " +
      'injection.',
  },
  PodMissingProxy: {
    code: 'IST0103',
    level: 'Warning',
    template:
      'The pod %s is missing the Istio proxy. This can often be resolved by restarting or redeploying the ' +
      'workload.',
  },
  VirtualServiceDestinationPortSelectorRequired: {
    code: 'IST0112',
    level: 'Error',
    template:
      'This VirtualService routes to a service %q that exposes multiple ports %v. ' +
      'Specifying a port in the destination is required to disambiguate.',
  },
  SchemaValidationError: { code: 'IST0106', level: 'Error', template: 'Schema validation error: %v' },
  PortNameIsNotUnderNamingConvention: {
    code: 'IST0118',
    level: 'Info',
    template: "Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port.",
  },
  NamespaceMultipleInjectionLabels: {
    code: 'IST0123',
    level: 'Warning',
    template:
      'The namespace has more than one type of injection labels %v, which may lead to undefined behavior. ' +
      'Make sure only one injection label exists.',
  },
  NoMatchingWorkloadsFound: {
    code: 'IST0127',
    level: 'Warning',
    template: 'No matching workloads for this resource with the following labels: %s',
  },
  NoServerCertificateVerificationDestinationLevel: {
    code: 'IST0128',
    level: 'Warning',
    template:
      'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate ' +
      'server identity for host: %s',
  },
  NoServerCertificateVerificationPortLevel: {
    code: 'IST0129',
    level: 'Warning',
    template:
      'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate ' +
      'server identity for host: %s at port %s',
  },
  VirtualServiceHostNotFoundInGateway: {
    code: 'IST0132',
    level: 'Warning',
    template: 'one or more host %v defined in VirtualService %s not found in Gateway %s.',
  },
  SchemaWarning: { code: 'IST0133', level: 'Warning', template: 'Schema validation warning: %v' },
  IngressRouteRulesNotAffected: {
    code: 'IST0140',
    level: 'Warning',
    template: 'Subset in virtual service %s has no effect on ingress gateway %s requests',
  },
  ConflictingGateways: {
    code: 'IST0145',
    level: 'Error',
    template: 'Conflict with gateways %s (workload selector %s, port %s, hosts %v).',
  },
  NamespaceInjectionEnabledByDefault: {
    code: 'IST0148',
    level: 'Info',
    template: 'is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
  },
  ExternalNameServiceTypeInvalidPortName: {
    code: 'IST0150',
    level: 'Warning',
    template:
      'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic ' +
      'for ports serving TCP protocol from being forwarded correctly',
  },
  GatewayPortNotDefinedOnService: {
    code: 'IST0162',
    level: 'Warning',
    template:
      'The gateway is listening on a target port (port %d) that is not defined in the Service associated with its ' +
      'workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, ' +
      'it will not be available.',
  },
  ReferencedInternalGateway: {
    code: 'IST0165',
    level: 'Warning',
    template: 'Gateway reference in VirtualService %s is to an implementation-generated internal Gateway: %s.',
  },
} as const satisfies Record<string, MessageType>;

/** A Go value a template formats: strings, numbers, and slices of them (`%v` of []string is "[a b]"). */
export type Param = string | number | readonly (string | number)[];

/** One finding on one resource; `line` is the offending field's line when the resource came from a file. */
export interface Message {
  type: MessageType;
  params: readonly Param[];
  resource?: Resource;
  line?: number;
}

export function message(type: MessageType, resource: Resource | undefined, ...params: Param[]): Message {
  return { type, params, resource };
}

/** Go's fmt for the verbs the templates use. */
export function sprintf(template: string, params: readonly Param[]): string {
  let i = 0;
  return template.replace(/%([sqvd%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const p = params[i++];
    if (p === undefined) return `%!${verb}(MISSING)`;
    if (verb === 'q') return goQuote(String(p));
    return Array.isArray(p) ? `[${p.join(' ')}]` : String(p);
  });
}

/** strconv.Quote for printable text: JSON's escaping agrees with Go's there. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The "Kind namespace/name" istioctl names a resource by (legacy/source/kube/origin.go FriendlyName). */
export function friendlyName(r: Resource): string {
  const { kind, metadata } = r.obj;
  return metadata.namespace ? `${kind} ${metadata.namespace}/${metadata.name}` : `${kind} ${metadata.name}`;
}

/** Where a file-given resource sits: "path:line" (the field's line when known); JSON files get no line. */
export function reference(m: Message): string | undefined {
  const f = m.resource?.file;
  if (!f) return undefined;
  if (f.path.endsWith('.json') || f.line <= 0 || f.path === '') return f.path;
  return `${f.path}:${m.line ?? f.line}`;
}

/** " (Kind ns/name path:line)" as Message.Origin renders it, or "" without a resource. */
export function origin(m: Message): string {
  if (!m.resource) return '';
  const ref = reference(m);
  return ` (${friendlyName(m.resource)}${ref === undefined ? '' : ` ${ref}`})`;
}

/** Message.String(): the log line without colour. */
export function messageString(m: Message): string {
  return `${m.type.level} [${m.type.code}]${origin(m)} ${sprintf(m.type.template, m.params)}`;
}

/** Every code messages.yaml defines at 1.30.3, the ones `-S` accepts without a warning. */
export const KNOWN_CODES: ReadonlySet<string> = new Set(
  (
    'IST0001 IST0002 IST0101 IST0102 IST0103 IST0106 IST0107 IST0108 IST0109 IST0110 IST0111 IST0112 IST0116 IST0118 ' +
    'IST0123 IST0125 IST0126 IST0127 IST0128 IST0129 IST0130 IST0131 IST0132 IST0133 IST0134 IST0135 IST0136 IST0137 ' +
    'IST0138 IST0139 IST0140 IST0141 IST0142 IST0143 IST0144 IST0145 IST0146 IST0147 IST0148 IST0149 IST0150 IST0151 ' +
    'IST0152 IST0153 IST0154 IST0155 IST0156 IST0157 IST0158 IST0159 IST0160 IST0161 IST0162 IST0163 IST0164 IST0165 ' +
    'IST0166 IST0167 IST0168 IST0169 IST0170 IST0171 IST0172 IST0173 IST0174 IST0175 IST0176'
  ).split(' '),
);
