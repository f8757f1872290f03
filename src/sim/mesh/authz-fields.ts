/**
 * One small matcher per AuthorizationPolicy field: the shape of Envoy's RBAC matchers
 * (source/extensions/filters/common/rbac/matchers.h) that Istio compiles policies into.
 * A field is OR over its values; `notX` matches when none of its values match (so an absent
 * attribute satisfies `notRequestPrincipals: ["*"]`).
 */
import type { Mismatch } from './model.js';
import { claimValues, type AuthzContext } from './authz-context.js';
import { cidrMatcher, istioMatcher, type ValueTest } from './string-match.js';
import { isPathTemplate, templateTest } from './path-template.js';

export interface FieldMatcher {
  /** Field name as written in the policy (`principals`, `when request.auth.claims[groups]`). */
  field: string;
  /** Envoy can only test it on HTTP (methods, paths, hosts, request.*). */
  httpOnly: boolean;
  /** The request satisfies the field: the decision's test, which allocates nothing. */
  holds(ctx: AuthzContext): boolean;
  /** undefined when the request satisfies the field, else what the trace says about it. */
  test(ctx: AuthzContext): Mismatch | undefined;
  /** For explain, on a field the request satisfied: what decided it, when that is worth naming (a path template). */
  note?(ctx: AuthzContext): string | undefined;
}

type Getter = (ctx: AuthzContext) => string | readonly string[] | undefined;
/** Compiles one policy value into its test, once, when the policy is compiled. */
type Matcher = (pattern: string) => ValueTest;

const str: Matcher = (p) => istioMatcher(p);
const caseless: Matcher = (p) => istioMatcher(p, true);
const exact: Matcher = (p) => (v) => p === v;
const cidrMatch: Matcher = cidrMatcher;

/**
 * `serviceAccounts` and `source.serviceAccount` (Istio 1.25+): `NAME` (in the policy's namespace) or
 * `NAMESPACE/NAME`, matched against the peer's SPIFFE identity with istiod's regex
 * `spiffe://.+/ns/<ns>/(.+/|)sa/<sa>(/.+)?` (pilot/pkg/security/authz/model/generator.go,
 * serviceAccountRegex): any trust domain, the whole name, and only with mTLS.
 */
const serviceAccount =
  (policyNamespace: string): Matcher =>
  (value) => {
    const slash = value.indexOf('/');
    const ns = slash === -1 ? policyNamespace : value.slice(0, slash);
    const sa = slash === -1 ? value : value.slice(slash + 1);
    const re = new RegExp(`^spiffe://.+/ns/${escapeRegex(ns)}/(.+/|)sa/${escapeRegex(sa)}(/.+)?$`);
    return (principal) => principal !== undefined && re.test(`spiffe://${principal}`);
  };

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Matchers shared by every policy that says the same thing (a policy copied into each namespace is
 * the common case): compiled once, and one copy for all workloads to read, which keeps the
 * decisions' working set small. `kind` names what the getter and value match are; a matcher holds
 * no state, so sharing one changes nothing else.
 */
const sharedMatchers = new Map<string, FieldMatcher>();

function shared(
  kind: string,
  name: string,
  values: readonly string[],
  negated: boolean,
  make: () => FieldMatcher,
): FieldMatcher {
  const key = `${kind}\u0000${name}\u0000${negated}\u0000${JSON.stringify(values)}`;
  let f = sharedMatchers.get(key);
  if (!f) {
    if (sharedMatchers.size >= 20_000) sharedMatchers.clear();
    sharedMatchers.set(key, (f = make()));
  }
  return f;
}

function field(
  kind: string,
  name: string,
  values: readonly string[],
  negated: boolean,
  httpOnly: boolean,
  get: Getter,
  match: Matcher,
): FieldMatcher {
  return shared(kind, name, values, negated, () => compileField(name, values, negated, httpOnly, get, match));
}

