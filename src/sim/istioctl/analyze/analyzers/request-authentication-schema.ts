/**
 * schema.ValidationAnalyzer.RequestAuthentication (pkg/config/analysis/analyzers/schema/validation.go running
 * pkg/config/validation/validation.go ValidateRequestAuthentication and validateJwtRule): IST0106 for a JWT rule
 * without issuer (until 1.26 "issuer must be set"; from 1.27 a jwksUri alone will do), an empty audience, a
 * jwksUri that is not http(s), empty token locations or claim-to-header entries, a wildcard selector; IST0133
 * for a selector without labels. Not modelled: parsing inline `jwks`, header name syntax, timeouts, targetRefs.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { specOf } from '../resource.js';
import { workloadSelectorProblems } from '../selector-validation.js';

interface JwtRule {
  issuer?: string;
  audiences?: string[];
  jwksUri?: string;
  fromHeaders?: ({ name?: string } | null)[];
  fromParams?: string[];
  fromCookies?: string[];
  outputClaimToHeaders?: ({ claim?: string; header?: string } | null)[];
}
interface Policy { selector?: { matchLabels?: Record<string, string> }; jwtRules?: JwtRule[] }

export const requestAuthenticationSchemaAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.RequestAuthentication',
  description: "Runs schema validation as an analyzer on 'RequestAuthentication' resources",
  analyze({ snapshot, report, minor }) {
    for (const r of snapshot.list('RequestAuthentication')) {
      const p = specOf<Policy>(r);
      const selector = workloadSelectorProblems(p.selector);
      const errors = [...selector.errors, ...(p.jwtRules ?? []).flatMap((rule) => jwtRuleErrors(rule ?? {}, minor))];
      for (const e of errors) report(message(MESSAGES.SchemaValidationError, r, e));
      for (const w of selector.warnings) report(message(MESSAGES.SchemaWarning, r, w));
    }
  },
};

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
