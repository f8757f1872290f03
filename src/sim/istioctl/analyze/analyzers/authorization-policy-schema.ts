/**
 * schema.ValidationAnalyzer.AuthorizationPolicy (pkg/config/analysis/analyzers/schema/validation.go running
 * pkg/config/validation/validation.go ValidateAuthorizationPolicy, 1.24.0-1.30.3): each validation error as
 * IST0106, prefixed "invalid policy NAME.NAMESPACE:", each warning as IST0133. Modelled: the rules istiod's
 * webhook would also reject (DENY or CUSTOM without rules, a provider outside CUSTOM, an empty `from.source` or
 * `to.operation`, an empty value, a bad port, a `when` without key or values, a wildcard selector) and the
 * warnings (a selector without labels; a DENY rule of HTTP attributes only denies all TCP traffic). Not
 * modelled: `when` key and value syntax, IP blocks, path templates, service accounts and trust domains,
 * targetRef rules.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { specOf } from '../resource.js';
import { workloadSelectorProblems } from '../selector-validation.js';

type Values = string[] | undefined;
interface Source { [field: string]: Values }
interface Operation { ports?: string[]; notPorts?: string[]; [field: string]: Values }
interface Condition { key?: string; values?: string[]; notValues?: string[] }
interface Rule { from?: { source?: Source }[]; to?: { operation?: Operation }[]; when?: Condition[] }
interface Policy {
  action?: string;
  provider?: { name?: string };
  rules?: Rule[];
  selector?: { matchLabels?: Record<string, string> };
}

const SOURCE_FIELDS = ['principals', 'requestPrincipals', 'namespaces', 'ipBlocks', 'remoteIpBlocks', 'notPrincipals',
  'notRequestPrincipals', 'notNamespaces', 'notIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts',
  'trustDomains', 'notTrustDomains'];
/** The source fields CheckEmptyValues looks at, with the names its message uses. */
const SOURCE_EMPTY = ['Principals', 'RequestPrincipals', 'Namespaces', 'IpBlocks', 'RemoteIpBlocks', 'NotPrincipals',
  'NotRequestPrincipals', 'NotNamespaces', 'NotIpBlocks', 'NotRemoteIpBlocks'];
/** Source fields that make a rule apply to TCP traffic too. */
const SOURCE_TCP = ['notPrincipals', 'principals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces',
  'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'];
const OPERATION_EMPTY = ['Ports', 'Methods', 'Paths', 'Hosts', 'NotPorts', 'NotMethods', 'NotPaths', 'NotHosts'];
const MEANINGLESS =
  'action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be ' +
  'triggered for every request';
const TCP_WARNING =
  'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP ' +
  'attributes in a DENY rule; it is recommended to explicitly specify the port';

export const authorizationPolicySchemaAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.AuthorizationPolicy',
  description: "Runs schema validation as an analyzer on 'AuthorizationPolicy' resources",
  analyze({ snapshot, report }) {
    for (const r of snapshot.list('AuthorizationPolicy')) {
      const { errors, warnings } = validate(specOf<Policy>(r));
      const prefix = `invalid policy ${r.obj.metadata.name}.${r.obj.metadata.namespace ?? ''}:`;
      for (const e of errors) report(message(MESSAGES.SchemaValidationError, r, `${prefix} ${e}`));
      for (const w of warnings) report(message(MESSAGES.SchemaWarning, r, w));
    }
  },
};

/** The errors and warnings of ValidateAuthorizationPolicy, in its order. */
export function validate(p: Partial<Policy>): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const action = p.action ?? 'ALLOW';
  const selector = workloadSelectorProblems(p.selector);
  errors.push(...selector.errors);
  warnings.push(...selector.warnings);
  // An empty list decodes to none in Go's protobuf, so `rules: []` counts as no rules.
  const rules = p.rules?.length ? p.rules : undefined;
  if (action === 'CUSTOM' && !rules) errors.push(`CUSTOM ${MEANINGLESS}`);
  else if (action === 'CUSTOM' && !p.provider?.name) errors.push('`provider.name` must not be empty');
  if (p.provider && action !== 'CUSTOM') {
    errors.push(`\`provider\` must not be with non CUSTOM action, found ${action}`);
  }
  if (action === 'DENY' && !rules) errors.push(`DENY ${MEANINGLESS}`);
  (rules ?? []).forEach((rule, i) => {
    const r = checkRule(rule ?? {}, i, errors);
    if (action === 'DENY' && ((r.from && !r.to && !r.tcpFrom) || (r.to && !r.tcpTo))) warnings.push(TCP_WARNING);
  });
  return { errors, warnings };
}

function checkRule(rule: Rule, i: number, errors: string[]) {
  const seen = { from: false, to: false, tcpFrom: false, tcpTo: false };
  for (const from of rule.from ?? []) {
    const src = from?.source;
    if (!src) {
      errors.push(`\`from.source\` must not be nil, found at rule ${i}`);
      continue;
    }
    seen.from = true;
    if (SOURCE_FIELDS.every((f) => !src[f]?.length)) {
      errors.push(`\`from.source\` must not be empty, found at rule ${i}`);
    }
    errors.push(...emptyValues(src, SOURCE_EMPTY));
    if (SOURCE_TCP.some((f) => src[f] !== undefined)) seen.tcpFrom = true;
  }
  for (const to of rule.to ?? []) {
    const op = to?.operation;
    if (!op) {
      errors.push(`\`to.operation\` must not be nil, found at rule ${i}`);
      continue;
    }
    seen.to = true;
    if (OPERATION_EMPTY.every((f) => !op[lower(f)]?.length)) {
      errors.push(`\`to.operation\` must not be empty, found at rule ${i}`);
    }
    for (const port of [...(op.ports ?? []), ...(op.notPorts ?? [])]) {
      errors.push(...badPort(port));
    }
    errors.push(...emptyValues(op, OPERATION_EMPTY));
    if (op.ports !== undefined || op.notPorts !== undefined) seen.tcpTo = true;
  }
  for (const c of rule.when ?? []) {
    if (!c?.key) errors.push('`key` must not be empty');
    else if (!c.values?.length && !c.notValues?.length) {
      errors.push(`at least one of \`values\` or \`notValues\` must be set for key ${c.key}`);
    }
  }
  return seen;
}

/** security.ValidatePorts: strconv.ParseUint(port, 10, 32), then at most 65535 (Go prints the nil error as <nil>). */
function badPort(port: string): string[] {
  const parse = `strconv.ParseUint: parsing ${JSON.stringify(port)}`;
  if (!/^\d+$/.test(port)) return [`bad port (${port}): ${parse}: invalid syntax`];
  if (Number(port) > 4294967295) return [`bad port (${port}): ${parse}: value out of range`];
  return Number(port) > 65535 ? [`bad port (${port}): <nil>`] : [];
}

/** security.CheckEmptyValues: the first empty string of each list. */
function emptyValues(o: Record<string, Values>, names: readonly string[]): string[] {
  return names.filter((n) => (o[lower(n)] ?? []).includes('')).map((n) => `empty value not allowed, found in ${n}`);
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

