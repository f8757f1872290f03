/**
 * ValidateAuthorizationPolicy (pkg/config/validation/validation.go, 1.22.0-1.31.0-rc.0) as istiod's
 * validating webhook and `istioctl analyze` run it: errors in its order (the webhook prefixes each with
 * "invalid policy NAME.NAMESPACE:"), and the warnings (a selector without labels; a DENY rule of HTTP
 * attributes only, which denies all TCP traffic). Modelled: DENY or CUSTOM without rules, CUSTOM's provider
 * and the fields CUSTOM does not support, a provider outside CUSTOM, nil or empty `from`/`to`, empty
 * values, bad ports, IP blocks, path templates (1.22+), `when` keys and values (security.ValidateAttribute),
 * serviceAccounts (1.25+), trustDomains (1.31), a wildcard selector. Not modelled: targetRef rules.
 */
import { workloadSelectorProblems } from './workload-selector.js';
import { pathTemplateError } from './path-template-check.js';
import {
  attributeError,
  emptyValueError,
  serviceAccountError,
  trustDomainError,
  validateIPs,
  validatePorts,
} from './attribute-check.js';

type Values = string[] | undefined;
interface Source {
  [field: string]: Values;
}
interface Operation {
  ports?: string[];
  notPorts?: string[];
  [field: string]: Values;
}
interface Condition {
  key?: string;
  values?: string[];
  notValues?: string[];
}
interface Rule {
  from?: ({ source?: Source } | null)[];
  to?: ({ operation?: Operation } | null)[];
  when?: (Condition | null)[];
}
export interface AuthorizationPolicySpec {
  action?: string;
  provider?: { name?: string };
  rules?: (Rule | null)[];
  selector?: { matchLabels?: Record<string, string> };
}

const SOURCE_FIELDS = [
  'principals',
  'requestPrincipals',
  'namespaces',
  'ipBlocks',
  'remoteIpBlocks',
  'notPrincipals',
  'notRequestPrincipals',
  'notNamespaces',
  'notIpBlocks',
  'notRemoteIpBlocks',
  'serviceAccounts',
  'notServiceAccounts',
  'trustDomains',
  'notTrustDomains',
];
/** Source fields that make a rule apply to TCP traffic too. */
const SOURCE_TCP = [
  'notPrincipals',
  'principals',
  'ipBlocks',
  'notIpBlocks',
  'namespaces',
  'notNamespaces',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'serviceAccounts',
  'notServiceAccounts',
];
const OPERATION_EMPTY = ['Ports', 'Methods', 'Paths', 'Hosts', 'NotPorts', 'NotMethods', 'NotPaths', 'NotHosts'];
/** Source fields and `when` keys CUSTOM rejects, in the order the check runs (1.25 added service accounts). */
const CUSTOM_SOURCE = [
  'Namespaces',
  'NotNamespaces',
  'ServiceAccounts',
  'NotServiceAccounts',
  'TrustDomains',
  'NotTrustDomains',
  'Principals',
  'NotPrincipals',
  'RequestPrincipals',
  'NotRequestPrincipals',
];
const MEANINGLESS =
  'action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be ' +
  'triggered for every request';
const UNSUPPORTED = 'is currently not supported with CUSTOM action';
export const TCP_WARNING =
  'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP ' +
  'attributes in a DENY rule; it is recommended to explicitly specify the port';

/** The errors and warnings of ValidateAuthorizationPolicy for Istio 1.`minor`, in its order. */
export function validateAuthorizationPolicy(p: Partial<AuthorizationPolicySpec>, minor: number) {
  const errors: string[] = [];
  const warnings: string[] = [];
  const action = p.action ?? 'ALLOW';
  const selector = workloadSelectorProblems(p.selector);
  errors.push(...selector.errors);
  warnings.push(...selector.warnings);
  // A `rules: []` decodes to nil in Go's protobuf, so it counts as no rules.
  const rules = p.rules?.length ? p.rules : undefined;
  if (action === 'CUSTOM' && !rules) errors.push(`CUSTOM ${MEANINGLESS}`);
  else if (action === 'CUSTOM' && !p.provider?.name) errors.push('`provider.name` must not be empty');
  if (action === 'CUSTOM') for (const rule of rules ?? []) errors.push(...customProblems(rule ?? {}, minor));
  if (p.provider && action !== 'CUSTOM') {
    errors.push(`\`provider\` must not be with non CUSTOM action, found ${action}`);
  }
  if (action === 'DENY' && !rules) errors.push(`DENY ${MEANINGLESS}`);
  (rules ?? []).forEach((rule, i) => {
    if (!rule) {
      errors.push(`\`rule\` must not be nil, found at rule ${i}`);
      return;
    }
    const r = checkRule(rule, i, errors, minor);
    if (action === 'DENY' && ((r.from && !r.to && !r.tcpFrom) || (r.to && !r.tcpTo))) warnings.push(TCP_WARNING);
  });
  return { errors, warnings };
}

