/**
 * schema.ValidationAnalyzer.PeerAuthentication (pkg/config/analysis/analyzers/schema/validation.go running
 * pkg/config/validation/validation.go ValidatePeerAuthentication): IST0106 per error, IST0133 per warning,
 * with istiod's webhook's rules (kube/webhook/peer-authentication.ts). The CRD's own rule rejects port-level
 * mTLS without a selector at `kubectl apply`, so that one shows for files.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { specOf } from '../resource.js';
import { validatePeerAuthentication, type PeerAuthenticationSpec } from '../../../kube/webhook/peer-authentication.js';

export const peerAuthenticationSchemaAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.PeerAuthentication',
  description: "Runs schema validation as an analyzer on 'PeerAuthentication' resources",
  analyze({ snapshot, report, minor }) {
    for (const r of snapshot.list('PeerAuthentication')) {
      const { errors, warnings } = validatePeerAuthentication(specOf<PeerAuthenticationSpec>(r), minor);
      for (const e of errors) report(message(MESSAGES.SchemaValidationError, r, e));
      for (const w of warnings) report(message(MESSAGES.SchemaWarning, r, w));
    }
  },
};
