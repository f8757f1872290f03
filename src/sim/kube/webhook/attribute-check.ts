/**
 * The value checks of pkg/config/security/security.go (1.22.0-1.31.0-rc.0) that AuthorizationPolicy
 * validation runs: ValidateIPs, ValidatePorts, CheckServiceAccount (1.25+), CheckTrustDomainValues
 * (1.31) and ValidateAttribute for `when` keys. Functions that return a go-multierror in Go return
 * the list here; `attributeError` returns the text Go's `%v` makes of it.
 */
import { parseAddrError, parsePrefixError } from './go-netip.js';
import { multierror } from './multierror.js';

/** security.ValidateIPs: one error per bad address or CIDR range. */
export function validateIPs(values: readonly string[] = []): string[] {
  return values.flatMap((v) => {
    if (v.includes('/')) {
      const e = parsePrefixError(v);
      return e ? [`bad CIDR range (${v}): ${e}`] : [];
    }
    return parseAddrError(v) ? [`bad IP address (${v})`] : [];
  });
}

/** security.ValidatePorts: strconv.ParseUint(port, 10, 32), then at most 65535 (Go prints the nil error as <nil>). */
export function validatePorts(values: readonly string[] = []): string[] {
  return values.flatMap((port) => {
    const parse = `strconv.ParseUint: parsing ${JSON.stringify(port)}`;
    if (!/^\d+$/.test(port)) return [`bad port (${port}): ${parse}: invalid syntax`];
    if (Number(port) > 4294967295) return [`bad port (${port}): ${parse}: value out of range`];
    return Number(port) > 65535 ? [`bad port (${port}): <nil>`] : [];
  });
}

/** security.CheckEmptyValues. */
export function emptyValueError(key: string, values: readonly string[] = []): string | undefined {
  return values.includes('') ? `empty value not allowed, found in ${key}` : undefined;
}

/** security.CheckServiceAccount (1.25+): `sa` or `namespace/sa`, no wildcard, at most 16 values. */
export function serviceAccountError(key: string, values: readonly string[] = []): string | undefined {
  if (values.length > 16) return 'may not have more than 16 values';
  const format = "expected format 'serviceAccount' or 'namespace/serviceAccount'";
  for (const value of values) {
    if (value === '') return `empty value not allowed, found in ${key}`;
    if (value.includes('*')) return `wildcard not allowed, found in ${key}`;
    const slashes = value.split('/').length - 1;
    if (slashes > 1) return `${format}, found ${JSON.stringify(value)} in ${key}`;
    if (value.length > 320) return `value cannot exceed 320 characters, found ${JSON.stringify(value)} in ${key}`;
    const [ns, sa] = value.split('/');
    if (slashes === 1 && !ns) return `${format}, found empty namespace ${JSON.stringify(value)} in ${key}`;
    if (slashes === 1 && !sa) return `${format}, found empty serviceAccount ${JSON.stringify(value)} in ${key}`;
  }
  return undefined;
}

/** security.CheckWildcardValues: one `*`, at the start or the end. */
function wildcardError(key: string, values: readonly string[]): string | undefined {
  const empty = emptyValueError(key, values);
  if (empty) return empty;
  for (const value of values) {
    const count = value.split('*').length - 1;
    if (count > 1) return `at most one wildcard is allowed, found in ${key}: ${JSON.stringify(value)}`;
    if (count === 1 && value !== '*' && !value.startsWith('*') && !value.endsWith('*')) {
      return `wildcard is only allowed at the start or end, found in ${key}: ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

/** security.CheckTrustDomainValues (1.31). */
export function trustDomainError(key: string, values: readonly string[] = []): string | undefined {
  const wildcard = wildcardError(key, values);
  if (wildcard) return wildcard;
  const bad = values.find((v) => v.includes('/'));
  return bad === undefined ? undefined : `trust domain must not contain '/', found in ${key}: ${JSON.stringify(bad)}`;
}

/** security.validateMapKey: `a[b]` with a non-empty b. */
function mapKeyError(key: string): string | undefined {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2
    ? undefined
    : `bad key (${key}): should have format a[b]`;
}

const listError = (errors: string[]) => (errors.length ? multierror(errors) : undefined);

/** security.ValidateAttribute for Istio 1.`minor`: the error for a `when` key and its values. */
export function attributeError(key: string, values: readonly string[] = [], minor: number): string | undefined {
  const empty = emptyValueError(key, values);
  if (empty) return empty;
  if (key.startsWith('request.headers')) return mapKeyError(key);
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
    case 'destination.ip':
      return listError(validateIPs(values));
    case 'destination.port':
      return listError(validatePorts(values));
    case 'source.namespace':
    case 'source.principal':
    case 'request.auth.principal':
    case 'request.auth.audiences':
    case 'request.auth.presenter':
    case 'connection.sni':
      return undefined;
    case 'destination.namespace':
      return `attribute ${key} is replaced by the metadata.namespace`;
    case 'destination.name':
    case 'destination.user':
      return `deprecated attribute ${key}: only supported in v1alpha1`;
  }
  if (key === 'source.serviceAccount' && minor >= 25) return serviceAccountError(key, values);
  // 1.30 added the key without a check; 1.31 checks its wildcards.
  if (key === 'source.trustDomain' && minor >= 30) return minor >= 31 ? wildcardError(key, values) : undefined;
  if (key.startsWith('request.auth.claims') || key.startsWith('experimental.envoy.filters.')) return mapKeyError(key);
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  return `unknown attribute: ${key}`;
}
