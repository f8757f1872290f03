/**
 * RequestAuthentication at a workload's proxy. Istio configures Envoy's jwt_authn with one
 * provider per jwtRule and `allow_missing`: a request without a token passes (no principal), an
 * invalid one is rejected with 401 (audience mismatch: 403) and jwt_verify_lib's text as body.
 * Since Envoy 1.17.1 (Istio 1.9) a token from an unknown issuer is rejected too. Tokens are read
 * only where the rules say (jwt-locations.ts).
 */
import type { HttpRequest, LocalReply, ObjectRef, TraceEntry, Workload } from './model.js';
import type { JwtRule, RequestAuthnSpec } from './request-authn-policy.js';
import { atLeast, type MeshConfig, type Policy } from './config.js';
import { scopedPolicies, type ScopeCache } from './scoped-policies.js';
import { verifyJwt } from './jwt.js';
import { extractTokens, locationsOf, type FoundToken } from './jwt-locations.js';

export interface RequestAuthnOutcome {
  /** Set when the proxy answers itself (401/403). */
  reply?: LocalReply;
  requestPrincipal?: string;
  claims?: Record<string, unknown>;
  headerChanges: Record<string, string | undefined>;
  /** Set when the simulator cannot tell what Envoy does (several different tokens). */
  notSimulated?: string;
}

const cache: ScopeCache<RequestAuthnSpec> = new WeakMap();
/** `; not applied: NS/NAME selects ...` for the policies whose selector misses the workload (F2), keyed by its cached list. */
const missesOf = new WeakMap<Policy<RequestAuthnSpec>[], string>();

/** The RequestAuthentications that apply to `w` (root namespace, then its own). Cached per config. */
export function requestAuthnPolicies(config: MeshConfig, w: Workload): Policy<RequestAuthnSpec>[] {
  return scopedPolicies(cache, config, config.requestAuthn, w, noteMissed);
}

function noteMissed(list: Policy<RequestAuthnSpec>[], missed: string): void {
  missesOf.set(list, `; not applied: ${missed}`);
}

/** The jwtRules of a workload's policies, one list per cached policy list (the token locations cache on it). */
const rulesCache = new WeakMap<Policy<RequestAuthnSpec>[], readonly JwtRule[]>();
function rulesOf(policies: Policy<RequestAuthnSpec>[]): readonly JwtRule[] {
  let rules = rulesCache.get(policies);
  if (!rules) rulesCache.set(policies, (rules = policies.flatMap((p) => p.spec.jwtRules)));
  return rules;
}

/** Where the rules look, for the trace of a request that carries no token. */
function looked(rules: readonly JwtRule[]): string {
  const name = (l: ReturnType<typeof locationsOf>[number]) =>
    l.kind === 'header' ? `header ${l.name}` : `${l.kind === 'param' ? 'query parameter' : 'cookie'} ${l.name}`;
  return locationsOf(rules).map(name).join(', ');
}

/** Several different tokens: which one Envoy's requirement tree trusts is not modelled (the simulator refuses). */
function several(tokens: readonly FoundToken[]): string | undefined {
  if (tokens.every((t) => t.token === tokens[0]!.token)) return undefined;
  const where = tokens.map((t) => t.where).join(', ');
  return (
    `the request carries ${tokens.length} different JWTs (${where}); which of them Envoy's jwt_authn ` +
    'requirements accept and which principal results is not simulated'
  );
}

export function requestAuthn(
  config: MeshConfig,
  w: Workload,
  http: HttpRequest,
  by: LocalReply['by'],
  trace: TraceEntry[],
): RequestAuthnOutcome {
  const policies = requestAuthnPolicies(config, w);
  const refs: ObjectRef[] = policies.map((p) => p.ref);
  if (policies.length === 0) {
    trace.push({
      stage: 'request-authn',
      why: `no RequestAuthentication applies: tokens are not inspected${missesOf.get(policies) ?? ''}`,
    });
    return { headerChanges: {} };
  }
  const rules = rulesOf(policies);
  const names = refs.map((r) => `${r.namespace}/${r.name}`).join(', ');
  const misses = missesOf.get(policies) ?? '';
  const tokens = extractTokens(rules, http);
  const found = tokens[0];
  if (!found) {
    trace.push({
      stage: 'request-authn',
      policy: refs[0],
      why: `${names}: no token at ${looked(rules)}; RequestAuthentication alone lets it through without a request principal${misses}`,
    });
    return { headerChanges: {} };
  }
  const refuse = several(tokens);
  if (refuse) {
    trace.push({ stage: 'request-authn', policy: refs[0], why: `${names}: ${refuse}${misses}` });
    return { headerChanges: {}, notSimulated: refuse };
  }
  // ExtractorImpl's issuer check: only the rules that configured this location may accept the token.
  const allowed = found.issuers.size === rules.length ? rules : rules.filter((r) => found.issuers.has(r.issuer));
  const result = verifyJwt(found.token, allowed, {
    now: config.now,
    longBadFormat: atLeast(config, 1, 7),
    jwksFor: (rule) => rule.jwks ?? (rule.jwksUri ? config.jwksForUri(rule.jwksUri) : undefined),
  });
  if (!result.ok) {
    if (result.message === 'Jwt issuer is not configured' && !atLeast(config, 1, 9)) {
      trace.push({
        stage: 'request-authn',
        policy: refs[0],
        matched: false,
        why: `${names}: token issuer is not configured; before Istio 1.9 Envoy treats it as no token${misses}`,
      });
      return { headerChanges: {} };
    }
    trace.push({
      stage: 'request-authn',
      policy: refs[0],
      matched: false,
      why: `${names}: token from ${found.where} rejected: ${result.message} (${result.status})${misses}`,
    });
    const realm = `http://${http.host}${http.path}`;
    return {
      headerChanges: {},
      reply: {
        kind: 'local-reply',
        status: result.status,
        body: result.message,
        by,
        headers: { 'www-authenticate': `Bearer realm="${realm}", error="invalid_token"`, 'content-type': 'text/plain' },
      },
    };
  }
  const changes: Record<string, string | undefined> = {};
  if (!result.rule.forwardOriginalToken) for (const t of tokens) if (t.header) changes[t.header] = undefined;
  if (result.rule.outputPayloadToHeader) changes[result.rule.outputPayloadToHeader.toLowerCase()] = result.payloadB64;
  // Envoy jwt_authn claim_to_headers: only string, number and boolean claims are copied.
  if (atLeast(config, 1, 16)) {
    for (const { header, claim } of result.rule.outputClaimToHeaders) {
      const v = result.claims[claim];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') changes[header] = String(v);
    }
  }
  trace.push({
    stage: 'request-authn',
    policy: refs[0],
    matched: true,
    why: `${names}: valid token from issuer ${result.issuer} (${found.where}); request principal ${result.principal}${misses}`,
  });
  return { requestPrincipal: result.principal, claims: result.claims, headerChanges: changes };
}
