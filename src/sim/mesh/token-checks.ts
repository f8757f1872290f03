/**
 * Which claims of a token the mesh's policies look at, and whether the token has what they want:
 * a RequestAuthentication rule's `issuer` and `audiences`; an AuthorizationPolicy's
 * `requestPrincipals` (`iss/sub`) and its `when` conditions on `request.auth.*`; and, as every
 * RequestAuthentication does, `exp` and `nbf` (with Envoy's 60 s of clock skew). Only the claims
 * are compared: whether the signature is trusted (the JWKS) is not decided here.
 */
import type { K8sObject } from '../../kube/object.js';
import { claimValues } from './authz-context.js';
import { parseRequestAuthentication } from './request-authn-policy.js';
import { istioMatch } from './string-match.js';

export interface TokenCheck {
  /** The policy, e.g. `RequestAuthentication jwt/require-jwt`. */
  policy: string;
  /** Where in it, e.g. `jwtRules[0] issuer`, `rules[1] when request.auth.claims[groups]`. */
  field: string;
  /** The values the policy names. */
  want: readonly string[];
  /** What the token has for it; undefined when it lacks the claim. */
  got?: readonly string[];
  /** The token satisfies this field (for a `not…` field: none of the values match). */
  holds: boolean;
}

const CLOCK_SKEW_MS = 60_000;

/** `now`: ms since the epoch, for `exp` and `nbf`. */
export function tokenChecks(
  claims: Readonly<Record<string, unknown>>,
  requestAuthentications: readonly K8sObject[],
  authorizationPolicies: readonly K8sObject[],
  now: number,
): TokenCheck[] {
  const out: TokenCheck[] = [];
  const principal = requestPrincipal(claims);
  for (const o of requestAuthentications) {
    const policy = `RequestAuthentication ${name(o)}`;
    const { exp, nbf } = claims;
    if (typeof exp === 'number')
      out.push({
        policy,
        field: 'exp',
        want: ['a time to come'],
        got: [iso(exp)],
        holds: now < exp * 1000 + CLOCK_SKEW_MS,
      });
    if (typeof nbf === 'number')
      out.push({
        policy,
        field: 'nbf',
        want: ['a time gone by'],
        got: [iso(nbf)],
        holds: now >= nbf * 1000 - CLOCK_SKEW_MS,
      });
    parseRequestAuthentication(o).spec.jwtRules.forEach((rule, i) => {
      const iss = claimValues(claims, ['iss']);
      out.push(check(policy, `jwtRules[${i}] issuer`, [rule.issuer], iss, false, exact));
      // No audiences: any audience (or none) is accepted.
      if (rule.audiences.length > 0)
        out.push(check(policy, `jwtRules[${i}] audiences`, rule.audiences, claimValues(claims, ['aud']), false, exact));
    });
  }
  for (const o of authorizationPolicies) {
    const policy = `AuthorizationPolicy ${name(o)} (${String(o.spec?.['action'] ?? 'ALLOW')})`;
    const rules = Array.isArray(o.spec?.['rules']) ? (o.spec['rules'] as Record<string, unknown>[]) : [];
    rules.forEach((rule, r) => {
      const from = Array.isArray(rule?.['from']) ? (rule['from'] as Record<string, unknown>[]) : [];
      from.forEach((f, s) => {
        const source = (f?.['source'] ?? {}) as Record<string, unknown>;
        for (const key of ['requestPrincipals', 'notRequestPrincipals']) {
          const want = strings(source[key]);
          if (want) out.push(check(policy, `rules[${r}] from[${s}] ${key}`, want, principal, key.startsWith('not')));
        }
      });
      const when = Array.isArray(rule?.['when']) ? (rule['when'] as Record<string, unknown>[]) : [];
      for (const cond of when) {
        const key = String(cond?.['key'] ?? '');
        const got = authValues(claims, key);
        if (got === false) continue;
        const values = strings(cond['values']);
        const notValues = strings(cond['notValues']);
        if (values) out.push(check(policy, `rules[${r}] when ${key}`, values, got, false));
        if (notValues) out.push(check(policy, `rules[${r}] when ${key} notValues`, notValues, got, true));
      }
    });
  }
  return out;
}

/** `iss/sub`, as Istio's request principal; undefined without both. */
function requestPrincipal(claims: Readonly<Record<string, unknown>>): string[] | undefined {
  const iss = claims['iss'];
  const sub = claims['sub'];
  return typeof iss === 'string' && typeof sub === 'string' ? [`${iss}/${sub}`] : undefined;
}

/** The token's values for a `when` key about it; false for keys about something else. */
function authValues(claims: Readonly<Record<string, unknown>>, key: string): string[] | undefined | false {
  const claim = /^request\.auth\.claims((?:\[[^\]]+\])+)$/.exec(key);
  if (claim)
    return claimValues(
      claims,
      [...(claim[1] ?? '').matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? ''),
    );
  if (key === 'request.auth.principal') return requestPrincipal(claims);
  if (key === 'request.auth.audiences') return claimValues(claims, ['aud']);
  if (key === 'request.auth.presenter') return claimValues(claims, ['azp']);
  return false;
}

type Matcher = (pattern: string, value: string) => boolean;
const exact: Matcher = (p, v) => p === v;

function check(
  policy: string,
  field: string,
  want: readonly string[],
  got: readonly string[] | undefined,
  negated: boolean,
  match: Matcher = istioMatch,
): TokenCheck {
  const any = (got ?? []).some((v) => want.some((p) => match(p, v)));
  return { policy, field, want, ...(got !== undefined ? { got } : {}), holds: any !== negated };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function name(o: K8sObject): string {
  return `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
}

function strings(x: unknown): string[] | undefined {
  return Array.isArray(x) && x.length > 0 ? x.map(String) : undefined;
}
