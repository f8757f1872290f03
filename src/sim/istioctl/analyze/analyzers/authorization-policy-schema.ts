/**
 * schema.ValidationAnalyzer.AuthorizationPolicy (pkg/config/analysis/analyzers/schema/validation.go running
 * pkg/config/validation/validation.go ValidateAuthorizationPolicy): each validation error as IST0106,
 * prefixed "invalid policy NAME.NAMESPACE:", each warning as IST0133. The rules are istiod's webhook's
 * (kube/webhook/authorization-policy.ts).
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { specOf } from '../resource.js';
import {
  validateAuthorizationPolicy,
  type AuthorizationPolicySpec,
} from '../../../kube/webhook/authorization-policy.js';

export const authorizationPolicySchemaAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.AuthorizationPolicy',
  description: "Runs schema validation as an analyzer on 'AuthorizationPolicy' resources",
  analyze({ snapshot, report, minor }) {
    for (const r of snapshot.list('AuthorizationPolicy')) {
      const { errors, warnings } = validateAuthorizationPolicy(specOf<AuthorizationPolicySpec>(r), minor);
      const prefix = `invalid policy ${r.obj.metadata.name}.${r.obj.metadata.namespace ?? ''}:`;
      for (const e of errors) report(message(MESSAGES.SchemaValidationError, r, `${prefix} ${e}`));
      for (const w of warnings) report(message(MESSAGES.SchemaWarning, r, w));
    }
  },
};
