/**
 * RequestAuthentication parsed: one JWT provider per `jwtRules` entry. A rule that names no token
 * location reads `Authorization: Bearer ...` and `?access_token=` (jwt-locations.ts); the token
 * header is removed before the app unless `forwardOriginalToken`.
 */
import type { K8sObject } from '../../kube/object.js';
import { matchLabels } from './policy.js';

export interface JwtRule {
  issuer: string;
  /** Inline JWKS text. */
  jwks?: string;
  jwksUri?: string;
  audiences: readonly string[];
  fromHeaders: readonly { name: string; prefix: string }[];
  fromParams: readonly string[];
  /** `fromCookies` (Istio 1.21+): cookie names to read the token from. */
  fromCookies: readonly string[];
  forwardOriginalToken: boolean;
  outputPayloadToHeader?: string;
  /** `outputClaimToHeaders` (Istio 1.16+): copy a claim of a valid token into a request header. */
  outputClaimToHeaders: readonly { header: string; claim: string }[];
}

export interface RequestAuthnSpec {
  jwtRules: readonly JwtRule[];
}

/** `cookies`: the release passes `fromCookies` to Envoy (Istio 1.21+). */
export function parseRequestAuthentication(
  o: K8sObject,
  cookies = true,
): { selector?: Record<string, string>; spec: RequestAuthnSpec } {
  const spec = o.spec ?? {};
  const rules = (Array.isArray(spec['jwtRules']) ? spec['jwtRules'] : []) as Record<string, unknown>[];
  return { selector: matchLabels(spec), spec: { jwtRules: rules.map((r) => parseRule(r ?? {}, cookies)) } };
}

function parseRule(r: Record<string, unknown>, cookies: boolean): JwtRule {
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  let headers = list(r['fromHeaders']).map((h) => {
    const o = (h ?? {}) as Record<string, unknown>;
    return { name: String(o['name'] ?? '').toLowerCase(), prefix: String(o['prefix'] ?? '') };
  });
  let params = list(r['fromParams']).map(String);
  // fromCookies reaches Envoy from Istio 1.21 (policy_applier.go); before, the field has no effect.
  const fromCookies = cookies ? list(r['fromCookies']).map(String) : [];
  // Envoy's extractor.cc: the defaults apply only when the provider sets no location at all.
  if (headers.length === 0 && params.length === 0 && fromCookies.length === 0) {
    headers = [{ name: 'authorization', prefix: 'Bearer ' }];
    params = ['access_token'];
  }
  return {
    issuer: String(r['issuer'] ?? ''),
    jwks: typeof r['jwks'] === 'string' ? r['jwks'] : undefined,
    jwksUri: typeof r['jwksUri'] === 'string' ? r['jwksUri'] : undefined,
    audiences: Array.isArray(r['audiences']) ? r['audiences'].map(String) : [],
    fromHeaders: headers,
    fromParams: params,
    fromCookies,
    forwardOriginalToken: r['forwardOriginalToken'] === true,
    outputPayloadToHeader: typeof r['outputPayloadToHeader'] === 'string' ? r['outputPayloadToHeader'] : undefined,
    outputClaimToHeaders: Array.isArray(r['outputClaimToHeaders'])
      ? (r['outputClaimToHeaders'] as Record<string, unknown>[])
          .map((c) => ({ header: String(c?.['header'] ?? '').toLowerCase(), claim: String(c?.['claim'] ?? '') }))
          .filter((c) => c.header && c.claim)
      : [],
  };
}
