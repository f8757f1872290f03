/**
 * RequestAuthentication parsed: one JWT provider per `jwtRules` entry, with Istio's defaults
 * (token from `Authorization: Bearer ...` or the `access_token` query parameter; the token
 * header removed before the app unless `forwardOriginalToken`).
 */
import type { K8sObject } from '../types.js';
import { matchLabels } from './policy.js';

export interface JwtRule {
  issuer: string;
  /** Inline JWKS text. */
  jwks?: string;
  jwksUri?: string;
  audiences: readonly string[];
  fromHeaders: readonly { name: string; prefix: string }[];
  fromParams: readonly string[];
  forwardOriginalToken: boolean;
  outputPayloadToHeader?: string;
  /** `outputClaimToHeaders` (Istio 1.16+): copy a claim of a valid token into a request header. */
  outputClaimToHeaders: readonly { header: string; claim: string }[];
}

export interface RequestAuthnSpec {
  jwtRules: readonly JwtRule[];
}

export function parseRequestAuthentication(o: K8sObject): { selector?: Record<string, string>; spec: RequestAuthnSpec } {
  const spec = o.spec ?? {};
  const rules = (Array.isArray(spec['jwtRules']) ? spec['jwtRules'] : []) as Record<string, unknown>[];
  return { selector: matchLabels(spec), spec: { jwtRules: rules.map(parseRule) } };
}

function parseRule(r: Record<string, unknown>): JwtRule {
  const headers = Array.isArray(r['fromHeaders'])
    ? (r['fromHeaders'] as Record<string, unknown>[]).map((h) => ({ name: String(h['name'] ?? '').toLowerCase(), prefix: String(h['prefix'] ?? '') }))
    : [{ name: 'authorization', prefix: 'Bearer ' }];
  const params = Array.isArray(r['fromParams']) ? r['fromParams'].map(String) : ['access_token'];
  return {
    issuer: String(r['issuer'] ?? ''),
    jwks: typeof r['jwks'] === 'string' ? r['jwks'] : undefined,
    jwksUri: typeof r['jwksUri'] === 'string' ? r['jwksUri'] : undefined,
    audiences: Array.isArray(r['audiences']) ? r['audiences'].map(String) : [],
    fromHeaders: headers,
    // Istio only adds the access_token default when neither location is configured.
    fromParams: Array.isArray(r['fromParams']) ? params : Array.isArray(r['fromHeaders']) ? [] : params,
    forwardOriginalToken: r['forwardOriginalToken'] === true,
    outputPayloadToHeader: typeof r['outputPayloadToHeader'] === 'string' ? r['outputPayloadToHeader'] : undefined,
    outputClaimToHeaders: Array.isArray(r['outputClaimToHeaders'])
      ? (r['outputClaimToHeaders'] as Record<string, unknown>[]).map((c) => ({ header: String(c?.['header'] ?? '').toLowerCase(), claim: String(c?.['claim'] ?? '') })).filter((c) => c.header && c.claim)
      : [],
  };
}
