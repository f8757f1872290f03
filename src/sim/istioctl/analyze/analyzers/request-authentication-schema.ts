/**
 * schema.ValidationAnalyzer.RequestAuthentication (pkg/config/analysis/analyzers/schema/validation.go running
 * pkg/config/validation/validation.go ValidateRequestAuthentication): IST0106 per error, IST0133 per warning,
 * with istiod's webhook's rules (kube/webhook/request-authentication.ts).
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { specOf } from '../resource.js';
import {
  validateRequestAuthentication,
  type RequestAuthenticationSpec,
} from '../../../kube/webhook/request-authentication.js';

export const requestAuthenticationSchemaAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.RequestAuthentication',
  description: "Runs schema validation as an analyzer on 'RequestAuthentication' resources",
  analyze({ snapshot, report, minor }) {
    for (const r of snapshot.list('RequestAuthentication')) {
      const { errors, warnings } = validateRequestAuthentication(specOf<RequestAuthenticationSpec>(r), minor);
      for (const e of errors) report(message(MESSAGES.SchemaValidationError, r, e));
      for (const w of warnings) report(message(MESSAGES.SchemaWarning, r, w));
    }
  },
};
