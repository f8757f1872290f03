/**
 * RequestAuthentication at a workload's proxy. Istio configures Envoy's jwt_authn with one
 * provider per jwtRule and `allow_missing`: a request without a token passes (no principal), an
 * invalid one is rejected with 401 (audience mismatch: 403) and jwt_verify_lib's text as body.
 * Since Envoy 1.17.1 (Istio 1.9) a token from an unknown issuer is rejected too. Tokens are read
 * only where the rules say (jwt-locations.ts).
 */
import type { HttpRequest, LocalReply, TraceEntry, Workload } from './model.js';
import type { JwtRule, RequestAuthnSpec } from './request-authn-policy.js';
import { atLeast, type MeshConfig, type Policy } from './config.js';
import { scopedPolicies, type ScopeCache } from './scoped-policies.js';
import { verifyJwt, type JwtOptions } from './jwt.js';
import { extractTokens, locationsOf } from './jwt-locations.js';
import { evaluateRequirement, type RequirementOptions } from './jwt-requirements.js';

export interface RequestAuthnOutcome {
  /** Set when the proxy answers itself (401/403). */
  reply?: LocalReply;
  requestPrincipal?: string;
  claims?: Record<string, unknown>;
  headerChanges: Record<string, string | undefined>;
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

/** How this release's jwt_authn verifies, one options object per config. */
const optionsOf = new WeakMap<MeshConfig, RequirementOptions>();
function requirementOptions(config: MeshConfig): RequirementOptions {
  let o = optionsOf.get(config);
  if (!o) {
    const jwt: JwtOptions = {
      now: config.now,
      longBadFormat: atLeast(config, 1, 7),
      jwksFor: (rule) => rule.jwks ?? (rule.jwksUri ? config.jwksForUri(rule.jwksUri) : undefined),
    };
    o = { unknownIssuerIsMissing: !atLeast(config, 1, 9), verify: (token, allowed) => verifyJwt(token, allowed, jwt) };
    optionsOf.set(config, o);
  }
  return o;
}

export function requestAuthn(
  config: MeshConfig,
  w: Workload,
  http: HttpRequest,
  by: LocalReply['by'],
  trace: TraceEntry[] | undefined,
): RequestAuthnOutcome {
  const policies = requestAuthnPolicies(config, w);
  if (policies.length === 0) {
    trace?.push({
      stage: 'request-authn',
      why: `no RequestAuthentication applies: tokens are not inspected${missesOf.get(policies) ?? ''}`,
    });
    return { headerChanges: {} };
  }
  const rules = rulesOf(policies);
  // The trace's text, built only when there is a trace.
  const ref = policies[0]!.ref;
  const names = trace ? policies.map((p) => `${p.ref.namespace}/${p.ref.name}`).join(', ') : '';
  const misses = missesOf.get(policies) ?? '';
  const tokens = extractTokens(rules, http);
  if (tokens.length === 0) {
    trace?.push({
      stage: 'request-authn',
      policy: ref,
      why: `${names}: no token at ${looked(rules)}; RequestAuthentication alone lets it through without a request principal${misses}`,
    });
    return { headerChanges: {} };
  }
  const outcome = evaluateRequirement(rules, http, requirementOptions(config));
  const count =
    trace && tokens.length > 1 ? `${tokens.length} tokens (${tokens.map((t) => t.where).join(', ')}); ` : '';
  if (outcome.kind === 'missing') {
    trace?.push({
      stage: 'request-authn',
      policy: ref,
      matched: false,
      why: `${names}: ${count}token issuer is not configured; before Istio 1.9 Envoy treats it as no token${misses}`,
    });
    return { headerChanges: {} };
  }
  if (outcome.kind === 'failed') {
    const { found: bad, result: failure } = outcome;
    trace?.push({
      stage: 'request-authn',
      policy: ref,
      matched: false,
      why: `${names}: ${count}token from ${bad.where} rejected: ${failure.message} (${failure.status})${misses}`,
    });
    const realm = `http://${http.host}${http.path}`;
    return {
      headerChanges: {},
      reply: {
        kind: 'local-reply',
        status: failure.status,
        body: failure.message,
        by,
        headers: { 'www-authenticate': `Bearer realm="${realm}", error="invalid_token"`, 'content-type': 'text/plain' },
      },
    };
  }
  const { found, result } = outcome.good[outcome.good.length - 1]!;
  const changes: Record<string, string | undefined> = {};
  // handleGoodJwt runs for every token verified: it removes the token's header unless forwarded,
  // and writes the payload and claim headers.
  for (const good of outcome.good) {
    const rule = good.result.rule;
    if (!rule.forwardOriginalToken && good.found.header) changes[good.found.header] = undefined;
    if (rule.outputPayloadToHeader) changes[rule.outputPayloadToHeader.toLowerCase()] = good.result.payloadB64;
    // Envoy jwt_authn claim_to_headers: only string, number and boolean claims are copied.
    if (!atLeast(config, 1, 16)) continue;
    for (const { header, claim } of rule.outputClaimToHeaders) {
      const v = good.result.claims[claim];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') changes[header] = String(v);
    }
  }
  trace?.push({
    stage: 'request-authn',
    policy: ref,
    matched: true,
    why: `${names}: ${count}valid token from issuer ${result.issuer} (${found.where}); request principal ${result.principal}${misses}`,
  });
  return { requestPrincipal: result.principal, claims: result.claims, headerChanges: changes };
}