function compileField(
  name: string,
  values: readonly string[],
  negated: boolean,
  httpOnly: boolean,
  get: Getter,
  match: Matcher,
): FieldMatcher {
  const tests = values.map(match);
  // The last answer, by context: decide makes one context per decision and never changes it, so a
  // matcher shared by several policies of the workload (shared above) is evaluated once per decision.
  let seen: AuthzContext | undefined;
  let held = false;
  const holds = (ctx: AuthzContext): boolean => {
    if (ctx === seen) return held;
    const got = get(ctx);
    let any = false;
    if (Array.isArray(got)) {
      for (let i = 0; i < tests.length && !any; i++)
        for (let j = 0; j < got.length && !any; j++) any = tests[i]!(got[j] as string);
    } else {
      for (let i = 0; i < tests.length && !any; i++) any = tests[i]!(got as string | undefined);
    }
    seen = ctx;
    return (held = any !== negated);
  };
  return {
    field: name,
    httpOnly,
    holds,
    test: (ctx) => (holds(ctx) ? undefined : { field: name, want: values, got: get(ctx), negated }),
  };
}

/**
 * Builds the matchers for one `from[].source` of a policy in `policyNamespace`. Unknown keys are
 * ignored (the API server rejects them).
 */
export function sourceMatchers(source: Record<string, unknown>, policyNamespace = 'default'): FieldMatcher[] {
  const out: FieldMatcher[] = [];
  const add = (key: string, httpOnly: boolean, get: Getter, match: Matcher, kind = `source ${key}`) => {
    const neg = `not${key[0]!.toUpperCase()}${key.slice(1)}`;
    const v = strings(source[key]);
    const n = strings(source[neg]);
    if (v) out.push(field(kind, key, v, false, httpOnly, get, match));
    if (n) out.push(field(kind, neg, n, true, httpOnly, get, match));
  };
  add('principals', false, (c) => c.principal, str);
  add(
    'serviceAccounts',
    false,
    (c) => c.principal,
    serviceAccount(policyNamespace),
    `source serviceAccounts in ${policyNamespace}`,
  );
  add('requestPrincipals', true, (c) => c.requestPrincipal, str);
  add('namespaces', false, (c) => c.sourceNamespace, str);
  add('ipBlocks', false, (c) => c.sourceIp, cidrMatch);
  add('remoteIpBlocks', false, (c) => c.remoteIp, cidrMatch);
  return out;
}

/**
 * Builds the matchers for one `to[].operation`; paths are matched without the query string.
 * `templates` (Istio 1.22+): a path value with `{*}` or `{**}` is a uri template (path-template.ts);
 * before that it is an ordinary string, so `/a/{*}` only matches that literal text.
 */
export function operationMatchers(op: Record<string, unknown>, templates = true): FieldMatcher[] {
  const out: FieldMatcher[] = [];
  const add = (key: string, httpOnly: boolean, get: Getter, match: Matcher, note = noNote) => {
    const neg = `not${key[0]!.toUpperCase()}${key.slice(1)}`;
    const v = strings(op[key]);
    const n = strings(op[neg]);
    if (v) out.push(field(`operation ${key}`, `${key}${note(v)}`, v, false, httpOnly, get, match));
    if (n) out.push(field(`operation ${key}`, `${neg}${note(n)}`, n, true, httpOnly, get, match));
  };
  add('hosts', true, (c) => c.host, caseless);
  add('ports', false, (c) => String(c.destinationPort), exact);
  add('methods', true, (c) => c.method, str);
  if (!templates) add('paths', true, (c) => c.path, str, literalNote);
  else {
    const v = strings(op['paths']);
    const n = strings(op['notPaths']);
    if (v) out.push(pathField(`paths${templateNote(v)}`, v, false));
    if (n) out.push(pathField(`notPaths${templateNote(n)}`, n, true));
  }
  return out;
}

/** `paths`/`notPaths` with each value compiled once: a uri template (path-template.ts) or Istio's string match. */
function pathField(name: string, values: readonly string[], negated: boolean): FieldMatcher {
  return shared('operation path templates', name, values, negated, () => compilePathField(name, values, negated));
}