function customProblems(rule: Rule, minor: number): string[] {
  const out: string[] = [];
  const fields = CUSTOM_SOURCE.filter((f) => minor >= 25 || !/ServiceAccounts|TrustDomains/.test(f));
  for (const from of rule.from ?? []) {
    const src = from?.source;
    if (!src) continue;
    for (const f of fields) if (src[lower(f)]?.length) out.push(`From.${f} ${UNSUPPORTED}`);
  }
  const since25 = minor >= 25 ? ['source.serviceAccount', 'source.trustDomain'] : [];
  const keys = ['source.namespace', ...since25, 'source.principal'];
  for (const when of rule.when ?? []) {
    if (!when) {
      out.push('when field cannot be nil');
      continue;
    }
    const key = when.key ?? '';
    if (keys.includes(key) || key.startsWith('request.auth.')) out.push(`${key} ${UNSUPPORTED}`);
  }
  return out;
}

function checkRule(rule: Rule, i: number, errors: string[], minor: number) {
  const seen = { from: false, to: false, tcpFrom: false, tcpTo: false };
  if (rule.from && rule.from.length === 0) errors.push(`\`from\` must not be empty, found at rule ${i}`);
  for (const from of rule.from ?? []) {
    const src = from?.source;
    if (!from) errors.push(`\`from\` must not be nil, found at rule ${i}`);
    if (!src) {
      if (from) errors.push(`\`from.source\` must not be nil, found at rule ${i}`);
      continue;
    }
    seen.from = true;
    const accounts = (src['serviceAccounts']?.length ?? 0) + (src['notServiceAccounts']?.length ?? 0);
    const others = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].some((f) => src[f]?.length);
    if (minor >= 25 && accounts > 0 && others) {
      errors.push(`cannot set serviceAccounts with namespaces or principals, found at rule ${i}`);
    }
    if (SOURCE_FIELDS.every((f) => !src[f]?.length)) {
      errors.push(`\`from.source\` must not be empty, found at rule ${i}`);
    }
    errors.push(...sourceValueErrors(src, minor));
    if (SOURCE_TCP.some((f) => src[f] !== undefined)) seen.tcpFrom = true;
  }
  if (rule.to && rule.to.length === 0) errors.push(`\`to\` must not be empty, found at rule ${i}`);
  for (const to of rule.to ?? []) {
    const op = to?.operation;
    if (!to) errors.push(`\`to\` must not be nil, found at rule ${i}`);
    if (!op) {
      if (to) errors.push(`\`to.operation\` must not be nil, found at rule ${i}`);
      continue;
    }
    seen.to = true;
    if (OPERATION_EMPTY.every((f) => !op[lower(f)]?.length)) {
      errors.push(`\`to.operation\` must not be empty, found at rule ${i}`);
    }
    // security.ValidatePorts: one error per bad port, ports before notPorts.
    errors.push(...validatePorts(op.ports), ...validatePorts(op.notPorts));
    errors.push(...emptyValues(op, OPERATION_EMPTY));
    for (const key of ['Paths', 'NotPaths']) {
      const e = pathTemplateError(key, op[lower(key)] ?? []);
      if (e) errors.push(e);
    }
    if (op.ports !== undefined || op.notPorts !== undefined) seen.tcpTo = true;
  }
  for (const c of rule.when ?? []) {
    if (!c?.key) errors.push('`key` must not be empty');
    else if (!c.values?.length && !c.notValues?.length) {
      errors.push(`at least one of \`values\` or \`notValues\` must be set for key ${c.key}`);
    } else {
      const values = attributeError(c.key, c.values, minor);
      if (values) errors.push(`invalid \`value\` for \`key\` ${c.key}: ${values}`);
      const notValues = attributeError(c.key, c.notValues, minor);
      if (notValues) errors.push(`invalid \`notValue\` for \`key\` ${c.key}: ${notValues}`);
    }
  }
  return seen;
}

/**
 * The source's value checks in validation.go's order: ValidateIPs on the four IP lists, then
 * CheckEmptyValues per list, with CheckServiceAccount (1.25+) and CheckTrustDomainValues (1.31) in
 * their places.
 */
function sourceValueErrors(src: Source, minor: number): string[] {
  const ips = ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'].flatMap((f) => validateIPs(src[f]));
  const checks = (not: '' | 'Not') => {
    const field = (name: string) => (not ? `not${name}` : lower(name));
    const list: (string | undefined)[] = [
      ...['Principals', 'RequestPrincipals', 'Namespaces'].map((n) => emptyValueError(`${not}${n}`, src[field(n)])),
    ];
    if (minor >= 25) list.push(serviceAccountError(`${not}ServiceAccounts`, src[field('ServiceAccounts')]));
    if (minor >= 31) list.push(trustDomainError(`${not}TrustDomains`, src[field('TrustDomains')]));
    if (!not) list.push(...['IpBlocks', 'RemoteIpBlocks'].map((n) => emptyValueError(n, src[field(n)])));
    return list;
  };
  const tail = ['NotIpBlocks', 'NotRemoteIpBlocks'].map((n) => emptyValueError(n, src[lower(n)]));
  return [...ips, ...[...checks(''), ...checks('Not'), ...tail].filter((e): e is string => e !== undefined)];
}

/** security.CheckEmptyValues: the first empty string of each list. */
function emptyValues(o: Record<string, Values>, names: readonly string[]): string[] {
  return names.map((n) => emptyValueError(n, o[lower(n)])).filter((e): e is string => e !== undefined);
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
