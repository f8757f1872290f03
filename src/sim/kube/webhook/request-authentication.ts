/**
 * ValidateRequestAuthentication and validateJwtRule (pkg/config/validation/validation.go, 1.22.0-1.31.0-rc.0):
 * a JWT rule without issuer (until 1.26 "issuer must be set"; from 1.27 a jwksUri alone will do), an empty
 * audience, a jwksUri that is not http(s), empty token locations or claim-to-header entries, a wildcard
 * selector; the warning for a selector without labels, and from 1.31 for private key material in inline
 * `jwks`. Not modelled: parsing inline `jwks`, header name syntax, timeouts, targetRefs.
 */
import { workloadSelectorProblems } from './workload-selector.js';

interface JwtRule {
  issuer?: string;
  audiences?: string[];
  jwks?: string;
  jwksUri?: string;
  fromHeaders?: ({ name?: string } | null)[];
  fromParams?: string[];
  fromCookies?: string[];
  outputClaimToHeaders?: ({ claim?: string; header?: string } | null)[];
}
export interface RequestAuthenticationSpec {
  selector?: { matchLabels?: Record<string, string> };
  jwtRules?: (JwtRule | null)[];
}

export function validateRequestAuthentication(p: Partial<RequestAuthenticationSpec>, minor: number) {
  const selector = workloadSelectorProblems(p.selector);
  const errors = [...selector.errors];
  const warnings = [...selector.warnings];
  for (const rule of p.jwtRules ?? []) {
    errors.push(...jwtRuleErrors(rule ?? {}, minor));
    if (minor >= 31) warnings.push(...privateKeyWarnings(rule?.jwks));
  }
  return { errors, warnings };
}

function jwtRuleErrors(rule: JwtRule, minor: number): string[] {
  const errors: string[] = [];
  if (minor < 27 && !rule.issuer) errors.push('issuer must be set');
  for (const a of rule.audiences ?? []) if (a === '') errors.push('audience must be non-empty string');
  if (minor >= 27 && !rule.issuer && !rule.jwksUri) errors.push('issuer or jwksUri must be non-empty string');
  if (rule.jwksUri) {
    // url.Parse takes a leading "scheme:" as the scheme, lower-cased; anything else has none.
    const scheme = (/^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rule.jwksUri)?.[1] ?? '').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') errors.push(`URI scheme ${JSON.stringify(scheme)} is not supported`);
  }
  for (const h of rule.fromHeaders ?? []) {
    if (!h) errors.push('location header name must be non-null');
    else if (!h.name) errors.push('location header name must be non-empty string');
  }
  for (const q of rule.fromParams ?? []) if (q === '') errors.push('location query must be non-empty string');
  for (const c of rule.fromCookies ?? []) if (c === '') errors.push('cookie name must be non-empty string');
  for (const o of rule.outputClaimToHeaders ?? []) {
    if (!o) errors.push('outputClaimToHeaders must not be null');
    else if (!o.claim || !o.header) errors.push('outputClaimToHeaders header and claim value must be non-empty string');
  }
  return errors;
}

/** warnPrivateJwksKeys: a key with private parts (`d`, or a symmetric `oct` key) is reported by index. */
function privateKeyWarnings(jwks: string | undefined): string[] {
  if (!jwks) return [];
  let keys: unknown;
  try {
    keys = (JSON.parse(jwks) as { keys?: unknown }).keys;
  } catch {
    return [];
  }
  if (!Array.isArray(keys)) return [];
  return keys.flatMap((k: Record<string, unknown>, i) =>
    k && (k['d'] !== undefined || k['kty'] === 'oct')
      ? [`jwks key at index ${i} contains private key material; only public keys are used for verification`]
      : [],
  );
}
