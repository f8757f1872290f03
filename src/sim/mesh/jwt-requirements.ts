/**
 * The JWT requirement istiod gives Envoy for a workload's jwtRules (convertToEnvoyJwtConfig in
 * pilot/pkg/security/authn/policy_applier.go), walked as Envoy's jwt_authn does
 * (source/extensions/filters/http/jwt_authn/verifier.cc and authenticator.cc):
 *
 * - one rule: `requires_any {P0, allow_missing}`;
 * - several: `requires_any {P0, P1, …, requires_all {any{P0, allow_missing}, any{P1, allow_missing}, …}}`.
 *
 * A provider reads only its own rule's locations and verifies every token found there, the last one
 * first, stopping at the first failure ("if a request has multiple tokens, all of them must be
 * valid"). `requires_any` stops at the first child that succeeds; when none does it reports the most
 * telling failure: any error other than "missing" or "unknown issuer" (the last such), else "unknown
 * issuer", else "missing". Each verified token overwrites the payload the filter hands on, so the
 * request principal is that of the last good token the walk verified.
 */
import type { FoundToken } from './jwt-locations.js';
import { extractTokens } from './jwt-locations.js';
import type { JwtResult } from './jwt.js';
import type { HttpRequest } from './model.js';
import type { JwtRule } from './request-authn-policy.js';

export type GoodToken = { found: FoundToken; result: Extract<JwtResult, { ok: true }> };
type Failure = { kind: 'failed'; found: FoundToken; result: Extract<JwtResult, { ok: false }>; unknownIssuer: boolean };
type Status = { kind: 'ok' } | { kind: 'missing' } | Failure;

export type RequirementOutcome =
  /** Passed; `good` lists every token verified on the way, in order (the last one is the principal's). */
  | { kind: 'passed'; good: GoodToken[] }
  /** No token where any rule looks (or only ones this release ignores). */
  | { kind: 'missing' }
  | Failure;

export interface RequirementOptions {
  verify: (token: string, rules: readonly JwtRule[]) => JwtResult;
  /** Before Envoy 1.17.1 (Istio 1.9) a token from an issuer no rule names counts as no token. */
  unknownIssuerIsMissing: boolean;
}

const UNKNOWN_ISSUER = 'Jwt issuer is not configured';
const alone = new WeakMap<JwtRule, readonly JwtRule[]>();
/** One stable list per rule, so the locations cache (keyed by list) holds across requests. */
function only(rule: JwtRule): readonly JwtRule[] {
  let list = alone.get(rule);
  if (!list) alone.set(rule, (list = [rule]));
  return list;
}

function provider(rule: JwtRule, http: HttpRequest, o: RequirementOptions, good: GoodToken[]): Status {
  const tokens = extractTokens(only(rule), http);
  let verified = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const found = tokens[i]!;
    const result = o.verify(found.token, only(rule));
    if (!result.ok) {
      const unknownIssuer = result.message === UNKNOWN_ISSUER;
      if (unknownIssuer && o.unknownIssuerIsMissing) continue;
      return { kind: 'failed', found, result, unknownIssuer };
    }
    good.push({ found, result });
    verified++;
  }
  return verified ? { kind: 'ok' } : { kind: 'missing' };
}

/** AnyVerifierImpl::onComplete's choice among failed children. */
function mostTelling(statuses: readonly Status[]): Status {
  let final: Status = { kind: 'missing' };
  for (const s of statuses) {
    const telling = s.kind === 'failed' && !s.unknownIssuer;
    if (telling || final.kind === 'missing') final = s;
  }
  return final;
}

export function evaluateRequirement(
  rules: readonly JwtRule[],
  http: HttpRequest,
  o: RequirementOptions,
): RequirementOutcome {
  const good: GoodToken[] = [];
  const statuses: Status[] = [];
  for (const rule of rules) {
    const s = provider(rule, http, o, good);
    if (s.kind === 'ok') return { kind: 'passed', good };
    statuses.push(s);
  }
  if (rules.length > 1) {
    // requires_all of {Pi or allow_missing}: stops at the first provider that fails outright.
    let all: Status = { kind: 'ok' };
    for (const rule of rules) {
      const s = provider(rule, http, o, good);
      if (s.kind === 'failed') {
        all = s;
        break;
      }
    }
    if (all.kind === 'ok') return good.length ? { kind: 'passed', good } : { kind: 'missing' };
    statuses.push(all);
  }
  const final = mostTelling(statuses);
  return final.kind === 'ok' ? { kind: 'passed', good } : final;
}