function compilePathField(name: string, values: readonly string[], negated: boolean): FieldMatcher {
  const tests = values.map((p) => (isPathTemplate(p) ? templateTest(p) : istioMatcher(p)));
  const templates = values.filter(isPathTemplate);
  // As in compileField: the last answer, by the decision's context.
  let seen: AuthzContext | undefined;
  let held = false;
  const holds = (ctx: AuthzContext): boolean => {
    if (ctx === seen) return held;
    let any = false;
    for (let i = 0; i < tests.length && !any; i++) any = tests[i]!(ctx.path);
    seen = ctx;
    return (held = any !== negated);
  };
  return {
    field: name,
    httpOnly: true,
    holds,
    test: (ctx) => (holds(ctx) ? undefined : { field: name, want: values, got: ctx.path, negated }),
    note:
      templates.length === 0
        ? undefined
        : (ctx) => {
            if (negated) {
              const plural = templates.length > 1 ? 's' : '';
              return `${ctx.path ?? ''} is outside the notPaths template${plural} ${templates.join(', ')}`;
            }
            const hit = values.find((p, i) => tests[i]!(ctx.path));
            return hit !== undefined && isPathTemplate(hit)
              ? `path template ${hit} matches ${ctx.path ?? ''}`
              : undefined;
          },
  };
}

const noNote = (_values: readonly string[]): string => '';
/** explain names the rule that decided by a template, and why it is not one before Istio 1.22. */
const templateNote = (values: readonly string[]): string =>
  values.some(isPathTemplate) ? ' (path template: {*} is one segment, {**} any number)' : '';
const literalNote = (values: readonly string[]): string =>
  values.some(isPathTemplate) ? ' (no path templates before Istio 1.22: {*} is literal text)' : '';

/** One `when` condition of a policy in `policyNamespace`: values ORed, notValues must all miss; both must hold. */
export function conditionMatchers(cond: Record<string, unknown>, policyNamespace = 'default'): FieldMatcher[] {
  const key = String(cond['key'] ?? '');
  const getter = conditionGetter(key, policyNamespace);
  const name = `when ${key}`;
  const out: FieldMatcher[] = [];
  if (!getter) {
    out.push({
      field: name,
      httpOnly: false,
      holds: () => false,
      test: () => ({ field: `${name} (key not supported by the simulator)`, want: [], got: undefined }),
    });
    return out;
  }
  const v = strings(cond['values']);
  const n = strings(cond['notValues']);
  // source.serviceAccount reads the policy's namespace; every other key means the same everywhere.
  const kind = key === 'source.serviceAccount' ? `condition in ${policyNamespace}` : 'condition';
  if (v) out.push(field(kind, name, v, false, getter.httpOnly, getter.get, getter.match));
  if (n) out.push(field(kind, `${name} notValues`, n, true, getter.httpOnly, getter.get, getter.match));
  return out;
}

function conditionGetter(
  key: string,
  policyNamespace: string,
): { get: Getter; match: Matcher; httpOnly: boolean } | undefined {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) {
    const name = header[1]!.toLowerCase();
    return { get: (c) => c.headers?.[name], match: str, httpOnly: true };
  }
  const claim = /^request\.auth\.claims((?:\[[^\]]+\])+)$/.exec(key);
  if (claim) {
    const path = [...claim[1]!.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
    return { get: (c) => claimValues(c.claims, path), match: str, httpOnly: true };
  }
  switch (key) {
    case 'source.ip':
      return { get: (c) => c.sourceIp, match: cidrMatch, httpOnly: false };
    case 'remote.ip':
      return { get: (c) => c.remoteIp, match: cidrMatch, httpOnly: false };
    case 'source.namespace':
      return { get: (c) => c.sourceNamespace, match: str, httpOnly: false };
    case 'source.principal':
      return { get: (c) => c.principal, match: str, httpOnly: false };
    case 'source.serviceAccount':
      return { get: (c) => c.principal, match: serviceAccount(policyNamespace), httpOnly: false };
    case 'request.auth.principal':
      return { get: (c) => c.requestPrincipal, match: str, httpOnly: true };
    case 'request.auth.audiences':
      return { get: (c) => claimValues(c.claims, ['aud']), match: str, httpOnly: true };
    case 'request.auth.presenter':
      return { get: (c) => claimValues(c.claims, ['azp']), match: str, httpOnly: true };
    case 'destination.ip':
      return { get: (c) => c.destinationIp, match: cidrMatch, httpOnly: false };
    case 'destination.port':
      return { get: (c) => String(c.destinationPort), match: exact, httpOnly: false };
    case 'connection.sni':
      return { get: (c) => c.sni, match: str, httpOnly: false };
    default:
      return undefined;
  }
}

function strings(x: unknown): string[] | undefined {
  return Array.isArray(x) && x.length > 0 ? x.map(String) : undefined;
}
